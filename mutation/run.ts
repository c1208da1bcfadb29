// pnpm mutation: StrykerJS on the runs of runs.ts, one after another; prints each run's score and
// surviving mutants (those listed in equivalent.json with the reason they are equivalent), then the
// two scores against their goals. Exit 1 when a goal is missed or a survivor is unexplained.
import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { MutantResult, PartialStrykerOptions } from "@stryker-mutator/api/core";
import { Stryker } from "@stryker-mutator/core";
import { GOALS, type Goal, type MutationRun, RUNS, SAMPLE } from "./runs.ts";

const HELP = `Usage: pnpm mutation [--run NAME ...] [--mutate GLOB ...] [--sample] [--fresh] [--ignore-static] [--whole-suite] [--concurrency N]

  --run NAME        only the runs whose name starts with NAME (repeatable): ${RUNS.map((run) => run.name).join(", ")}
  --mutate GLOB     mutate only these files of each run (repeatable; e.g. packages/aws-lambda/src/sqs.ts); goals
                    are then reported, not enforced
  --sample          the small fixed sample CI runs (${SAMPLE.map((run) => run.name).join(", ")}); no goals, but an
                    unexplained survivor fails it
  --fresh           ignore the incremental results of earlier runs (mutation/reports/*.incremental.json)
  --ignore-static   skip the mutants that run at import (each runs every test of the config); they are counted
                    apart, as not run, and goals are then reported, not enforced
  --whole-suite     the whole suite (mutation/vitest.whole.ts) as each run's tests: the whole-* runs take a part
                    of it (a lower bound); with --mutate FILE:LINE-LINE, whether the rest kills their survivors
  --concurrency N   test processes at once (default 2)
`;

