// Runs in a fresh node process: imports a subject's bundle and the raw baseline's, checks both
// answer correctly, then prints their warm ns/op rounds as one JSON line.
import { warmPair } from "../warm.ts";
import { checkHelloResult, checkSqsResult } from "./check.ts";
import { helloEvent, lambdaContext, sqsBatchEvent } from "./events.ts";

type Handler = (event: unknown, context: unknown) => unknown;
interface Job {
  kind: "http" | "sqs";
  subject: string;
  baseline: string;
  rounds: number;
  roundMs: number;
  warmUpMs: number;
}

const job = JSON.parse(process.argv[2] as string) as Job;
const check = job.kind === "http" ? checkHelloResult : checkSqsResult;
const eventJson = JSON.stringify(job.kind === "http" ? helloEvent : sqsBatchEvent);

async function prepare(file: string) {
  const { handler } = (await import(file)) as { handler: Handler };
  // Each handler gets its own copy of the event (some peers write into it), reused like the meter does.
  const event = JSON.parse(eventJson);
  const context = lambdaContext("bench-warm");
  check(file, await handler(JSON.parse(eventJson), lambdaContext("bench-check")));
  return () => handler(event, context);
}

const subject = await prepare(job.subject);
const baseline = await prepare(job.baseline);
const samples = await warmPair(subject, baseline, job);
process.stdout.write(`${JSON.stringify(samples)}\n`);
