// Runs test workers in the real workerd runtime: bundled the way wrangler bundles them, started by Miniflare.
import { request as httpRequest } from "node:http";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { followWorker, mutationBanner, mutationEntry } from "./_mutation.ts";

/** Not later than the bundled workerd supports. */
export const COMPATIBILITY_DATE = "2026-04-01";

/**
 * Bundles a worker entry like wrangler: one ESM file, workerd conditions, workspace packages from `src`.
 * `modules` maps bare import names to files, e.g. a second copy of a module at another path.
 */
export async function bundleWorker(entry: URL, modules: Record<string, string> = {}): Promise<string> {
  const names = Object.keys(modules);
  const banner = mutationBanner();
  const result = await build({
    ...(banner === "" ? {} : { banner: { js: banner } }),
    // Behind the entry mutation testing needs (a plain re-export outside it).
    stdin: {
      contents: mutationEntry(`./${fileURLToPath(entry).split("/").pop()}`),
      resolveDir: fileURLToPath(new URL(".", entry)),
      sourcefile: "test-worker-entry.js",
      loader: "js",
    },
    plugins:
      names.length === 0
        ? []
        : [
            {
              name: "named-modules",
              setup(bundler) {
                bundler.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => ({ path: modules[args.path] as string }));
              },
            },
          ],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser", "source"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`bundling ${entry.pathname} produced nothing`);
  return output.text;
}

/** What the worker wrote to stdout and stderr (log lines), for assertions. */
export interface WorkerLogs {
  lines: string[];
}

/**
 * The first log line containing `text`, waiting up to `timeoutMs` for it: workerd's output arrives
 * through a pipe, possibly after the response it belongs to. Undefined when it never comes.
 */
export async function logLine(logs: WorkerLogs, text: string, timeoutMs = 2000): Promise<string | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const line = logs.lines.find((candidate) => candidate.includes(text));
    if (line !== undefined || Date.now() > until) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts a fresh workerd isolate running `entry`; its console output is collected instead of printed. */
export async function startWorker(
  entry: URL,
  options: {
    bindings?: Record<string, string>;
    queueConsumers?: MiniflareOptions["queueConsumers"];
    queueProducers?: MiniflareOptions["queueProducers"];
    /** A socket straight to the worker (`mf.unsafeGetDirectURL()`), without Miniflare's entry worker in between. */
    unsafeDirectSockets?: MiniflareOptions["unsafeDirectSockets"];
    /** Compatibility flags beside the date (e.g. `enable_request_signal`). */
    compatibilityFlags?: string[];
    modules?: Record<string, string>;
  } = {},
): Promise<{ mf: Miniflare; logs: WorkerLogs }> {
  const logs: WorkerLogs = { lines: [] };
  const collect = (stream: Readable): void => {
    let pending = "";
    stream.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      logs.lines.push(...parts.filter((line) => line !== ""));
    });
  };
  const { modules, ...miniflareOptions } = options;
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(entry, modules),
    compatibilityDate: COMPATIBILITY_DATE,
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      collect(stdout);
      collect(stderr);
    },
    ...miniflareOptions,
  } as MiniflareOptions);
  await mf.ready;
  // Under mutation testing, the worker's coverage is read back before it stops.
  const followed = followWorker(mf);
  const dispose = mf.dispose.bind(mf);
  mf.dispose = async () => {
    await followed.release();
    return dispose();
  };
  return { mf, logs };
}

/** A response as it crossed the wire: status, headers and body bytes, no content decoding (unlike `dispatchFetch`). */
export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Sends one request to the worker over a real socket and reads the response as sent, compressed bodies included. */
export async function wireRequest(
  mf: Miniflare,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<WireResponse> {
  const url = new URL(path, await mf.ready);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: init.method ?? "GET", headers: init.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}
