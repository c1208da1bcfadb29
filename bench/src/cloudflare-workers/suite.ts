// Cloudflare Workers in workerd (through Miniflare): warm in-isolate loops, cold starts of a new
// workerd, and bundle sizes, each subject beside the raw hand-written Worker.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { canReadCpu, cpuNs, workerdChildren } from "../_cpu.ts";
import { type BundleSize, bundle } from "../bundle.ts";
import { HELLO_ANSWER, HELLO_BODY } from "../hello.ts";
import { type BenchResult, pairedResult, singleResult } from "../results.ts";
import { rotate } from "../stats.ts";

import { type RunOptions, type Subject, type Suite, subject } from "../suite.ts";

const here = import.meta.url;
const PROVIDER = "cloudflare-workers";
/** Not later than the workerd that Miniflare ships. */
const COMPATIBILITY_DATE = "2026-04-01";
/** What wrangler resolves package exports with. */
const CONDITIONS = ["workerd", "worker", "browser"];
const ORIGIN = "http://bench.test";
const WARM_PATH = "/__bench/warm";
// As a client sends it: with its length.
const HELLO_HEADERS = { "content-type": "application/json", "content-length": String(HELLO_BODY.length) };
/** What a request carries in production behind Cloudflare's edge (the warm loop sends these; Miniflare adds none). */
const EDGE_HEADERS = {
  ...HELLO_HEADERS,
  accept: "*/*",
  "accept-encoding": "gzip, br",
  "user-agent": "curl/8.5.0",
  "cf-connecting-ip": "203.0.113.7",
  "cf-ipcountry": "NL",
  "cf-ray": "8f1c2a3b4c5d6e7f-AMS",
  "cf-visitor": '{"scheme":"https"}',
  "x-forwarded-proto": "https",
  "x-real-ip": "203.0.113.7",
};
const ANSWER_TEXT = JSON.stringify(HELLO_ANSWER);

/** The Workers subjects, raw first. Adding a peer: a Worker module in `subjects/` and a line here. */
export const workersSubjects: Subject[] = [
  subject("raw", "raw", "./subjects/raw.ts", here),
  subject("fnport", "fnport", "./subjects/fnport.ts", here),
  subject("hono", "Hono 4", "./subjects/hono.ts", here),
  subject("itty-router", "itty-router 5 `AutoRouter`", "./subjects/itty-router.ts", here),
];

/**
 * The subject wrapped for the warm loop: `GET /__bench/warm?n=N` calls its `fetch` N times inside the
 * isolate (workerd freezes clocks inside a request, so the time is taken outside, minus the cost of an
 * empty loop's dispatch). Any other request goes to the subject as it is.
 */
const warmWrapper = (entry: URL): string => `
import subject from ${JSON.stringify(fileURLToPath(entry))};
const HEADERS = ${JSON.stringify(EDGE_HEADERS)};
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== ${JSON.stringify(WARM_PATH)}) return subject.fetch(request, env, ctx);
    const count = Number(url.searchParams.get("n"));
    for (let i = 0; i < count; i++) {
      const init = { method: "POST", headers: HEADERS, body: ${JSON.stringify(HELLO_BODY)} };
      const response = await subject.fetch(new Request(${JSON.stringify(`${ORIGIN}/hello`)}, init), env, ctx);
      const text = await response.text();
      if (response.status !== 200 || text !== ${JSON.stringify(ANSWER_TEXT)}) return new Response(response.status + " " + text, { status: 500 });
    }
    return new Response("ok");
  },
};
`;

interface Scripts {
  /** The subject as wrangler would deploy it. */
  script: string;
  size: BundleSize;
  warmScript: string;
}

async function bundleAll(subjects: Subject[]): Promise<Map<string, Scripts>> {
  const built = await Promise.all(
    subjects.map(async (s) => {
      const { file, size } = await bundle(s.entry, `workers-${s.id}`, { platform: "neutral", conditions: CONDITIONS });
      const warm = await bundle({ contents: warmWrapper(s.entry), resolveDir: new URL(".", s.entry) }, `workers-warm-${s.id}`, {
        platform: "neutral",
        conditions: CONDITIONS,
      });
      return { script: await readFile(file, "utf8"), size, warmScript: await readFile(warm.file, "utf8") };
    }),
  );
  return new Map(subjects.map((s, i) => [s.id, built[i] as Scripts]));
}

const discard = (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream): void => {
  stdout.resume();
  stderr.resume();
};

async function checkHello(subjectId: string, response: Response): Promise<void> {
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !contentType.startsWith("application/json") || text !== ANSWER_TEXT) {
    throw new Error(`${subjectId} answered ${response.status} (${contentType}) ${text}`);
  }
}

/**
 * A new workerd with the subject alone, to its first correct answer; resolves with the milliseconds
 * workerd spent on CPU until then (wall time from Miniflare's start where CPU cannot be read).
 */
async function coldStart(s: Subject, script: string): Promise<number> {
  const before = canReadCpu ? workerdChildren() : new Set<number>();
  const started = process.hrtime.bigint();
  const mf = new Miniflare({ modules: true, script, compatibilityDate: COMPATIBILITY_DATE, handleRuntimeStdio: discard });
  try {
    const response = await mf.dispatchFetch(`${ORIGIN}/hello`, { method: "POST", headers: HELLO_HEADERS, body: HELLO_BODY });
    await checkHello(s.id, response as unknown as Response);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const pids = [...workerdChildren()].filter((pid) => !before.has(pid));
    return canReadCpu && pids.length === 1 ? cpuNs(pids[0] as number) / 1e6 : wallMs;
  } finally {
    await mf.dispose();
  }
}

