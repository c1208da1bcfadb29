import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { importOptional } from "./optional.ts";

/** What a bundle weighs, minified, and minified + gzip. */
export interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

/** Options of `bundle`. */
export interface BundleOptions {
  /** The output file's name without extension (default: the entry's). */
  name?: string;
  /** `node` (default) for Node-based providers, `neutral` for Workers, Deno and edge runtimes. */
  platform?: "node" | "neutral";
  /** Package export conditions to resolve with, e.g. `["workerd", "worker", "browser"]` (default: esbuild's for the platform). */
  conditions?: string[];
  /** Minify, as a deployment would (default true). */
  minify?: boolean;
  /** Where to write the bundle (default: a folder of this process under the OS temp folder). */
  outDir?: URL | string;
}

/** What `bundle` made. */
export interface Bundle {
  file: URL;
  size: BundleSize;
}

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ errors: Array<{ text: string }> }>;
}

let processDir: Promise<string> | undefined;
const asPath = (place: URL | string): string => (typeof place === "string" ? place : fileURLToPath(place));

/**
 * Bundles `entry` (TypeScript or JavaScript) the way a deployment would: esbuild, one minified ESM file,
 * everything it imports inlined. Returns where the bundle went and its size, minified and gzipped.
 * Needs the `esbuild` package (an optional peer dependency of `@fnport/conformance`).
 */
export async function bundle(entry: URL | string, options: BundleOptions = {}): Promise<Bundle> {
  const esbuild = await importOptional<Esbuild>("esbuild", "bundle() (the cold/warm meter)");
  const entryPath = asPath(entry);
  const name = options.name ?? basename(entryPath, extname(entryPath));
  let dir: string;
  if (options.outDir === undefined) {
    // One folder per process: other runs on this machine bundle the same names at the same time.
    processDir ??= mkdtemp(join(tmpdir(), "fnport-conformance-"));
    dir = await processDir;
  } else {
    dir = asPath(options.outDir);
    await mkdir(dir, { recursive: true });
  }
  const outfile = join(dir, `${name}.mjs`);
  const result = await esbuild.build({
    entryPoints: [entryPath],
    outfile,
    bundle: true,
    minify: options.minify ?? true,
    format: "esm",
    platform: options.platform ?? "node",
    target: "es2022",
    ...(options.conditions ? { conditions: options.conditions } : {}),
    mainFields: ["module", "main"],
    write: true,
    logLevel: "silent",
  });
  if (result.errors.length > 0) throw new Error(`bundling ${entryPath} failed: ${result.errors.map((e) => e.text).join("; ")}`);
  const code = await readFile(outfile);
  return { file: pathToFileURL(outfile), size: { bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength } };
}
