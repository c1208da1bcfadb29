// fnport's Cloud Run hello with `timeoutMs: Infinity`: no deadline to enforce (what the deadline machinery costs).
import { cloudRun } from "@fnport/cloud-run";
import { defineHandler, HttpError, json } from "@fnport/core";

const app = defineHandler(async (event) => {
  if (event.kind !== "http" || event.path !== "/hello" || event.method !== "POST") throw new HttpError(404, "No route");
  const { name } = (await event.json()) as { name: string };
  return json({ message: `hello, ${name}` });
});

await cloudRun(app, { port: Number(process.env.PORT), host: process.env.HOST, timeoutMs: Number.POSITIVE_INFINITY, handleSignals: false });
