// What the store holds of a run (`pnpm mutation --stored`): which of the run's files have stored results that are
// still current, which changed since (Stryker retests their changed parts), and which none (never run, or without
// mutants: Stryker reports only files with mutants).
import type { schema } from "@stryker-mutator/api/core";
import { type CurrentText, DETECTED, UNDETECTED } from "./_mutants.ts";

export interface StoredStatus {
  /** The run's files whose stored text is their text now. */
  current: string[];
  /** The run's files stored with another text. */
  changed: string[];
  /** The run's files with no stored results: never run, or without mutants. */
  missing: string[];
  /** The verdicts stored for the current files: detected (killed or timed out), and not. */
  detected: number;
  undetected: number;
}

/** Sorts the run's files (repo-relative) by what `stored` (the run's stored results, if any) holds of them. */
export async function storedStatus(
  runFiles: readonly string[],
  stored: schema.MutationTestResult | undefined,
  currentText: CurrentText,
): Promise<StoredStatus> {
  const status: StoredStatus = { current: [], changed: [], missing: [], detected: 0, undetected: 0 };
  for (const file of runFiles) {
    const result = stored?.files[file];
    if (result === undefined) status.missing.push(file);
    else if ((await currentText(file)) !== result.source) status.changed.push(file);
    else {
      status.current.push(file);
      status.detected += result.mutants.filter((mutant) => DETECTED.has(mutant.status)).length;
      status.undetected += result.mutants.filter((mutant) => UNDETECTED.has(mutant.status)).length;
    }
  }
  return status;
}
