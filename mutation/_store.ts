// The results of every run, kept in the repository (mutation/results/<run>.incremental.json.gz) so that runs made
// at different times, on different machines, add up: Stryker starts each run from the run's stored results and
// retests only what changed since (its incremental mode), and runs narrowed by `--mutate` each add their part.
// Stryker's own incremental file (mutation/reports/<run>.incremental.json, not committed) is its working copy.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { schema } from "@stryker-mutator/api/core";
import type { Scope } from "./_scope.ts";

/** How the file of a run's stored results is named after the run. */
export const STORED_SUFFIX = ".incremental.json.gz";

/** Where the run's results are kept, repo-relative. */
export const storePath = (run: string): string => `mutation/results/${run}${STORED_SUFFIX}`;

/**
 * What of Stryker's incremental report the next run needs, and only that, in one order whatever the run's: each
 * file's text and mutants, each test file's text and tests, by name and place; the ids renumbered in that order.
 * A killed mutant keeps the tests that killed it, not every test that covered it: Stryker reuses a kill while one
 * of its killers is unchanged, and reruns any other mutant a new test covers (for which it needs that mutant's
 * whole coverage). Left out: the run's options, absolute paths, why each mutant was killed (the failed
 * assertion's message), empty lists, and what Stryker adds to the mutants it kept without testing them
 * (`relativeFileName`). A run that retests nothing stores the same bytes again.
 */
export function slim(report: schema.MutationTestResult): schema.MutationTestResult {
  const testIds = new Map<string, string>();
  const testFiles = sortedEntries(report.testFiles ?? {}).map(([name, file]) => {
    const tests = file.tests.map((test) => {
      const id = `${testIds.size}`;
      testIds.set(test.id, id);
      return { ...test, id };
    });
    return [name, { ...file, tests }] as const;
  });
  const renumbered = (ids: string[] | undefined) => ids?.flatMap((id) => testIds.get(id) ?? []).sort((a, b) => Number(a) - Number(b));
  let mutantCount = 0;
  const files = sortedEntries(report.files).map(([name, file]) => {
    const mutants = [...file.mutants].sort(byPlace).map((mutant) => {
      const { mutatorName, replacement, location, status, static: atImport, testsCompleted } = mutant;
      const slimmed: schema.MutantResult = { id: `${mutantCount++}`, mutatorName, location, status };
      if (replacement !== undefined) slimmed.replacement = replacement;
      if (atImport !== undefined) slimmed.static = atImport;
      if (testsCompleted !== undefined) slimmed.testsCompleted = testsCompleted;
      const killers = renumbered(mutant.killedBy);
      if (killers !== undefined && killers.length > 0) slimmed.killedBy = killers;
      const covering = renumbered(mutant.coveredBy);
      if (covering !== undefined && covering.length > 0 && status !== "Killed") slimmed.coveredBy = covering;
      return slimmed;
    });
    return [name, { ...file, mutants }] as const;
  });
  const slimmed: schema.MutationTestResult = {
    schemaVersion: report.schemaVersion,
    thresholds: report.thresholds,
    files: Object.fromEntries(files),
  };
  if (report.testFiles !== undefined) slimmed.testFiles = Object.fromEntries(testFiles);
  return slimmed;
}

/** Strings by their UTF-16 code units: the same order on every machine, whatever its locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const sortedEntries = <T>(record: Record<string, T>): [string, T][] => Object.entries(record).sort(([a], [b]) => compare(a, b));

/** Mutants by where they start and end, then by mutator and replacement. */
function byPlace(a: schema.MutantResult, b: schema.MutantResult): number {
  const [x, y] = [a.location, b.location];
  return (
    x.start.line - y.start.line ||
    x.start.column - y.start.column ||
    x.end.line - y.end.line ||
    x.end.column - y.end.column ||
    compare(a.mutatorName, b.mutatorName) ||
    compare(a.replacement ?? "", b.replacement ?? "")
  );
}

/**
 * The run's own results (none when it has none) with the kills of another run added (`seed`): one whose tests are a
 * part of this run's, so that what it killed, this run kills (a conformance run's, for the whole run of the same
 * adapter). A seed's mutant is added where the run has no result of its own for it: a file the run has no results
 * of, or one whose stored text is the seed's and which lacks that mutant. Only kills are added, with the tests that
 * killed them: Stryker reuses such a kill only while one of those tests is unchanged and still reaches the mutant,
 * and tests everything else, the seed's survivors among them, with every test of the run. Only the mutants the
 * run tests are added (`scope`): Stryker keeps the results of the others as they are, and would store them as the
 * run's own.
 */
