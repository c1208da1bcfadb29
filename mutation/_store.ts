// The results of every run, kept in the repository (mutation/results/<run>.incremental.json.gz) so that runs made
// at different times, on different machines, add up: Stryker starts each run from the run's stored results and
// retests only what changed since (its incremental mode), and runs narrowed by `--mutate` each add their part.
// Stryker's own incremental file (mutation/reports/<run>.incremental.json, not committed) is its working copy.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { schema } from "@stryker-mutator/api/core";

/** How the file of a run's stored results is named after the run. */
export const STORED_SUFFIX = ".incremental.json.gz";

/** Where the run's results are kept, repo-relative. */
export const storePath = (run: string): string => `mutation/results/${run}${STORED_SUFFIX}`;

/**
 * What of Stryker's incremental report the next run needs, and only that: each file's text and mutants, each test
 * file's text and tests. A killed mutant keeps the tests that killed it, not every test that covered it: Stryker
 * reuses a kill while one of its killers is unchanged, and reruns any other mutant a new test covers (for which it
 * needs that mutant's whole coverage). The run's options and absolute paths are left out.
 */
export function slim(report: schema.MutationTestResult): schema.MutationTestResult {
  const files = Object.fromEntries(
    Object.entries(report.files).map(([name, file]) => [
      name,
      { ...file, mutants: file.mutants.map((mutant) => (mutant.status === "Killed" ? withoutCoverage(mutant) : mutant)) },
    ]),
  );
  const slimmed: schema.MutationTestResult = { schemaVersion: report.schemaVersion, thresholds: report.thresholds, files };
  if (report.testFiles !== undefined) slimmed.testFiles = report.testFiles;
  return slimmed;
}

function withoutCoverage({ coveredBy: _, ...mutant }: schema.MutantResult): schema.MutantResult {
  return mutant;
}

/** Reads stored results (gzipped JSON). */
export async function readStored(path: string): Promise<schema.MutationTestResult> {
  return JSON.parse(gunzipSync(await readFile(path)).toString("utf8")) as schema.MutationTestResult;
}

/**
 * Gives Stryker the stored results as its incremental file (`workingCopy`), or none when there are none or the run
 * starts afresh: a working copy left by an earlier run here is never used in their place.
 */
export async function checkOut(stored: string, workingCopy: string, fresh: boolean): Promise<void> {
  await rm(workingCopy, { force: true });
  if (fresh) return;
  const report = await readStored(stored).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new Error(`mutation: cannot read ${stored}: ${error.message}`);
  });
  if (report === undefined) return;
  await mkdir(dirname(workingCopy), { recursive: true });
  await writeFile(workingCopy, JSON.stringify(report));
}

/** Keeps the incremental file a finished run wrote, slimmed and gzipped. */
export async function keep(workingCopy: string, stored: string): Promise<void> {
  const report = JSON.parse(await readFile(workingCopy, "utf8")) as schema.MutationTestResult;
  await mkdir(dirname(stored), { recursive: true });
  await writeFile(stored, gzipSync(`${JSON.stringify(slim(report), null, 1)}\n`, { level: 9 }));
}
