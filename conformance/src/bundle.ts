import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { bundleDir } from "./paths.ts";

/** What a bundle weighs, minified, and minified + gzip. */
export interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

/**
 * Bundles `entry` the way a deployment would (esbuild, minified, one ESM file) and returns where it
 * went and its size. `conditions` picks the runtime's package exports (`workerd`, `node`, ...).
 */
export async function bundle(
  entry: URL,
  name: string,
  platform: "node" | "neutral",
  conditions: string[],
): Promise<{ file: URL; size: BundleSize }> {
  await mkdir(bundleDir, { recursive: true });
  const file = new URL(`${name}.mjs`, bundleDir);
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    outfile: fileURLToPath(file),
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target: "es2022",
    conditions: ["source", ...conditions],
    mainFields: ["module", "main"],
    write: true,
    metafile: false,
    logLevel: "silent",
  });
  if (result.errors.length > 0) throw new Error(`bundling ${name} failed: ${result.errors.map((e) => e.text).join("; ")}`);
  const code = await readFile(file);
  return { file, size: { bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength } };
}
