// A mutant as `pnpm mutation` names it across runs and edits (by text, as equivalent.json does: lines move, text
// does not), and the mutants other runs killed: those of this invocation and those of the stored results of
// earlier ones (mutation/results), trusted only for a file whose text has not changed since.
import { readdir, readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import type { schema } from "@stryker-mutator/api/core";
import { readStored, STORED_SUFFIX } from "./_store.ts";

/** Which mutant it is, whatever line it is on. */
export interface MutantIdentity {
  /** Repo-relative, with `/`. */
  file: string;
  /** The source line the mutant starts on, trimmed, and the mutant's column in it (from 1). */
  line: string;
  column: number;
  mutator: string;
  /** The source text the mutant replaces, exactly. */
  original: string;
  replacement: string;
}

/** A mutant's place, as the report schema gives it: lines and columns from 1, the end excluded. */
interface Location {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** The identity of the mutant at `location` of `source`, the text of `file`. */
export function identify(file: string, source: string, location: Location, mutator: string, replacement: string): MutantIdentity {
  const lines = source.split("\n");
  const start = { line: location.start.line - 1, column: location.start.column - 1 };
  const end = { line: location.end.line - 1, column: location.end.column - 1 };
  const original =
    start.line === end.line
      ? (lines[start.line] ?? "").slice(start.column, end.column)
      : [
          (lines[start.line] ?? "").slice(start.column),
          ...lines.slice(start.line + 1, end.line),
          (lines[end.line] ?? "").slice(0, end.column),
        ].join("\n");
  const rawLine = lines[start.line] ?? "";
  const indent = rawLine.length - rawLine.trimStart().length;
  return { file, line: rawLine.trim(), column: location.start.column - indent, mutator, original, replacement };
}

/** Whether two identities name the same mutant: every field equal. */
export function sameMutant(a: MutantIdentity, b: MutantIdentity): boolean {
  return keyOf(a) === keyOf(b);
}

function keyOf(identity: MutantIdentity): string {
  return JSON.stringify([identity.file, identity.line, identity.column, identity.mutator, identity.original, identity.replacement]);
}

/** The statuses that count as a kill (as in the scores: a timeout is detected). */
export const DETECTED: ReadonlySet<string> = new Set(["Killed", "Timeout"]);

/** The statuses of a mutant no test detected: it survived them, or none reached it. */
export const UNDETECTED: ReadonlySet<string> = new Set(["Survived", "NoCoverage"]);

/** Mutants some run killed, each with where that is written (a report file, or a run of this invocation). */
export class Kills {
  readonly #where = new Map<string, string>();
  /** The reports that could not be read, each with why: their kills are missing, not guessed. */
  readonly unreadable: string[] = [];

  add(identity: MutantIdentity, where: string): void {
    const key = keyOf(identity);
    if (!this.#where.has(key)) this.#where.set(key, where);
  }

  /** Where the mutant was killed, or undefined when no run here killed it. */
  whereKilled(identity: MutantIdentity): string | undefined {
    return this.#where.get(keyOf(identity));
  }

  get size(): number {
    return this.#where.size;
  }
}

/** A file's current text by repo-relative path, undefined when there is no such file. */
export type CurrentText = (file: string) => Promise<string | undefined>;

/** Reads each file of the repository once (repo-relative or absolute): the runs restore what they mutate. */
export function textReader(repoRoot: string): CurrentText {
  const texts = new Map<string, Promise<string | undefined>>();
  return (file) => {
    let text = texts.get(file);
    if (text === undefined) {
      text = readFile(resolve(repoRoot, file), "utf8").catch(() => undefined);
      texts.set(file, text);
    }
    return text;
  };
}

/**
 * What the run `base` killed (a run's `explainedBy`): in the runs of it done in this invocation (`ranHere`), then
 * in its stored results in `resultsDir`, for the files not changed since.
 */
export async function killsOfRun(
  base: string,
  ranHere: readonly { name: string; killed: readonly MutantIdentity[] }[],
  resultsDir: string,
  repoRoot: string,
  currentText: CurrentText,
): Promise<Kills> {
  const kills = new Kills();
  for (const run of ranHere.filter((run) => isRunOf(run.name, base))) {
    for (const identity of run.killed) kills.add(identity, `${run.name}, this invocation`);
  }
  for (const path of await storedResultsOf(resultsDir, base)) {
    const name = repoRelative(repoRoot, path) ?? path;
    const report = await readReport(path).catch((error: Error) => {
      kills.unreadable.push(`${name}: ${error.message}`);
    });
    if (report) await addReportKills(kills, report, name, repoRoot, currentText);
  }
  return kills;
}

/**
 * Adds to `kills` the mutants `report` says were killed, in the files whose `source` in the report is their
 * current text: for a file changed since, its verdicts are stale and left out. `repoRoot` is absolute; the
 * report's `files` keys are relative to its `projectRoot` (or absolute), and files outside the repository are
 * left out.
 */
export async function addReportKills(
  kills: Kills,
  report: schema.MutationTestResult,
  where: string,
  repoRoot: string,
  currentText: CurrentText,
): Promise<void> {
  for (const [name, result] of Object.entries(report.files)) {
    const file = repoRelative(repoRoot, isAbsolute(name) ? name : resolve(report.projectRoot ?? repoRoot, name));
    if (file === undefined || (await currentText(file)) !== result.source) continue;
    for (const mutant of result.mutants) {
      if (!DETECTED.has(mutant.status) || mutant.replacement === undefined) continue;
      kills.add(identify(file, result.source, mutant.location, mutant.mutatorName, mutant.replacement), where);
    }
  }
}

/** The path of `file` (absolute) in the repository, with `/`; undefined outside it. */
export function repoRelative(repoRoot: string, file: string): string | undefined {
  const path = relative(repoRoot, file);
  if (path === "" || path.startsWith("..") || isAbsolute(path)) return undefined;
  return path.split(sep).join("/");
}

/** Whether `name` is the run `base` or one made of it with other tests (`base--whole-suite`). */
export function isRunOf(name: string, base: string): boolean {
  return name === base || name.startsWith(`${base}--`);
}

/** The stored results in `resultsDir` of the run `base` and of the runs made of it, by name. */
export async function storedResultsOf(resultsDir: string, base: string): Promise<string[]> {
  const names = await readdir(resultsDir).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith(STORED_SUFFIX) && isRunOf(name.slice(0, -STORED_SUFFIX.length), base))
    .sort()
    .map((name) => join(resultsDir, name));
}

/** Reads stored results: a report of Stryker's (the mutation-testing-report-schema), gzipped. */
export async function readReport(path: string): Promise<schema.MutationTestResult> {
  const report = await readStored(path);
  if (typeof report !== "object" || report === null || typeof report.files !== "object" || report.files === null) {
    throw new Error('not a mutation testing report (no "files")');
  }
  return report;
}
