// Routing a request among 50 routes, each router beside Hono's in the same process, same run.
import { fileURLToPath } from "node:url";
import { bundle } from "../bundle.ts";
import { runNode } from "../child.ts";
import { type BenchResult, pairedResult } from "../results.ts";
import { type RunOptions, type Subject, type Suite, subject } from "../suite.ts";

const here = import.meta.url;
const PROVIDER = "routing";

/** Hono's router first (the baseline). Adding a router: a module in `subjects/` exporting a `CreateMatcher`, and a line here. */
export const routingSubjects: Subject[] = [
  subject("hono", "Hono 4 (`SmartRouter`)", "./subjects/hono.ts", here),
  subject("fnport", "fnport `createRouter()`", "./subjects/fnport.ts", here),
];

function routingSuite(subjects: Subject[]): Suite {
  const bundleAll = () => Promise.all(subjects.map((s) => bundle(s.entry, `routing-${s.id}`, { platform: "node", conditions: ["node"] })));
  const child = () => bundle(new URL("./_child.ts", here), "routing_child", { platform: "node", conditions: ["node"] });
  const measure = async (quick: boolean, log: (line: string) => void, rounds: number): Promise<BenchResult[]> => {
    const files = (await bundleAll()).map((b) => fileURLToPath(b.file));
    const runner = fileURLToPath((await child()).file);
    const [baseline, ...others] = files as [string, ...string[]];
    const results: BenchResult[] = [];
    // The baseline against itself too: its row, and a check that the method finds no difference where there is none.
    for (const [i, file] of [baseline, ...others].entries()) {
      const s = subjects[i] as Subject;
      const job = { subject: file, baseline, rounds, warmUpMs: quick ? 50 : 150 };
      const samples = JSON.parse(await runNode([runner, JSON.stringify(job)], 120_000)) as { subject: number[]; baseline: number[] };
      const row = pairedResult({ provider: PROVIDER, subject: s.id, metric: "http.match", unit: "ns/op" }, samples, 0);
      results.push(row);
      log(`routing ${s.id}: ${row.value} ns per request, ${row.ratio}× Hono`);
    }
    return results;
  };
  return {
    name: `${PROVIDER}.http`,
    title: "Routing a request among 50 routes",
    subjects,
    run: ({ quick, log }: RunOptions) => measure(quick, log, quick ? 5 : 21),
    async smoke() {
      await measure(true, () => {}, 1);
    },
  };
}

export const routing: Suite = routingSuite(routingSubjects);
