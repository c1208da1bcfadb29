// pnpm mutation: StrykerJS on the runs of runs.ts, one after another; prints each run's score and
// surviving mutants (those listed in equivalent.json with the reason they are equivalent, and a conformance
// survivor its adapter's package tests kill: `explainedBy`), then the two scores against their goals. Exit 1
// when a goal is missed or a survivor is unexplained.
import { execFileSync } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { MutantResult, PartialStrykerOptions } from "@stryker-mutator/api/core";
import { Stryker } from "@stryker-mutator/core";
import {
  DETECTED,
  identify,
  isRunOf,
  killsOfRun,
  type MutantIdentity,
  repoRelative,
  sameMutant,
  textReader,
  UNDETECTED,
} from "./_mutants.ts";
import { fileGlob, filesOf, narrowingOf, scopeOf } from "./_scope.ts";
import { checkOut, keep, readIfStored, storePath } from "./_store.ts";
import { storedStatus } from "./_stored-status.ts";
import { GOALS, type Goal, type MutationRun, RUNS, SAMPLE } from "./runs.ts";

const HELP = `Usage: pnpm mutation [--run NAME ...] [--mutate GLOB ...] [--sample] [--fresh] [--ignore-static] [--whole-suite] [--concurrency N] [--stored]

  --run NAME        only the runs whose name starts with NAME (repeatable): ${RUNS.map((run) => run.name).join(", ")}
  --mutate GLOB     mutate only these files of each run (repeatable; e.g. packages/aws-lambda/src/sqs.ts, or
                    FILE:LINE-LINE); the run's other stored results are kept; goals are then reported, not enforced
  --sample          the small fixed sample CI runs (${SAMPLE.map((run) => run.name).join(", ")}); no goals, but an
                    unexplained survivor fails it
  --fresh           retest every mutant (of the --mutate GLOBs when given), reusing no stored result
  --ignore-static   skip the mutants that run at import (each runs every test of the config); they are counted
                    apart, as not run, and goals are then reported, not enforced
  --whole-suite     the whole suite (mutation/vitest.whole.ts) as each run's tests: the whole-* runs take a part
                    of it (a lower bound); with --mutate FILE:LINE-LINE, whether the rest kills their survivors
  --concurrency N   test processes at once (default 2)
  --stored          run nothing: print, for each run, which of its files have stored results still current, which
                    changed since and which none (never run, or without mutants: types only), and the stored
                    verdicts of the current ones; a file run only in part (--mutate FILE:LINE-LINE) counts as stored

Each run starts from its stored results (mutation/results/<run>.incremental.json.gz, committed) and retests only the
mutants whose code or tests changed since (Stryker's incremental mode); a finished run stores its results again.

A survivor is explained (=) when equivalent.json lists it, or, for a conformance-<adapter> run, when whole-<adapter>
kills it: in a run of this invocation or in its stored results (for the files unchanged since). Those still count
against the conformance score. So, to explain a conformance run:
  pnpm mutation --run conformance-cloudflare-workers --run whole-cloudflare-workers --mutate FILE:LINE-LINE --fresh
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
    stored: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** A survivor known to be equivalent: the mutant changes nothing any caller can observe. */
interface Equivalent extends MutantIdentity {
  reason: string;
}

const root = new URL("../", import.meta.url);
const rootPath = fileURLToPath(root);

/** The absolute path of a run's stored results. */
const storedFile = (run: string): string => fileURLToPath(new URL(storePath(run), root));
const equivalents = JSON.parse(await readFile(new URL("mutation/equivalent.json", root), "utf8")) as Equivalent[];

const resultsDir = fileURLToPath(new URL("mutation/results/", root));
const currentText = textReader(rootPath);

/** A mutant of this invocation's results, by its identity. */
async function identityOf(mutant: MutantResult): Promise<MutantIdentity> {
  const file = repoRelative(rootPath, mutant.fileName) ?? mutant.fileName;
  return identify(file, (await currentText(file)) ?? "", mutant.location, mutant.mutatorName, mutant.replacement);
}

/** A mutant the run's tests did not detect. */
interface Survivor {
  identity: MutantIdentity;
  /** `survived FILE:LINE:COLUMN Mutator: "original" → "replacement"` (or `no test reaches …`). */
  text: string;
}

interface RunResult {
  run: MutationRun;
  detected: number;
  undetected: number;
  errors: number;
  /** Static mutants skipped by --ignore-static. */
  ignored: number;
  survivors: Survivor[];
  /** The mutants the run detected: what explains another run's survivors (`explainedBy`). */
  killed: MutantIdentity[];
  seconds: number;
  /** The survivors sorted by their explanation, once every run that may explain them has run. */
  explained?: { equivalent: string[]; killedByPackageTests: string[]; unexplained: string[] };
}

/** A run as this invocation makes it: narrowed by `--mutate` to the patterns that name its files. */
interface PlannedRun extends MutationRun {
  narrowedTo?: string[];
}

/** The run given the whole suite by `--whole-suite`: another run, whose results are stored apart. */
function widened(run: MutationRun): MutationRun {
  return values["whole-suite"] ? { ...run, name: `${run.name}--whole-suite`, vitestConfig: "mutation/vitest.whole.ts" } : run;
}

/** The run narrowed by `--mutate`, or undefined when `--mutate` names none of its files. */
function narrowed(run: MutationRun, files: readonly string[]): PlannedRun | undefined {
  if (!values.mutate) return run;
  const narrowedTo = narrowingOf(run.mutate, values.mutate, files);
  return narrowedTo.some((pattern) => !pattern.startsWith("!")) ? { ...run, narrowedTo } : undefined;
}

/** The repository's files, repo-relative: tracked, and new ones not ignored. */
function repositoryFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: rootPath, encoding: "utf8" });
  return listed.split("\n").filter((file) => file !== "");
}

/** One glob for several (Stryker's `disableTypeChecks` takes one). */
function globOf(globs: string[]): string {
  return globs.length === 1 ? (globs[0] as string) : `{${globs.join(",")}}`;
}

async function mutationRun(run: PlannedRun): Promise<RunResult> {
  const { narrowedTo } = run;
  // Stryker reports, with the mutants it tested, the stored results of those the narrowed run did not: not counted.
  const scope = scopeOf(run.mutate, narrowedTo);
  const incrementalFile = `mutation/reports/${run.name}.incremental.json`;
  // The CI sample checks the cases of today, every time: it starts from nothing and stores nothing.
  const stored = values.sample ? undefined : storedFile(run.name);
  // Fresh and narrowed: the stored results of the rest are kept, and Stryker's `force` retests the part.
  const fresh = values.fresh || values.sample;
  if (stored === undefined) await rm(new URL(incrementalFile, root), { force: true });
  else {
    const seed = run.seededBy === undefined ? undefined : { path: storedFile(run.seededBy), scope };
    await checkOut(stored, fileURLToPath(new URL(incrementalFile, root)), fresh && !narrowedTo, currentText, seed);
  }
  // `logLevel` is a const enum in Stryker's types: the object is cast, not typed.
  const options = {
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner"],
    vitest: { configFile: run.vitestConfig, related: false },
    mutate: narrowedTo ? [...narrowedTo, ...run.mutate.filter((glob) => glob.startsWith("!"))] : run.mutate,
    // Only the mutated files get `// @ts-nocheck` (by default Stryker marks every file, and in place a
    // change made to any of them during a run would be undone when it restores them).
    disableTypeChecks: globOf((narrowedTo ?? run.mutate).filter((glob) => !glob.startsWith("!")).map(fileGlob)),
    coverageAnalysis: "perTest",
    // The workspace's packages resolve each other through node_modules links a sandbox copy would lose.
    inPlace: true,
    tempDirName: ".stryker-tmp",
    concurrency: Number(values.concurrency),
    ignoreStatic: values["ignore-static"],
    incremental: true,
    incrementalFile,
    force: fresh && narrowedTo !== undefined,
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
  if (stored !== undefined) await keep(fileURLToPath(new URL(incrementalFile, root)), stored);
  const result: RunResult = { run, detected: 0, undetected: 0, errors: 0, ignored: 0, survivors: [], killed: [], seconds };
  const sorted = [...results].sort(
    (a, b) =>
      a.fileName.localeCompare(b.fileName) ||
      a.location.start.line - b.location.start.line ||
      a.location.start.column - b.location.start.column,
  );
  for (const mutant of sorted) {
    if (!scope(repoRelative(rootPath, mutant.fileName) ?? mutant.fileName, mutant.location)) continue;
    if (DETECTED.has(mutant.status)) {
      result.detected++;
      result.killed.push(await identityOf(mutant));
    } else if (mutant.status === "Ignored") result.ignored++;
    else if (!UNDETECTED.has(mutant.status)) result.errors++;
    else {
      result.undetected++;
      const identity = await identityOf(mutant);
      const where = `${identity.file}:${mutant.location.start.line}:${mutant.location.start.column}`;
      const text = `${mutant.status === "NoCoverage" ? "no test reaches" : "survived"} ${where} ${mutant.mutatorName}: ${JSON.stringify(identity.original)} → ${JSON.stringify(mutant.replacement)}`;
      result.survivors.push({ identity, text });
    }
  }
  return result;
}

