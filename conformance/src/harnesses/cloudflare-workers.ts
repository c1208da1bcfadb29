// The Workers harness: the conformance app bundled like wrangler bundles it, run by the real workerd
// runtime through Miniflare; each `start()` is a fresh Miniflare instance, i.e. a cold isolate.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { RECORDED_PATH } from "../app.ts";
import { type BundleSize, bundle } from "../bundle.ts";
import { packageRoot, repoRoot } from "../paths.ts";
import type {
  Capability,
  CaseInput,
  ConformanceHarness,
  Delivery,
  EventView,
  HarnessInstance,
  HttpOutput,
  HttpRequestSpec,
  MessagesSpec,
  MeterHarness,
} from "../types.ts";

/** Not later than the workerd that Miniflare ships. */
const COMPATIBILITY_DATE = "2026-04-01";
/** What wrangler resolves package exports with (plus `source`, so workspace packages run from `src`). */
const WORKERD_CONDITIONS = ["workerd", "worker", "browser"];
const ORIGIN = "http://example.test";
const QUEUE = "conformance";

// The conformance app as a Worker module; bundled from stdin so that no entry file is needed.
const CONFORMANCE_WORKER = `
import { worker } from "@fnport/cloudflare-workers";
import { createConformanceApp } from "./app.ts";
export default worker(createConformanceApp().app);
`;

/** Bundles a Worker module given as source, the way wrangler would (imports resolved from `resolveDir`). */
async function bundleSource(contents: string, resolveDir: URL, minify: boolean): Promise<string> {
  const result = await build({
    // A name no entry has: the warm wrapper imports a `worker.ts` from the same folder.
    stdin: { contents, resolveDir: fileURLToPath(resolveDir), sourcefile: "generated-worker.ts", loader: "ts" },
    bundle: true,
    minify,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["source", ...WORKERD_CONDITIONS],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("bundling a test worker produced nothing");
  return output.text;
}

/** Reads and drops the runtime's stdout/stderr: the app's deliberate failures log error lines. */
function discard(stdout: Readable, stderr: Readable): void {
  stdout.resume();
  stderr.resume();
}

/** Collects the runtime's output lines (`ctx.log` writes through `console`, which workerd prints). */
function collectLines(lines: string[]) {
  const collect = (stream: Readable): void => {
    let pending = "";
    stream.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) if (line !== "") lines.push(line);
    });
  };
  return (stdout: Readable, stderr: Readable): void => {
    collect(stdout);
    collect(stderr);
  };
}

function startMiniflare(script: string, handleRuntimeStdio: (stdout: Readable, stderr: Readable) => void = discard): Miniflare {
  // Without `upstream`, Miniflare's entry worker leaves the Host header at its own loopback address;
  // with it, the worker sees `host: example.test` like behind the edge (plus Miniflare's `mf-original-hostname`).
  return new Miniflare({ modules: true, script, compatibilityDate: COMPATIBILITY_DATE, upstream: ORIGIN, handleRuntimeStdio });
}

/** The request for `spec`; the edge's `cf-ray` (the request id) is added unless the spec sends its own. */
function requestInit(spec: HttpRequestSpec, rayId: string): { url: string; init: RequestInit; rayId: string } {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) headers.push([name, one]);
  }
  const sentRay = headers.find(([name]) => name.toLowerCase() === "cf-ray");
  if (sentRay) rayId = sentRay[1];
  else headers.push(["cf-ray", rayId]);
  // `manual`: a redirect result is the response under test, not something to follow.
  const init: RequestInit = { method: spec.method, headers, redirect: "manual" };
  if (spec.bodyBase64 !== undefined) init.body = Buffer.from(spec.bodyBase64, "base64");
  else if (spec.body !== undefined) init.body = spec.body;
  const query = spec.rawQuery ? `?${spec.rawQuery}` : "";
  return { url: `${ORIGIN}${spec.path}${query}`, init, rayId };
}

// `mf-*` headers are Miniflare's own (it decodes the edge compression it emulates and says so in
// `MF-Content-Encoding`); the worker never sent them.
const isMiniflareHeader = (name: string): boolean => name.startsWith("mf-");

const utf8 = new TextDecoder("utf-8", { fatal: true });

async function readResponse(response: Response): Promise<{ output: HttpOutput; native: unknown }> {
  const entries = [...response.headers].filter(([name]) => !isMiniflareHeader(name));
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) if (name !== "set-cookie") headers[name] = value;
  const bytes = Buffer.from(await response.arrayBuffer());
  let body: { body: string } | { bodyBase64: string };
  try {
    body = { body: utf8.decode(bytes) };
  } catch {
    body = { bodyBase64: bytes.toString("base64") };
  }
  return {
    output: {
      kind: "http",
      status: response.status,
      headers,
      cookies: response.headers.getSetCookie(),
      bodyBase64: bytes.toString("base64"),
    },
    native: { status: response.status, headers: entries, ...body },
  };
}

