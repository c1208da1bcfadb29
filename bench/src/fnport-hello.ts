// The fnport hello that every provider's fnport subject deploys: the same app, one entry per provider.
import { defineHandler, HttpError, json } from "@fnport/core";

export default defineHandler(async (event) => {
  if (event.kind !== "http") throw new Error(`hello handles http events only, got a ${event.kind} event`);
  if (event.path !== "/hello") throw new HttpError(404, `No route for ${event.path}`);
  if (event.method !== "POST") throw new HttpError(405, "Use POST");
  const { name } = (await event.json()) as { name: string };
  return json({ message: `hello, ${name}` });
});
