// Servers for Cloud Run and Cloud Functions: throughput and latency under a bounded loopback load,
// and cold starts (spawn to first answer), each subject beside its baseline in the same run.
import type { ChildProcess } from "node:child_process";
import { canReadCpu, cpuNs } from "../_cpu.ts";
import { type BundleSize, bundle } from "../bundle.ts";
import { type BenchResult, pairedResult, singleResult } from "../results.ts";
import { rotate } from "../stats.ts";
import { type RunOptions, type Subject, type Suite, subject } from "../suite.ts";
import { firstAnswer, freePort, type Launch, type LoadFigures, launch, load, stop } from "./servers.ts";

const here = import.meta.url;

/** A server subject: a module that listens on $PORT, or registers `hello` with the Functions Framework. */
export interface ServerSubject extends Subject {
  launch: Launch;
}

const server = (id: string, label: string, file: string, how: Launch = "node"): ServerSubject => ({
  ...subject(id, label, file, here),
  launch: how,
});

/** Cloud Run: raw node:http first. Adding one: a module in `subjects/` that listens on $PORT, and a line here. */
export const cloudRunSubjects: ServerSubject[] = [
  server("raw", "raw `node:http`", "./subjects/raw.ts"),
  server("fnport", "fnport `cloudRun()`", "./subjects/fnport.ts"),
  server("srvx", "srvx 1 (`FastResponse`)", "./subjects/srvx.ts"),
  server("hono", "Hono 4 on `@hono/node-server` 2", "./subjects/hono.ts"),
  server("express", "express 5", "./subjects/express.ts"),
];

/**
 * Cloud Functions: a raw Functions Framework handler first, then fnport's `cloudFunction()`, both run by
 * the framework's CLI; last, the same fnport hello on `@fnport/cloud-run` with no framework at all, to
 * show what the framework itself costs (a 2nd gen function is a Cloud Run service: it can run either).
 */
export const gcpFunctionsSubjects: ServerSubject[] = [
  server("functions-framework", "raw Functions Framework 5 handler", "./subjects/functions-framework.ts", "functions-framework"),
  server(
    "fnport",
    "fnport `cloudFunction()` on the Functions Framework 5",
    "./subjects/fnport-functions-framework.ts",
    "functions-framework",
  ),
  server("fnport-cloud-run", "fnport on `@fnport/cloud-run` (no framework)", "./subjects/fnport-cloud-run.ts"),
];

/** Concurrent keep-alive connections of the load (Cloud Run's default concurrency is 80 per instance). */
const CONNECTIONS = 50;

async function bundleAll(provider: string, subjects: ServerSubject[]): Promise<Map<string, { file: URL; size: BundleSize }>> {
  const built = await Promise.all(
    subjects.map((s) => bundle(s.entry, `${provider}-${s.id}`, { platform: "node", conditions: ["node"], externalPackages: true })),
  );
  return new Map(subjects.map((s, i) => [s.id, built[i] as { file: URL; size: BundleSize }]));
}

/** Spawn to the first correct answer: the CPU ms the server process spent until then (wall ms where CPU cannot be read). */
async function coldStart(s: ServerSubject, file: URL): Promise<number> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = launch(s.launch, file, port);
  try {
    await firstAnswer(s.id, child, port);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    return canReadCpu && child.pid !== undefined ? cpuNs(child.pid) / 1e6 : wallMs;
  } finally {
    await stop(child);
  }
}

