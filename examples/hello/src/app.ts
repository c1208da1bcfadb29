import { defineHandler, HttpError, json } from "@fnport/core";
// zod/mini: the same zod 4 schemas, tree-shakable, without the ~90 KB (gzip) of locales the full API bundles.
import * as z from "zod/mini";

const HelloSchema = z.object({
  name: z._default(z.string({ error: "name must be a string" }).check(z.minLength(1, "name must not be empty")), "world"),
});

/** `POST /hello` with `{"name": "..."}` answers `{"message": "hello, <name>"}`. */
export default defineHandler({
  init: () => ({ greeting: "hello" }),
  async handle(event, ctx) {
    if (event.kind !== "http") throw new Error(`hello handles http events only, got a ${event.kind} event`);
    if (event.path !== "/hello") throw new HttpError(404, `No route for ${event.path}`);
    if (event.method !== "POST") throw new HttpError(405, "Use POST", { headers: { allow: "POST" } });
    const { name } = await event.json(HelloSchema);
    return json({ message: `${ctx.deps.greeting}, ${name}` });
  },
});
