// The cold/warm meter for Cloudflare Workers: the suite's hello app behind `worker()` and a raw
// hand-written Worker, each bundled like wrangler bundles it, in workerd through Miniflare.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type BundleSize, bundle, type MeterHarness, timeToFirstByteRound } from "@fnport/conformance";
import { HELLO_ANSWER as ANSWER, HELLO_REQUEST } from "@fnport/conformance/hello";
import { Miniflare } from "miniflare";
import { bundleSource, COMPATIBILITY_DATE, discard, ORIGIN, startMiniflare, WORKERD_CONDITIONS } from "./conformance-workerd.ts";

const helloEntry = new URL("hello/fnport.ts", import.meta.url);
const rawEntry = new URL("hello/raw.ts", import.meta.url);
const streamEntries = { fnport: new URL("hello/fnport-stream.ts", import.meta.url), raw: new URL("hello/raw-stream.ts", import.meta.url) };
const HELLO_BODY = HELLO_REQUEST.body;
const HELLO_ANSWER = ANSWER.body;
// As a client sends it: with its length (Miniflare would forward a string body chunked, and a body of
// unknown length is read chunk by chunk to hold it to `maxBodyBytes`).
const HELLO_HEADERS = { ...HELLO_REQUEST.headers, "content-length": String(HELLO_BODY.length) };
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

/** Both streamed hellos in one workerd process, each on a socket of its own (no Miniflare entry worker in front). */
async function startStreamedHellos(instances: Set<Miniflare>): Promise<Record<Which, { port: number }>> {
  const workers = await Promise.all(
    (["fnport", "raw"] as const).map(async (name) => ({
      name,
      modules: true,
      script: await bundleSource(
        `export { default } from ${JSON.stringify(fileURLToPath(streamEntries[name]))};`,
        new URL(".", streamEntries[name]),
        true,
      ),
      compatibilityDate: COMPATIBILITY_DATE,
      unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    })),
  );
  const mf = new Miniflare({ workers, handleRuntimeStdio: discard });
  instances.add(mf);
  await mf.ready;
  const served = async (name: Which) => ({ port: Number((await mf.unsafeGetDirectURL(name)).port) });
  return { fnport: await served("fnport"), raw: await served("raw") };
}

/**
 * Cold: a new Miniflare instance (a new workerd process and isolate) to its first response.
 * Warm: both hellos started in one workerd process; `count` invocations of a hello's `fetch` run inside its isolate per measurement.
 */
export function workersMeter(
  instances: Set<Miniflare>,
): MeterHarness & Required<Pick<MeterHarness, "firstByte">> & { dispose(): Promise<void> } {
  let bundles: Promise<Record<Which, MeterScripts>> | undefined;
  let warmInstance: Promise<Miniflare> | undefined;
  let streamed: Promise<Record<Which, { port: number }>> | undefined;
  const ready = () => {
    bundles ??= Promise.all(
      (["fnport", "raw"] as const).map(async (which) => {
        const entry = which === "fnport" ? helloEntry : rawEntry;
        const { file, size } = await bundle(entry, {
          name: `workers-${which}`,
          platform: "neutral",
          conditions: ["source", ...WORKERD_CONDITIONS],
        });
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
    async firstByte(which, count) {
      streamed ??= startStreamedHellos(instances);
      // Each round on a kept-alive connection of its own, as a client streaming from a Worker holds one.
      return timeToFirstByteRound((await streamed)[which].port, count);
    },
    async bundleSizes() {
      const { fnport, raw } = await ready();
      return { fnport: fnport.size, raw: raw.size };
    },
    async dispose() {
      warmInstance = undefined;
      streamed = undefined;
    },
  };
}
