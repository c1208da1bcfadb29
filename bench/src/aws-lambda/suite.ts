// Lambda: an HTTP API v2 hello (warm, cold process, bundle) and an SQS batch of 10 with one failure
// (warm), each subject beside the raw hand-written handler measured in the same run.
import { fileURLToPath } from "node:url";
import { type BundleSize, bundle } from "../bundle.ts";
import { runNode, timeToFirstLine } from "../child.ts";
import { type BenchResult, pairedResult, singleResult } from "../results.ts";
import { rotate } from "../stats.ts";
import { type RunOptions, type Subject, type Suite, subject } from "../suite.ts";
import { checkHelloResult, checkSqsResult } from "./check.ts";
import { helloEvent, lambdaContext, sqsBatchEvent } from "./events.ts";

const here = import.meta.url;

/** The HTTP subjects, raw first. Adding a peer: a handler module in `http/` and a line here. */
export const httpSubjects: Subject[] = [
  subject("raw", "raw", "./http/raw.ts", here),
  subject("fnport", "fnport", "./http/fnport.ts", here),
  subject("middy", "middy 7", "./http/middy.ts", here),
  subject("serverless-http", "serverless-http 4 (bare)", "./http/serverless-http.ts", here),
  subject("hono", "Hono 4", "./http/hono.ts", here),
  subject("serverless-express", "serverless-express 4 + express 5", "./http/serverless-express.ts", here),
];

/** The SQS subjects, raw first. */
export const sqsSubjects: Subject[] = [
  subject("raw", "raw", "./sqs/raw.ts", here),
  subject("fnport-quiet", "fnport `forEachMessage`, quiet", "./sqs/fnport-quiet.ts", here),
  subject("fnport", "fnport `forEachMessage`, default (logs the failure)", "./sqs/fnport.ts", here),
  subject("middy", "middy 7 + sqs-partial-batch-failure, logger off", "./sqs/middy.ts", here),
  subject("powertools", "Powertools `BatchProcessor`", "./sqs/powertools.ts", here),
];

const PROVIDER = "aws-lambda";
type Kind = "http" | "sqs";

async function bundleAll(kind: Kind, subjects: Subject[]): Promise<Map<string, { file: URL; size: BundleSize }>> {
  const built = await Promise.all(
    subjects.map((s) => bundle(s.entry, `lambda-${kind}-${s.id}`, { platform: "node", conditions: ["node"] })),
  );
  return new Map(subjects.map((s, i) => [s.id, built[i] as { file: URL; size: BundleSize }]));
}

const childBundle = (name: "_warm-child" | "_cold-child") =>
  bundle(new URL(`./${name}.ts`, here), `lambda${name}`, { platform: "node", conditions: ["node"] });

/** A Lambda suite over any subjects (the first is the baseline): ablations build their own. */
export function lambdaSuite(kind: Kind, title: string, subjects: Subject[], metrics: { cold: boolean; bundle: boolean }): Suite {
  const check = kind === "http" ? checkHelloResult : checkSqsResult;
  return {
    name: `${PROVIDER}.${kind}`,
    title,
    subjects,
    async run({ quick, log }: RunOptions): Promise<BenchResult[]> {
      const bundles = await bundleAll(kind, subjects);
      const file = (id: string) => fileURLToPath((bundles.get(id) as { file: URL }).file);
      const [raw, ...peers] = subjects as [Subject, ...Subject[]];
      const results: BenchResult[] = [];

      // Warm: one fresh process per subject, holding it and raw, alternated rounds.
      const warmChild = fileURLToPath((await childBundle("_warm-child")).file);
      const rawWarm: number[] = [];
      for (const peer of peers) {
        const job = {
          kind,
          subject: file(peer.id),
          baseline: file(raw.id),
          rounds: quick ? 5 : 15,
          roundMs: 20,
          warmUpMs: quick ? 50 : 150,
        };
        const samples = JSON.parse(await runNode([warmChild, JSON.stringify(job)], 120_000)) as { subject: number[]; baseline: number[] };
        const row = pairedResult({ provider: PROVIDER, subject: peer.id, metric: `${kind}.warm`, unit: "ns/op" }, samples, 0);
        rawWarm.push(row.baseline);
        results.push(row);
        log(`${PROVIDER} ${kind} warm ${peer.id}: ${row.value} ns/op, ${row.ratio}× raw (${row.baseline} ns/op)`);
      }
      const rawMedian = rawWarm.sort((a, b) => a - b)[rawWarm.length >> 1] as number;
      results.unshift({
        provider: PROVIDER,
        subject: raw.id,
        metric: `${kind}.warm`,
        value: rawMedian,
        unit: "ns/op",
        baseline: rawMedian,
        ratio: 1,
      });

      if (metrics.cold) {
        // Cold: a fresh node process from spawn to its first answer; each round starts every subject once, in turn.
        const coldChild = fileURLToPath((await childBundle("_cold-child")).file);
        const samples = new Map(subjects.map((s) => [s.id, [] as number[]]));
        const runs = quick ? 3 : 15;
        for (let r = 0; r < runs; r++) {
          for (const s of rotate(subjects, r)) {
            const ms = await timeToFirstLine([coldChild, file(s.id), kind], (line) => check(s.id, JSON.parse(line)));
            samples.get(s.id)?.push(ms);
          }
        }
        const rawCold = samples.get(raw.id) as number[];
        for (const s of subjects) {
          const row = pairedResult(
            { provider: PROVIDER, subject: s.id, metric: `${kind}.cold`, unit: "ms" },
            { subject: samples.get(s.id) as number[], baseline: rawCold },
          );
          results.push(row);
          log(`${PROVIDER} ${kind} cold ${s.id}: ${row.value} ms, ${row.ratio}× raw`);
        }
      }

      if (metrics.bundle) {
        const rawSize = (bundles.get(raw.id) as { size: BundleSize }).size;
        for (const s of subjects) {
          const { size } = bundles.get(s.id) as { size: BundleSize };
          results.push(
            singleResult(
              { provider: PROVIDER, subject: s.id, metric: `${kind}.bundle-gzip`, unit: "bytes" },
              size.gzipBytes,
              rawSize.gzipBytes,
            ),
          );
        }
      }
      return results;
    },
    async smoke() {
      const bundles = await bundleAll(kind, subjects);
      for (const s of subjects) {
        const { handler } = (await import(`${(bundles.get(s.id) as { file: URL }).file.href}`)) as {
          handler: (event: unknown, context: unknown) => unknown;
        };
        const event = structuredClone(kind === "http" ? helloEvent : sqsBatchEvent);
        check(s.id, await handler(event, lambdaContext("bench-smoke")));
      }
    },
  };
}

export const lambdaHttp: Suite = lambdaSuite("http", "AWS Lambda, HTTP API (v2) hello", httpSubjects, { cold: true, bundle: true });
export const lambdaSqs: Suite = lambdaSuite("sqs", "AWS Lambda, SQS batch of 10 with one failure", sqsSubjects, {
  cold: false,
  bundle: false,
});