/** Sorts the run's survivors by their explanation and prints them. */
async function explain(result: RunResult): Promise<void> {
  const explained = { equivalent: [] as string[], killedByPackageTests: [] as string[], unexplained: [] as string[] };
  const base = result.run.explainedBy;
  const ranHere = done.map((run) => ({ name: run.run.name, killed: run.killed }));
  const kills = base === undefined ? undefined : await killsOfRun(base, ranHere, resultsDir, rootPath, currentText);
  for (const report of kills?.unreadable ?? []) console.log(`  ! ignored ${report}`);
  for (const survivor of result.survivors) {
    const equivalent = equivalents.find((entry) => sameMutant(entry, survivor.identity));
    const where = kills?.whereKilled(survivor.identity);
    if (equivalent) explained.equivalent.push(`${survivor.text}\n      equivalent: ${equivalent.reason}`);
    else if (where !== undefined)
      explained.killedByPackageTests.push(`${survivor.text}\n      killed by ${result.run.explainedBy} (${where})`);
    else explained.unexplained.push(survivor.text);
  }
  result.explained = explained;
  for (const line of explained.unexplained) console.log(`  ✗ ${line}`);
  for (const line of [...explained.killedByPackageTests, ...explained.equivalent]) console.log(`  = ${line}`);
}

