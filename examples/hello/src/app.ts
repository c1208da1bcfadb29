import { defineHandler, forEachMessage, HttpError, json, type Message } from "@fnport/core";
// zod/mini: the same zod 4 schemas, tree-shakable, without the ~90 KB (gzip) of locales the full API bundles.
import * as z from "zod/mini";

const HelloSchema = z.object({
  name: z._default(z.string({ error: "name must be a string" }).check(z.minLength(1, "name must not be empty")), "world"),
});

/** `POST /hello` with `{"name": "..."}` answers `{"message": "hello, <name>"}`; a message `{"name": "..."}` is greeted in the log. */
export default defineHandler({
  init: () => ({ greeting: "hello" }),
  async handle(event, ctx) {
    if (event.kind === "messages") {
      const greet = async (message: Message) => ctx.log.info(`${ctx.deps.greeting}, ${(await message.json(HelloSchema)).name}`);
      // A message that fails is logged with the request id and delivered again; the others are done.
      return forEachMessage(event, greet, {
        onError: (error, message) => ctx.log.warn("message failed", { messageId: message.id, error }),
      });
    }
    if (event.kind !== "http") throw new Error(`hello handles http requests and messages, got a ${event.kind} event`);
    if (event.path !== "/hello") throw new HttpError(404, `No route for ${event.path}`);
    if (event.method !== "POST") throw new HttpError(405, "Use POST", { headers: { allow: "POST" } });
    const { name } = await event.json(HelloSchema);
    return json({ message: `${ctx.deps.greeting}, ${name}` });
  },
});