/** A Workers suite over any subjects (the first is the baseline): ablations build their own. */
export function workersSuite(subjects: Subject[]): Suite {
  let warm: Miniflare | undefined;
  /** The warm workerd's process id, when its CPU time can be read (Linux). */
  let warmPid: number | undefined;
  const startWarm = async (scripts: Map<string, Scripts>) => {
    const before = workerdChildren();
    // Every subject in one workerd process, each in its own isolate, so none gets a quieter process than another.
    warm = new Miniflare({
      workers: subjects.map((s) => ({
        name: s.id,
        modules: true,
        script: scripts.get(s.id)?.warmScript as string,
        compatibilityDate: COMPATIBILITY_DATE,
      })),
      handleRuntimeStdio: discard,
    });
    await warm.ready;
    const started = [...workerdChildren()].filter((pid) => !before.has(pid));
    warmPid = started.length === 1 ? started[0] : undefined;
    return warm;
  };
  /** Runs the loop N times inside the isolate; resolves with workerd's CPU ns for it (wall ns where CPU cannot be read). */
  const loop = async (mf: Miniflare, id: string, count: number): Promise<number> => {
    const worker = await mf.getWorker(id);
    const pid = warmPid;
    const cpuBefore = pid === undefined ? 0 : cpuNs(pid);
    const started = process.hrtime.bigint();
    const response = await worker.fetch(`${ORIGIN}${WARM_PATH}?n=${count}`);
    const text = await response.text();
    const elapsed = pid === undefined ? Number(process.hrtime.bigint() - started) : cpuNs(pid) - cpuBefore;
    if (response.status !== 200) throw new Error(`the warm loop of ${id} stopped: ${text}`);
    return elapsed;
  };
  return {
    name: `${PROVIDER}.http`,
    title: "Cloudflare Workers (workerd, in-isolate) hello",
    subjects,
    async run({ quick, log }: RunOptions): Promise<BenchResult[]> {
      const scripts = await bundleAll(subjects);
      const [raw] = subjects as [Subject];
      const results: BenchResult[] = [];

      const mf = await startWarm(scripts);
      // Calibrate: N invocations per round so a round lasts about 30 ms.
      const perRound = new Map<string, number>();
      for (const s of subjects) {
        await loop(mf, s.id, quick ? 200 : 1000);
        const probe = 200;
        const ns = (await loop(mf, s.id, probe)) / probe;
        perRound.set(s.id, Math.max(50, Math.round(30e6 / ns)));
      }
      // Each round also times an empty loop's dispatch; the fastest of those (the least disturbed) is taken off every round.
      const rounds = quick ? 5 : 15;
      const elapsed = new Map(subjects.map((s) => [s.id, [] as number[]]));
      const empty = new Map(subjects.map((s) => [s.id, [] as number[]]));
      for (let r = 0; r < rounds; r++) {
        for (const s of rotate(subjects, r)) {
          empty.get(s.id)?.push(await loop(mf, s.id, 0));
          elapsed.get(s.id)?.push(await loop(mf, s.id, perRound.get(s.id) as number));
        }
      }
      const samples = new Map(
        subjects.map((s) => {
          const n = perRound.get(s.id) as number;
          const dispatch = Math.min(...(empty.get(s.id) as number[]));
          return [s.id, (elapsed.get(s.id) as number[]).map((ns) => (ns - dispatch) / n)] as const;
        }),
      );
      await mf.dispose();
      warm = undefined;
      warmPid = undefined;
      for (const s of subjects) {
        const row = pairedResult(
          { provider: PROVIDER, subject: s.id, metric: "http.warm", unit: "ns/op" },
          { subject: samples.get(s.id) as number[], baseline: samples.get(raw.id) as number[] },
          0,
        );
        results.push(row);
        log(`${PROVIDER} warm ${s.id}: ${row.value} ns/op, ${row.ratio}× raw`);
      }

      const cold = new Map(subjects.map((s) => [s.id, [] as number[]]));
      const coldRuns = quick ? 3 : 15;
      for (let r = 0; r < coldRuns; r++) {
        for (const s of rotate(subjects, r)) cold.get(s.id)?.push(await coldStart(s, scripts.get(s.id)?.script as string));
      }
      for (const s of subjects) {
        const row = pairedResult(
          { provider: PROVIDER, subject: s.id, metric: "http.cold", unit: "ms" },
          { subject: cold.get(s.id) as number[], baseline: cold.get(raw.id) as number[] },
        );
        results.push(row);
        log(`${PROVIDER} cold ${s.id}: ${row.value} ms, ${row.ratio}× raw`);
      }

      const rawSize = (scripts.get(raw.id) as Scripts).size;
      for (const s of subjects) {
        const { size } = scripts.get(s.id) as Scripts;
        results.push(
          singleResult({ provider: PROVIDER, subject: s.id, metric: "http.bundle-gzip", unit: "bytes" }, size.gzipBytes, rawSize.gzipBytes),
        );
      }
      return results;
    },
    async smoke() {
      const scripts = await bundleAll(subjects);
      const mf = await startWarm(scripts);
      try {
        for (const s of subjects) {
          const worker = await mf.getWorker(s.id);
          const response = await worker.fetch(`${ORIGIN}/hello`, { method: "POST", headers: HELLO_HEADERS, body: HELLO_BODY });
          await checkHello(s.id, response as unknown as Response);
          await loop(mf, s.id, 3);
        }
      } finally {
        await mf.dispose();
        warm = undefined;
      }
    },
    async dispose() {
      await warm?.dispose();
      warm = undefined;
    },
  };
}

export const workersHttp: Suite = workersSuite(workersSubjects);
