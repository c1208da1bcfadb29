// Starts a worker that binds a KV namespace and the StoreDurableObject (SQLite-backed) in workerd.
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { COMPATIBILITY_DATE } from "./_workerd.ts";

export async function startStoresWorker(entry: URL, options: Partial<MiniflareOptions> = {}): Promise<Miniflare> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser", "source"],
    mainFields: ["module", "main"],
    // The store suite asserts with node:assert, which workerd provides under nodejs_compat.
    external: ["node:*"],
    write: false,
    logLevel: "silent",
  });
  const mf = new Miniflare({
    modules: true,
    script: result.outputFiles[0]?.text ?? "",
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: ["nodejs_compat"],
    kvNamespaces: ["KV"],
    durableObjects: {
      STATE: { className: "StoreDurableObject", useSQLite: true },
      INSPECT: { className: "InspectableStore", useSQLite: true },
    },
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.resume();
      stderr.resume();
    },
    ...options,
  } as MiniflareOptions);
  await mf.ready;
  return mf;
}