/** What the store holds of the run (`--stored`). */
async function printStored(run: MutationRun, files: readonly string[]): Promise<void> {
  const runFiles = filesOf(run.mutate, files);
  const status = await storedStatus(runFiles, await readIfStored(storedFile(run.name)), currentText);
  console.log(
    `${run.name}: ${status.current.length} of ${runFiles.length} files stored and current (${status.detected} mutants detected, ${status.undetected} not), ${status.changed.length} changed since, ${status.missing.length} not stored (never run, or without mutants)`,
  );
  for (const file of status.changed) console.log(`  changed since: ${file}`);
  for (const file of status.missing) console.log(`  not stored:    ${file}`);
}

const percent = (detected: number, undetected: number): string =>
  detected + undetected === 0 ? "n/a" : `${((100 * detected) / (detected + undetected)).toFixed(2)}%`;

const chosen = values.sample ? SAMPLE : RUNS.filter((run) => !values.run || values.run.some((name) => run.name.startsWith(name)));
if (chosen.length === 0) {
  console.error(`pnpm mutation: no run matches ${values.run?.join(", ")}\n\n${HELP}`);
  process.exit(2);
}
const files = values.mutate || values.stored ? repositoryFiles() : [];
if (values.stored) {
  for (const run of chosen.map(widened)) await printStored(run, files);
  process.exit(0);
}
const runs = chosen.map(widened).flatMap((run) => narrowed(run, files) ?? []);
if (runs.length === 0) {
  console.error(`pnpm mutation: --mutate ${values.mutate?.join(" ")} names no file of ${chosen.map((run) => run.name).join(", ")}`);
  process.exit(2);
}