const { values } = parseArgs({
  options: {
    run: { type: "string", multiple: true },
    mutate: { type: "string", multiple: true },
    sample: { type: "boolean", default: false },
    fresh: { type: "boolean", default: false },
    "ignore-static": { type: "boolean", default: false },
    "whole-suite": { type: "boolean", default: false },
    concurrency: { type: "string", default: "2" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** A survivor known to be equivalent: the mutant changes nothing any caller can observe. */
interface Equivalent {
  file: string;
  /** The source line the mutant starts on, trimmed, and the mutant's column in it (from 1): survive line shifts. */
  line: string;
  column: number;
  mutator: string;
  /** The source text the mutant replaces, exactly. */
  original: string;
  replacement: string;
  reason: string;
}

const root = new URL("../", import.meta.url);
const equivalents = JSON.parse(await readFile(new URL("mutation/equivalent.json", root), "utf8")) as Equivalent[];

const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

const sources = new Map<string, string[]>();
async function lines(file: string): Promise<string[]> {
  let text = sources.get(file);
  if (text === undefined) {
    text = (await readFile(new URL(file, root), "utf8")).split("\n");
    sources.set(file, text);
  }
  return text;
}

/** The source text a mutant replaces (a MutantResult's location is the report schema's: lines and columns from 1). */
async function originalOf(mutant: MutantResult): Promise<string> {
  const text = await lines(mutant.fileName);
  const start = { line: mutant.location.start.line - 1, column: mutant.location.start.column - 1 };
  const end = { line: mutant.location.end.line - 1, column: mutant.location.end.column - 1 };
  if (start.line === end.line) return (text[start.line] ?? "").slice(start.column, end.column);
  return [
    (text[start.line] ?? "").slice(start.column),
    ...text.slice(start.line + 1, end.line),
    (text[end.line] ?? "").slice(0, end.column),
  ].join("\n");
}

function relative(file: string): string {
  const prefix = new URL(root).pathname;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

interface RunResult {
  run: MutationRun;
  detected: number;
  undetected: number;
  errors: number;
  /** Static mutants skipped by --ignore-static. */
  ignored: number;
  unexplained: string[];
  explained: string[];
  seconds: number;
}

/**
 * The run narrowed to `--mutate` and given the whole suite by `--whole-suite`: its own report files, so a
 * scoped run keeps the full run's incremental results.
 */
function scoped(run: MutationRun): MutationRun {
  const wide: MutationRun = values["whole-suite"]
    ? { ...run, name: `${run.name}--whole-suite`, vitestConfig: "mutation/vitest.whole.ts" }
    : run;
  if (!values.mutate) return wide;
  const slug = fileSlug(values.mutate.join("+"));
  return { ...wide, name: `${wide.name}--${slug}`, mutate: [...values.mutate, ...run.mutate.filter((glob) => glob.startsWith("!"))] };
}

/** A report file name for the globs: readable, and short enough for the file system (255 bytes a name). */
function fileSlug(globs: string): string {
  const slug = globs.replace(/[^A-Za-z0-9.-]+/g, "_");
  if (slug.length <= 120) return slug;
  return `${slug.slice(0, 100)}-${createHash("sha256").update(globs).digest("hex").slice(0, 12)}`;
}

/** One glob for several (Stryker's `disableTypeChecks` takes one). */
function globOf(globs: string[]): string {
  return globs.length === 1 ? (globs[0] as string) : `{${globs.join(",")}}`;
}

async function mutationRun(run: MutationRun): Promise<RunResult> {
  const incrementalFile = `mutation/reports/${run.name}.incremental.json`;
  // Fresh: no earlier results at all (Stryker's own `force` retests every mutant but still reports the
  // earlier results of a file the run no longer mutates).
  if (values.fresh) await rm(new URL(incrementalFile, root), { force: true });
  // `logLevel` is a const enum in Stryker's types: the object is cast, not typed.
  const options = {
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner"],
    vitest: { configFile: run.vitestConfig, related: false },
    mutate: run.mutate,
    // Only the mutated files get `// @ts-nocheck` (by default Stryker marks every file, and in place a
    // change made to any of them during a run would be undone when it restores them).
    disableTypeChecks: globOf(run.mutate.filter((glob) => !glob.startsWith("!"))),
    coverageAnalysis: "perTest",
    // The workspace's packages resolve each other through node_modules links a sandbox copy would lose.
    inPlace: true,
    tempDirName: ".stryker-tmp",
    concurrency: Number(values.concurrency),
    ignoreStatic: values["ignore-static"],
    incremental: true,
    incrementalFile,
    reporters: ["progress", "json"],
    jsonReporter: { fileName: `mutation/reports/${run.name}.json` },
    // The machine is shared: a slow test is not a hung one.
    timeoutMS: 30_000,
    timeoutFactor: 3,
    // The whole conformance suite of an adapter runs once first (the dry run); under load it takes longer
    // than Stryker's default 5 minutes (the Workers suite: about 8 at a load average of 16).
    dryRunTimeoutMinutes: 30,
    thresholds: { high: 95, low: 90, break: null },
    logLevel: "warn",
  } as PartialStrykerOptions;
  const started = performance.now();
  const results = await new Stryker(options).runMutationTest();
  const seconds = (performance.now() - started) / 1000;
  const result: RunResult = { run, detected: 0, undetected: 0, errors: 0, ignored: 0, unexplained: [], explained: [], seconds };
  const sorted = [...results].sort((a, b) => a.fileName.localeCompare(b.fileName) || a.location.start.line - b.location.start.line);
  for (const mutant of sorted) {
    if (DETECTED.has(mutant.status)) result.detected++;
    else if (mutant.status === "Ignored") result.ignored++;
    else if (!UNDETECTED.has(mutant.status)) result.errors++;
    else {
      result.undetected++;
      const file = relative(mutant.fileName);
      const original = await originalOf(mutant);
      const rawLine = (await lines(mutant.fileName))[mutant.location.start.line - 1] ?? "";
      const sourceLine = rawLine.trim();
      const column = mutant.location.start.column - (rawLine.length - rawLine.trimStart().length);
      const known = equivalents.find(
        (entry) =>
          entry.file === file &&
          entry.line === sourceLine &&
          entry.column === column &&
          entry.mutator === mutant.mutatorName &&
          entry.original === original &&
          entry.replacement === mutant.replacement,
      );
      const where = `${file}:${mutant.location.start.line}:${mutant.location.start.column}`;
      const line = `${mutant.status === "NoCoverage" ? "no test reaches" : "survived"} ${where} ${mutant.mutatorName}: ${JSON.stringify(original)} → ${JSON.stringify(mutant.replacement)}`;
      if (known) result.explained.push(`${line}\n      equivalent: ${known.reason}`);
      else result.unexplained.push(line);
    }
  }
  return result;
}

const percent = (detected: number, undetected: number): string =>
  detected + undetected === 0 ? "n/a" : `${((100 * detected) / (detected + undetected)).toFixed(2)}%`;

const runs = (values.sample ? SAMPLE : RUNS.filter((run) => !values.run || values.run.some((name) => run.name.startsWith(name)))).map(
  scoped,
);
if (runs.length === 0) {
  console.error(`pnpm mutation: no run matches ${values.run?.join(", ")}\n\n${HELP}`);
  process.exit(2);
}

console.log(
  `mutation testing: ${runs.length} run(s), concurrency ${values.concurrency}, load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
);
const done: RunResult[] = [];
for (const run of runs) {
  console.log(`\n== ${run.name}: ${run.mutate.filter((glob) => !glob.startsWith("!")).join(", ")} against ${run.vitestConfig}`);
  const result = await mutationRun(run);
  done.push(result);
  console.log(
    `${run.name}: ${percent(result.detected, result.undetected)} (${result.detected} killed, ${result.undetected} not; ${result.errors} invalid${result.ignored > 0 ? `; ${result.ignored} static not run` : ""}) in ${Math.round(result.seconds)} s, load average ${loadavg()[0]?.toFixed(1)}`,
  );
  for (const line of result.unexplained) console.log(`  ✗ ${line}`);
  for (const line of result.explained) console.log(`  = ${line}`);
}

console.log("\n== scores");
let failed = false;
const summary: Record<string, unknown> = {};
for (const goal of ["conformance", "whole"] as Goal[]) {
  const group = done.filter((result) => result.run.goal === goal);
  if (group.length === 0) continue;
  const detected = group.reduce((sum, result) => sum + result.detected, 0);
  const undetected = group.reduce((sum, result) => sum + result.undetected, 0);
  const explained = group.reduce((sum, result) => sum + result.explained.length, 0);
  const unexplained = group.reduce((sum, result) => sum + result.unexplained.length, 0);
  const ignored = group.reduce((sum, result) => sum + result.ignored, 0);
  // Like Stryker's own ignored mutants, an equivalent one counts in neither column: no test can kill it.
  const score = detected / Math.max(1, detected + unexplained);
  // The whole-* runs' tests are each a part of the whole suite (runs.ts): what they kill, the whole suite kills.
  const parts = group.filter((result) => result.run.vitestConfig !== "mutation/vitest.whole.ts").map((result) => result.run.vitestConfig);
  const label =
    goal === "conformance"
      ? "conformance suite alone, adapter mutants"
      : `whole suite, core and adapter mutants${parts.length > 0 ? ` (a lower bound: tests of ${[...new Set(parts)].join(", ")} only)` : ""}`;
  const met = score >= GOALS[goal];
  console.log(
    `${label}: ${percent(detected, unexplained)} of the non-equivalent mutants killed (${detected} of ${detected + unexplained}; goal ${GOALS[goal] * 100}%: ${met ? "met" : "MISSED"}); ${percent(detected, undetected)} of all ${detected + undetected}; ${explained} survivors listed as equivalent, ${unexplained} unexplained${ignored > 0 ? `; ${ignored} static mutants not run` : ""}`,
  );
  summary[goal] = {
    detected,
    undetected,
    explained,
    unexplained,
    ignored,
    score,
    runs: group.map((result) => ({ name: result.run.name, seconds: Math.round(result.seconds) })),
  };
  // The CI sample has no goal, but a survivor nobody explained fails it: a case stopped killing a mutant.
  if (values.sample ? unexplained > 0 : !values.mutate && !values["ignore-static"] && (!met || unexplained > 0)) failed = true;
}
const summaryName = values.sample ? "sample" : values.mutate ? `scoped-${runs[0]?.name ?? ""}` : "summary";
await writeFile(new URL(`mutation/reports/${summaryName}.json`, root), `${JSON.stringify(summary, null, 2)}\n`);
process.exit(failed ? 1 : 0);
