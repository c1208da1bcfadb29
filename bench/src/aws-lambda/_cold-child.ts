// Runs in a fresh node process, as Lambda's runtime would: imports the bundle, answers one
// invocation and prints its result as one JSON line. Bundled on its own so it costs every subject the same.
import { helloEvent, lambdaContext, sqsBatchEvent } from "./events.ts";

const [file, kind] = process.argv.slice(2) as [string, "http" | "sqs"];
const { handler } = (await import(file)) as { handler: (event: unknown, context: unknown) => unknown };
const result = await handler(kind === "http" ? helloEvent : sqsBatchEvent, lambdaContext("bench-cold"));
process.stdout.write(`${JSON.stringify(result)}\n`);
// Stay up until killed, so the bench can read this process's CPU time after the answer.
setInterval(() => {}, 60_000);