console.log(
  `mutation testing: ${runs.length} run(s), concurrency ${values.concurrency}, load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
);
const done: RunResult[] = [];
/** Whether a run of this invocation not yet done may kill the result's survivors: their list waits for it. */
const waiting = (result: RunResult): boolean =>
  result.run.explainedBy !== undefined && runs.slice(done.length).some((run) => isRunOf(run.name, result.run.explainedBy as string));
for (const run of runs) {
  console.log(
    `\n== ${run.name}: ${(run.narrowedTo ?? run.mutate).filter((glob) => !glob.startsWith("!")).join(", ")} against ${run.vitestConfig}`,
  );
  const result = await mutationRun(run);
  done.push(result);
  console.log(
    `${run.name}: ${percent(result.detected, result.undetected)} (${result.detected} killed, ${result.undetected} not; ${result.errors} invalid${result.ignored > 0 ? `; ${result.ignored} static not run` : ""}) in ${Math.round(result.seconds)} s, load average ${loadavg()[0]?.toFixed(1)}`,
  );
  if (!waiting(result)) await explain(result);
  else if (result.survivors.length > 0)
    console.log(`  (its ${result.survivors.length} survivors are listed once ${result.run.explainedBy} has run)`);
  for (const earlier of done.filter((earlier) => earlier.explained === undefined && !waiting(earlier))) {
    if (earlier.survivors.length > 0) console.log(`${earlier.run.name}'s survivors, with what ${earlier.run.explainedBy} killed:`);
    await explain(earlier);
  }
}

console.log("\n== scores");
let failed = false;
const summary: Record<string, unknown> = {};
for (const goal of ["conformance", "whole"] as Goal[]) {
  const group = done.filter((result) => result.run.goal === goal);
  if (group.length === 0) continue;
  const count = (list: "equivalent" | "killedByPackageTests" | "unexplained"): number =>
    group.reduce((sum, result) => sum + (result.explained?.[list].length ?? 0), 0);
  const detected = group.reduce((sum, result) => sum + result.detected, 0);
  const undetected = group.reduce((sum, result) => sum + result.undetected, 0);
  const equivalent = count("equivalent");
  const killedByPackageTests = count("killedByPackageTests");
  const unexplained = count("unexplained");
  const ignored = group.reduce((sum, result) => sum + result.ignored, 0);
  // Like Stryker's own ignored mutants, an equivalent one counts in neither column: no test can kill it. One the
  // package's tests kill still counts against the conformance suite alone.
  const missed = unexplained + killedByPackageTests;
  const score = detected / Math.max(1, detected + missed);
  // The whole-* runs' tests are each a part of the whole suite (runs.ts): what they kill, the whole suite kills.
  const parts = group.filter((result) => result.run.vitestConfig !== "mutation/vitest.whole.ts").map((result) => result.run.vitestConfig);
  const label =
    goal === "conformance"
      ? "conformance suite alone, adapter mutants"
      : `whole suite, core and adapter mutants${parts.length > 0 ? ` (a lower bound: tests of ${[...new Set(parts)].join(", ")} only)` : ""}`;
  const met = score >= GOALS[goal];
  console.log(
    `${label}: ${percent(detected, missed)} of the non-equivalent mutants killed (${detected} of ${detected + missed}; goal ${GOALS[goal] * 100}%: ${met ? "met" : "MISSED"}); ${percent(detected, undetected)} of all ${detected + undetected}; ${equivalent} survivors listed as equivalent, ${killedByPackageTests > 0 ? `${killedByPackageTests} killed by the package's tests, ` : ""}${unexplained} unexplained${ignored > 0 ? `; ${ignored} static mutants not run` : ""}`,
  );
  summary[goal] = {
    detected,
    undetected,
    equivalent,
    killedByPackageTests,
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