/** Workers messages carry no attributes: the neutral ones are dropped. */
function queueMessages(batch: MessagesSpec) {
  const timestamp = new Date();
  return batch.messages.map((message) => ({ id: message.id, timestamp, attempts: 1, body: message.body }));
}

async function deliver(mf: Miniflare, input: CaseInput): Promise<Delivery> {
  switch (input.kind) {
    case "http": {
      const { url, init, rayId } = requestInit(input.request, `${randomBytes(8).toString("hex")}-CONF`);
      const { output, native } = await readResponse((await mf.dispatchFetch(url, init as never)) as unknown as Response);
      return { output, native, requestId: rayId };
    }
    case "messages": {
      const result = await (await mf.getWorker()).queue(QUEUE, queueMessages(input.batch));
      const failedBatch = result.retryBatch.retry || result.outcome !== "ok";
      return {
        output: failedBatch
          ? { kind: "messages", batchFailed: true, error: `queue handler outcome: ${result.outcome}` }
          : { kind: "messages", failed: result.retryMessages.map((retry) => retry.msgId) },
        native: result,
      };
    }
    case "schedule": {
      const result = await (await mf.getWorker()).scheduled({ scheduledTime: new Date(input.scheduledTime), cron: input.cron });
      return {
        output:
          result.outcome === "ok"
            ? { kind: "event", ok: true }
            : { kind: "event", ok: false, error: `scheduled handler outcome: ${result.outcome}` },
        native: result,
      };
    }
    case "native":
      throw new Error("unsupported: the Workers harness delivers neutral inputs only (there are no native Workers fixtures)");
  }
}

// ---- meter ----------------------------------------------------------------------------------------

const helloEntry = new URL("examples/hello/src/worker.ts", repoRoot);
const rawEntry = new URL("conformance/src/harnesses/raw/hello-worker.ts", repoRoot);
const HELLO_BODY = '{"name":"meter"}';
const HELLO_ANSWER = '{"message":"hello, meter"}';
// As a client sends it: with its length (Miniflare would forward a string body chunked, and a body of
// unknown length is read chunk by chunk to hold it to `maxBodyBytes`).
const HELLO_HEADERS = { "content-type": "application/json", "content-length": String(HELLO_BODY.length) };
const WARM_PATH = "/__meter/warm";

type Which = "fnport" | "raw";

/**
 * The hello Worker wrapped for the warm meter: `GET /__meter/warm?n=N` calls the hello's own `fetch`
 * N times inside the isolate, so the ~1.5 ms that each `dispatchFetch` spends between Node and workerd
 * does not drown what the adapter costs. Every other request goes to the hello as it is.
 */
const warmWrapper = (entry: URL): string => `
import hello from ${JSON.stringify(fileURLToPath(entry))};
const HELLO_HEADERS = ${JSON.stringify(HELLO_HEADERS)};
const init = () => ({ method: "POST", headers: HELLO_HEADERS, body: ${JSON.stringify(HELLO_BODY)} });
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== ${JSON.stringify(WARM_PATH)}) return hello.fetch(request, env, ctx);
    const count = Number(url.searchParams.get("n"));
    for (let i = 0; i < count; i++) {
      const response = await hello.fetch(new Request(${JSON.stringify(`${ORIGIN}/hello`)}, init()), env, ctx);
      const text = await response.text();
      if (text !== ${JSON.stringify(HELLO_ANSWER)}) return new Response(text, { status: 500 });
    }
    return new Response("ok");
  },
};
`;

async function hello(mf: Miniflare): Promise<void> {
  const response = await mf.dispatchFetch(`${ORIGIN}/hello`, { method: "POST", headers: HELLO_HEADERS, body: HELLO_BODY });
  const text = await response.text();
  if (response.status !== 200 || text !== HELLO_ANSWER) throw new Error(`hello answered ${response.status} ${text}`);
}

interface MeterScripts {
  /** The hello as wrangler would deploy it: what cold starts and bundle sizes measure. */
  script: string;
  size: BundleSize;
  /** The same hello inside the warm loop wrapper. */
  warmScript: string;
}

/**
 * Cold: a new Miniflare instance (a new workerd process and isolate) to its first response.
 * Warm: both hellos started in one workerd process; `count` invocations of a hello's `fetch` run inside its isolate per measurement.
 */