export function seeded(
  own: schema.MutationTestResult | undefined,
  seed: schema.MutationTestResult,
  scope: Scope,
): schema.MutationTestResult {
  const report: schema.MutationTestResult = own ?? { schemaVersion: seed.schemaVersion, thresholds: seed.thresholds, files: {} };
  const testFiles: schema.TestFileDefinitionDictionary = { ...report.testFiles };
  // The seed's test ids as the merged report's: the run's own test of the same file and name, else the seed's, renamed.
  const seedTestIds = new Map<string, string>();
  for (const [name, file] of Object.entries(seed.testFiles ?? {})) {
    const ownFile = testFiles[name];
    if (ownFile !== undefined && ownFile.source !== file.source) continue;
    const tests = [...(ownFile?.tests ?? [])];
    for (const test of file.tests) {
      const same = tests.find((ownTest) => ownTest.name === test.name);
      const id = same?.id ?? `seed-${test.id}`;
      if (same === undefined) tests.push({ ...test, id });
      seedTestIds.set(test.id, id);
    }
    testFiles[name] = { ...file, ...ownFile, tests };
  }
  const files = { ...report.files };
  for (const [name, file] of Object.entries(seed.files)) {
    const ownFile = files[name];
    if (ownFile !== undefined && ownFile.source !== file.source) continue;
    const known = new Set(ownFile?.mutants.map(mutantKey));
    const kills = file.mutants.flatMap((mutant) => {
      const killedBy = mutant.killedBy?.flatMap((id) => seedTestIds.get(id) ?? []) ?? [];
      if (mutant.status !== "Killed" || killedBy.length === 0 || known.has(mutantKey(mutant))) return [];
      if (!scope(name, mutant.location)) return [];
      return [{ ...mutant, id: `seed-${mutant.id}`, killedBy }];
    });
    if (ownFile === undefined && kills.length === 0) continue;
    files[name] = { ...file, ...ownFile, mutants: [...(ownFile?.mutants ?? []), ...kills] };
  }
  return { ...report, files, testFiles };
}

/** What Stryker knows a mutant by across runs: its place, mutator and replacement. */
const mutantKey = ({ location: { start, end }, mutatorName, replacement }: schema.MutantResult): string =>
  `${start.line}:${start.column}-${end.line}:${end.column} ${mutatorName} ${replacement ?? ""}`;

/** Reads stored results (gzipped JSON). */
export async function readStored(path: string): Promise<schema.MutationTestResult> {
  return JSON.parse(gunzipSync(await readFile(path)).toString("utf8")) as schema.MutationTestResult;
}

/**
 * Gives Stryker the stored results as its incremental file (`workingCopy`), or none when there are none or the run
 * starts afresh: a working copy left by an earlier run here is never used in their place. The tests of a test
 * file changed since (`currentText`, by repo-relative name) are left out: Stryker knows a vitest test by its name
 * alone (the runner reports no place), so it would take a test changed under the same name for the same test and
 * keep its verdicts; left out, its tests count as new, and the mutants they killed or covered are retested, and so
 * are the mutants that run at import and were not killed. A new test file, or a conformance case changed under
 * its name, is not seen here: after those, rerun the part they reach with `--fresh`.
 */
export async function checkOut(
  stored: string,
  workingCopy: string,
  fresh: boolean,
  currentText: (file: string) => Promise<string | undefined>,
  seed?: { path: string; scope: Scope },
): Promise<void> {
  await rm(workingCopy, { force: true });
  if (fresh) return;
  const own = await readIfStored(stored);
  const seedReport = seed === undefined ? undefined : await readIfStored(seed.path);
  const report = seed === undefined || seedReport === undefined ? own : seeded(own, seedReport, seed.scope);
  if (report === undefined) return;
  const testFiles: schema.TestFileDefinitionDictionary = {};
  for (const [name, file] of Object.entries(report.testFiles ?? {})) {
    if ((await currentText(name)) === file.source) testFiles[name] = file;
  }
  const testsChanged = Object.keys(testFiles).length < Object.keys(report.testFiles ?? {}).length;
  // A mutant that runs at import is covered by no test in particular, so Stryker never sees a new or changed test
  // cover it: when tests changed, the ones that were not killed are left out, to be retested.
  const files = Object.fromEntries(
    Object.entries(report.files).map(([name, file]) => [
      name,
      { ...file, mutants: file.mutants.filter((mutant) => !testsChanged || !mutant.static || mutant.status === "Killed") },
    ]),
  );
  await mkdir(dirname(workingCopy), { recursive: true });
  await writeFile(workingCopy, JSON.stringify({ ...report, files, testFiles }));
}

/** Stored results, or undefined when there are none. */
export async function readIfStored(path: string): Promise<schema.MutationTestResult | undefined> {
  return readStored(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new Error(`mutation: cannot read ${path}: ${error.message}`);
  });
}

/** Keeps the incremental file a finished run wrote, slimmed and gzipped. */
export async function keep(workingCopy: string, stored: string): Promise<void> {
  const report = JSON.parse(await readFile(workingCopy, "utf8")) as schema.MutationTestResult;
  await mkdir(dirname(stored), { recursive: true });
  await writeFile(stored, gzipSync(`${JSON.stringify(slim(report), null, 1)}\n`, { level: 9 }));
}
