// Runs under valgrind (see lambda-instructions.ts): imports a bundled Lambda entry and calls its handler N times with the bench event.
import { helloEvent, lambdaContext, sqsBatchEvent } from "../aws-lambda/events.ts";

type Handler = (event: unknown, context: unknown) => unknown;
const [file, kind, calls] = process.argv.slice(2) as [string, "http" | "sqs", string];
const { handler } = (await import(file)) as { handler: Handler };
const event = JSON.parse(JSON.stringify(kind === "http" ? helloEvent : sqsBatchEvent));
const context = lambdaContext("instructions");
for (let i = 0; i < Number(calls); i++) {
  const out = handler(event, context);
  if (out instanceof Promise) await out;
}
