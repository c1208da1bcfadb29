// Runs in a fresh node process: builds both routers from their bundles, checks every case, then
// prints warm ns per routed request (the ten cases in a row) as one JSON line.
import { deepStrictEqual } from "node:assert/strict";
import { warmPair } from "../warm.ts";
import { CASES, type CreateMatcher, ROUTES } from "./routes.ts";

const job = JSON.parse(process.argv[2] as string) as { subject: string; baseline: string; rounds: number; warmUpMs: number };

async function prepare(file: string) {
  const createMatcher = ((await import(file)) as { default: CreateMatcher }).default;
  const match = createMatcher(ROUTES);
  for (const c of CASES) {
    const found = match(c.method, c.path);
    deepStrictEqual(
      found && { route: found.route, params: { ...found.params } },
      c.route === undefined ? undefined : { route: c.route, params: c.params },
      `${file}: ${c.method} ${c.path}`,
    );
  }
  let sink = 0;
  return () => {
    for (const c of CASES) if (match(c.method, c.path)) sink++;
    return sink;
  };
}

const subject = await prepare(job.subject);
const baseline = await prepare(job.baseline);
const samples = await warmPair(subject, baseline, { rounds: job.rounds, roundMs: 20, warmUpMs: job.warmUpMs });
const perMatch = (ns: number[]) => ns.map((n) => n / CASES.length);
process.stdout.write(`${JSON.stringify({ subject: perMatch(samples.subject), baseline: perMatch(samples.baseline) })}\n`);