function workersMeter(instances: Set<Miniflare>): MeterHarness & { dispose(): Promise<void> } {
  let bundles: Promise<Record<Which, MeterScripts>> | undefined;
  let warmInstance: Promise<Miniflare> | undefined;
  const ready = () => {
    bundles ??= Promise.all(
      (["fnport", "raw"] as const).map(async (which) => {
        const entry = which === "fnport" ? helloEntry : rawEntry;
        const { file, size } = await bundle(entry, `workers-${which}`, "neutral", WORKERD_CONDITIONS);
        const scripts: MeterScripts = {
          script: await readFile(file, "utf8"),
          size,
          warmScript: await bundleSource(warmWrapper(entry), new URL(".", entry), true),
        };
        return [which, scripts] as const;
      }),
    ).then((entries) => Object.fromEntries(entries) as Record<Which, MeterScripts>);
    return bundles;
  };
  return {
    async cold(which) {
      const { script } = (await ready())[which];
      const started = process.hrtime.bigint();
      const mf = startMiniflare(script);
      instances.add(mf);
      try {
        await hello(mf);
        return Number(process.hrtime.bigint() - started) / 1e6;
      } finally {
        instances.delete(mf);
        await mf.dispose();
      }
    },
    async warm(which, count) {
      warmInstance ??= ready().then((scripts) => {
        // Both hellos in one workerd process, so neither gets a quieter process or core than the other.
        const mf = new Miniflare({
          workers: (["fnport", "raw"] as const).map((name) => ({
            name,
            modules: true,
            script: scripts[name].warmScript,
            compatibilityDate: COMPATIBILITY_DATE,
          })),
          handleRuntimeStdio: discard,
        });
        instances.add(mf);
        return mf;
      });
      const worker = await (await warmInstance).getWorker(which);
      const started = process.hrtime.bigint();
      const response = await worker.fetch(`${ORIGIN}${WARM_PATH}?n=${count}`);
      const elapsed = Number(process.hrtime.bigint() - started);
      const text = await response.text();
      if (response.status !== 200) throw new Error(`the warm loop of ${which} stopped: ${response.status} ${text}`);
      return elapsed;
    },
    async bundleSizes() {
      const { fnport, raw } = await ready();
      return { fnport: fnport.size, raw: raw.size };
    },
    async dispose() {
      warmInstance = undefined;
    },
  };
}

// ---- harness --------------------------------------------------------------------------------------

/** Cloudflare Workers on workerd (Miniflare 4): `fetch`, `queue` and `scheduled` of `worker(app)`. */
export function workersHarness(): ConformanceHarness & { dispose(): Promise<void> } {
  const capabilities = new Set<Capability>(["http", "messages", "schedule", "repeated-values", "logs"]);
  // Every Miniflare still running (instances not closed by a case, the meter's warm ones): disposed by
  // `dispose()`; on a process exit without it, Miniflare's own exit hook stops their workerd processes.
  const instances = new Set<Miniflare>();
  let script: Promise<string> | undefined;
  const meter = workersMeter(instances);
  return {
    name: "cloudflare-workers",
    capabilities,
    lacks: {
      storage: "Workers has no storage-event trigger; R2 notifications arrive as queue messages",
      cloudevent: "Workers has no CloudEvents trigger",
      deadline: "Workers limit CPU time, not wall-clock time, so ctx.deadline is undefined",
      "ordered-messages": "Queues promise no order",
      "native:aws-lambda": "AWS fixtures are Lambda events",
    },
    meter,
    async start(): Promise<HarnessInstance> {
      script ??= bundleSource(CONFORMANCE_WORKER, new URL("src/", packageRoot), false);
      const lines: string[] = [];
      const mf = startMiniflare(await script, collectLines(lines));
      instances.add(mf);
      await mf.ready;
      // Reading the record is itself a request to the app: before the first delivery there is nothing to
      // read, and asking would spend the isolate's cold start (and its init) on the harness.
      let delivered = false;
      return {
        deliver(input) {
          delivered = true;
          return deliver(mf, input);
        },
        async recorded() {
          if (!delivered) return [];
          const response = await mf.dispatchFetch(`${ORIGIN}${RECORDED_PATH}`);
          return (await response.json()) as EventView[];
        },
        // Only the JSON lines: workerd may print its own notices on the same streams.
        logs: async () => lines.filter((line) => line.startsWith("{")),
        async close() {
          if (instances.delete(mf)) await mf.dispose();
        },
      };
    },
    async dispose() {
      await meter.dispose();
      const running = [...instances];
      instances.clear();
      await Promise.all(running.map((mf) => mf.dispose()));
    },
  };
}
