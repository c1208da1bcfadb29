// `node --conditions=source --import tsx bench/src/ablations/lambda-instructions.ts http|sqs FILE...`: instructions per
// warm Lambda invocation of raw and of each entry file (a module exporting `handler`), bundled as the bench
// bundles them and counted by `valgrind --tool=callgrind`: a process making WARM + N calls less one making WARM,
// so start-up and warm-up cancel out. Counts do not move with other load as time does; V8 runs
// `--single-threaded`, so its compiler and GC work is counted alike in every run. They still move by a few
// percent between runs (where V8 compiles and collects): compare figures of one run, or medians.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BundleOptions, bundle } from "../bundle.ts";

const [kind, ...files] = process.argv.slice(2) as ["http" | "sqs", ...string[]];
// CALLS overrides the count (a small one checks that the script runs; its figures are not warm).
const calls = Number(process.env.CALLS ?? (kind === "http" ? 50_000 : 5_000));
const node: BundleOptions = { platform: "node", conditions: ["node"] };

function collected(child: URL, entry: URL, count: number): number {
  const run = spawnSync(
    "valgrind",
    [
      "--tool=callgrind",
      "--callgrind-out-file=/dev/null",
      process.execPath,
      "--single-threaded",
      fileURLToPath(child),
      fileURLToPath(entry),
      kind,
      String(count),
    ],
    { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] },
  );
  const found = /Collected : (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !found) throw new Error(`valgrind failed (is it installed?): ${run.stderr.slice(-2000)}`);
  return Number(found[1]);
}

const child = (await bundle(new URL("./_lambda-instructions-child.ts", import.meta.url), "lambda-instructions-child", node)).file;
const entries = [{ label: "raw", url: new URL(`../aws-lambda/${kind}/raw.ts`, import.meta.url) }];
for (const file of files) entries.push({ label: file, url: pathToFileURL(resolve(file)) });
let baseline: number | undefined;
for (const [index, { label, url }] of entries.entries()) {
  const bundled = (await bundle(url, `lambda-instructions-${index}`, node)).file;
  const perCall = Math.round((collected(child, bundled, calls * 2) - collected(child, bundled, calls)) / calls);
  baseline ??= perCall;
  process.stdout.write(
    `${kind.padEnd(5)} ${label.padEnd(52)} ${String(perCall).padStart(8)} instructions/call  ×${(perCall / baseline).toFixed(2)}\n`,
  );
}
