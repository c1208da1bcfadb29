// What the Workers harness and meter share: workerd through Miniflare, and Worker bundles made the way
// wrangler makes them.
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { mutationBanner } from "./_mutation.ts";

/** Not later than the workerd that Miniflare ships. */
export const COMPATIBILITY_DATE: string = "2026-04-01";
/** What wrangler resolves package exports with (plus `source`, so workspace packages run from `src`). */
export const WORKERD_CONDITIONS: string[] = ["workerd", "worker", "browser"];
/** Where test requests go; with it as `upstream`, the worker sees this host, as behind the edge. */
export const ORIGIN: string = "http://example.test";

/**
 * Bundles a Worker module given as source, the way wrangler would (imports resolved from `resolveDir`);
 * `define` replaces global names with the given expressions, as wrangler's `define` does.
 */
export async function bundleSource(
  contents: string,
  resolveDir: URL,
  minify: boolean,
  define: Record<string, string> = {},
): Promise<string> {
  const banner = mutationBanner();
  const result = await build({
    ...(banner === "" ? {} : { banner: { js: banner } }),
    define,
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
export function discard(stdout: Readable, stderr: Readable): void {
  stdout.resume();
  stderr.resume();
}

/** Collects the runtime's output lines (`ctx.log` writes through `console`, which workerd prints). */
export function collectLines(lines: string[]) {
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

export function startMiniflare(
  script: string,
  handleRuntimeStdio: (stdout: Readable, stderr: Readable) => void = discard,
  compatibilityFlags: string[] = [],
): Miniflare {
  // Without `upstream`, Miniflare's entry worker leaves the Host header at its own loopback address;
  // with it, the worker sees `host: example.test` like behind the edge (plus Miniflare's `mf-original-hostname`).
  return new Miniflare({
    modules: true,
    script,
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags,
    upstream: ORIGIN,
    handleRuntimeStdio,
  });
}