export function serverSuite(provider: string, title: string, subjects: ServerSubject[]): Suite {
  const running = new Set<ChildProcess>();
  const start = async (s: ServerSubject, file: URL) => {
    const port = await freePort();
    const child = launch(s.launch, file, port);
    running.add(child);
    await firstAnswer(s.id, child, port);
    return { child, port };
  };
  const stopAll = async () => {
    for (const child of running) await stop(child);
    running.clear();
  };
  return {
    name: `${provider}.http`,
    title,
    subjects,
    async run({ quick, log }: RunOptions): Promise<BenchResult[]> {
      const bundles = await bundleAll(provider, subjects);
      const file = (id: string) => (bundles.get(id) as { file: URL }).file;
      const [baseline] = subjects as [ServerSubject];
      const results: BenchResult[] = [];

      // Load: every server up at once (idle ones cost nothing), each loaded in turn, the order rotating by round.
      const servers = new Map<string, { port: number; pid: number | undefined }>();
      for (const s of subjects) {
        const { child, port } = await start(s, file(s.id));
        servers.set(s.id, { port, pid: child.pid });
      }
      const serving = (id: string) => servers.get(id) as { port: number; pid: number | undefined };
      const seconds = quick ? 1 : 3;
      for (const s of subjects) await load(s.id, serving(s.id).port, quick ? 1 : 2, CONNECTIONS); // warm-up
      const figures = new Map(subjects.map((s) => [s.id, [] as LoadFigures[]]));
      const rounds = quick ? 1 : 4;
      for (let r = 0; r < rounds; r++) {
        for (const s of rotate(subjects, r))
          figures.get(s.id)?.push(await load(s.id, serving(s.id).port, seconds, CONNECTIONS, serving(s.id).pid));
      }
      await stopAll();
      const series = (id: string, pick: (f: LoadFigures) => number) => (figures.get(id) as LoadFigures[]).map(pick);
      for (const s of subjects) {
        const rps = pairedResult(
          { provider, subject: s.id, metric: "http.throughput", unit: "req/s" },
          { subject: series(s.id, (f) => f.requestsPerSecond), baseline: series(baseline.id, (f) => f.requestsPerSecond) },
          0,
        );
        results.push(rps);
        for (const [metric, pick] of [
          ["http.latency-p50", (f: LoadFigures) => f.p50Ms],
          ["http.latency-p99", (f: LoadFigures) => f.p99Ms],
        ] as const) {
          results.push(
            pairedResult(
              { provider, subject: s.id, metric, unit: "ms" },
              { subject: series(s.id, pick), baseline: series(baseline.id, pick) },
              2,
            ),
          );
        }
        const cpu = series(s.id, (f) => f.cpuNsPerRequest ?? Number.NaN);
        if (!cpu.some(Number.isNaN)) {
          const base = series(baseline.id, (f) => f.cpuNsPerRequest ?? Number.NaN);
          results.push(
            pairedResult({ provider, subject: s.id, metric: "http.cpu-per-request", unit: "ns/op" }, { subject: cpu, baseline: base }, 0),
          );
        }
        log(`${provider} throughput ${s.id}: ${rps.value} req/s, ${rps.ratio}× ${baseline.id}`);
      }

      // Cold: a fresh process from spawn to its first correct answer, each subject once per round, in turn.
      const cold = new Map(subjects.map((s) => [s.id, [] as number[]]));
      const coldRuns = quick ? 3 : 11;
      for (let r = 0; r < coldRuns; r++) for (const s of rotate(subjects, r)) cold.get(s.id)?.push(await coldStart(s, file(s.id)));
      for (const s of subjects) {
        const row = pairedResult(
          { provider, subject: s.id, metric: "http.cold", unit: "ms" },
          { subject: cold.get(s.id) as number[], baseline: cold.get(baseline.id) as number[] },
        );
        results.push(row);
        log(`${provider} cold ${s.id}: ${row.value} ms, ${row.ratio}× ${baseline.id}`);
      }

      // What the deployment ships besides node_modules: the app and fnport, bundled (npm packages stay external).
      const base = (bundles.get(baseline.id) as { size: BundleSize }).size.gzipBytes;
      for (const s of subjects) {
        const size = (bundles.get(s.id) as { size: BundleSize }).size.gzipBytes;
        if (s.id.startsWith("fnport") || s.id === baseline.id)
          results.push(singleResult({ provider, subject: s.id, metric: "http.bundle-gzip", unit: "bytes" }, size, base));
      }
      return results;
    },
    async smoke() {
      const bundles = await bundleAll(provider, subjects);
      try {
        for (const s of subjects) await start(s, (bundles.get(s.id) as { file: URL }).file);
      } finally {
        await stopAll();
      }
    },
    dispose: stopAll,
  };
}

export const cloudRunHttp: Suite = serverSuite("cloud-run", "Cloud Run (`node:http` on loopback, 50 connections) hello", cloudRunSubjects);
export const gcpFunctionsHttp: Suite = serverSuite(
  "gcp-functions",
  "Cloud Functions (Functions Framework CLI) hello",
  gcpFunctionsSubjects,
);
