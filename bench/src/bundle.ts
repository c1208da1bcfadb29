import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

/** Where bundles go: inside the bench package, so a bundle that keeps packages external still finds `node_modules`. */
export const outDir: URL = new URL("../.out/", import.meta.url);

/** What a bundle weighs, minified, and minified + gzip (level 9). */
export interface BundleSize {
  bytes: number;
  gzipBytes: number;
}

export interface BundleOptions {
  /** `node` for Lambda and Node servers, `neutral` for Workers. */
  platform: "node" | "neutral";
  /** Package export conditions of the runtime (`node`, `workerd`, ...); `source` is always added for fnport's own packages. */
  conditions: string[];
  /**
   * Keep npm packages as imports, as a container image ships `node_modules` (Cloud Run, Cloud Functions);
   * fnport's workspace packages are still bundled from source, so no build is needed.
   */
  externalPackages?: boolean;
}

const REQUIRE_BANNER = 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);';

const keepPackagesExternal: Plugin = {
  name: "external-packages",
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@fnport/") ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Bundles `entry` as a deployment would (esbuild, minified, one ESM file) to `.out/<name>.mjs`.
 * `entry` may be a file, or module source to bundle from `resolveDir`.
 */
export async function bundle(
  entry: URL | { contents: string; resolveDir: URL },
  name: string,
  options: BundleOptions,
): Promise<{ file: URL; size: BundleSize }> {
  await mkdir(outDir, { recursive: true });
  const file = new URL(`${name}.mjs`, outDir);
  const source =
    entry instanceof URL
      ? { entryPoints: [fileURLToPath(entry)] }
      : {
          stdin: { contents: entry.contents, resolveDir: fileURLToPath(entry.resolveDir), sourcefile: `${name}.ts`, loader: "ts" as const },
        };
  const run = (banner: string | undefined) =>
    build({
      ...source,
      outfile: fileURLToPath(file),
      bundle: true,
      minify: true,
      format: "esm",
      platform: options.platform,
      target: "es2022",
      conditions: ["source", ...options.conditions],
      mainFields: options.platform === "node" ? ["module", "main"] : ["browser", "module", "main"],
      ...(banner === undefined ? {} : { banner: { js: banner } }),
      plugins: options.externalPackages ? [keepPackagesExternal] : [],
      write: true,
      logLevel: "silent",
    });
  let result = await run(undefined);
  // A CommonJS dependency (express, serverless-http) that require()s node builtins needs a real `require`
  // in an ESM bundle; only those bundles get it, so the others are not charged its bytes.
  if (options.platform === "node" && (await readFile(file, "utf8")).includes("Dynamic require of")) result = await run(REQUIRE_BANNER);
  if (result.errors.length > 0) throw new Error(`bundling ${name} failed: ${result.errors.map((e) => e.text).join("; ")}`);
  const code = await readFile(file);
  return { file, size: { bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength } };
}
