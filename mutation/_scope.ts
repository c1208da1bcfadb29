// Which mutants a run counts. Stryker keeps, in its incremental file, the results of the mutants a run narrowed by
// `--mutate` did not test (so that runs of parts add up to the whole), and of files the run no longer mutates at
// all; it reports them with the rest. A run counts only the mutants its own patterns name.
import { minimatch } from "minimatch";

/** A mutant's place as Stryker reports it: lines and columns from 1, the end excluded. */
export interface Place {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** Whether a mutant of `file` (repo-relative, with `/`) at `place` is one the run counts. */
export type Scope = (file: string, place: Place) => boolean;

/** `FILE:LINE-LINE` or `FILE:LINE:COLUMN-LINE:COLUMN`, as Stryker's `mutate` reads them (its columns from 0). */
const RANGE = /^(.*?):(\d+)(?::(\d+))?-(\d+)(?::(\d+))?$/;

interface Pattern {
  glob: string;
  /** The lines (from 1) and columns (from 0) of the range, the whole file when undefined. */
  range?: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** The file glob of a `mutate` pattern, without its range. */
export const fileGlob = (pattern: string): string => parse(pattern).glob;

function parse(pattern: string): Pattern {
  const match = RANGE.exec(pattern);
  if (!match) return { glob: pattern };
  const [, glob = "", startLine, startColumn = "0", endLine, endColumn = `${Number.MAX_SAFE_INTEGER}`] = match;
  return {
    glob,
    range: { start: { line: Number(startLine), column: Number(startColumn) }, end: { line: Number(endLine), column: Number(endColumn) } },
  };
}

/** Whether position `a` comes at or after `b` (line first, then column). */
const atOrAfter = (a: { line: number; column: number }, b: { line: number; column: number }): boolean =>
  a.line > b.line || (a.line === b.line && a.column >= b.column);

/** Whether `pattern` names the mutant: its file matches the glob and the mutant lies wholly in the range. */
function names(pattern: Pattern, file: string, place: Place): boolean {
  if (!minimatch(file, pattern.glob)) return false;
  if (pattern.range === undefined) return true;
  const start = { line: place.start.line, column: place.start.column - 1 };
  const end = { line: place.end.line, column: place.end.column - 1 };
  return atOrAfter(start, pattern.range.start) && atOrAfter(pattern.range.end, end);
}

/**
 * The run's scope: the mutants its `mutate` patterns name (in order, as Stryker reads them: a `!glob` takes out
 * the files it matches from what came before it), narrowed, when `--mutate` patterns are given, to the mutants
 * one of those names.
 */
export function scopeOf(mutate: readonly string[], narrowedTo?: readonly string[]): Scope {
  const patterns = mutate.map((pattern) => ({ excludes: pattern.startsWith("!"), pattern: parse(pattern.replace(/^!/, "")) }));
  const narrowing = narrowedTo?.filter((pattern) => !pattern.startsWith("!")).map(parse);
  return (file, place) => {
    let counted = false;
    for (const { excludes, pattern } of patterns) {
      if (excludes) counted &&= !minimatch(file, pattern.glob);
      else counted ||= names(pattern, file, place);
    }
    return counted && (narrowing === undefined || narrowing.some((pattern) => names(pattern, file, place)));
  };
}

/**
 * The `--mutate` patterns that name some of the run's files (`files`: the repository's, repo-relative): only those
 * are given to Stryker, which would otherwise mutate, and store with the run, files the run does not test.
 */
export function narrowingOf(mutate: readonly string[], narrowedTo: readonly string[], files: readonly string[]): string[] {
  const inRun = filesOf(mutate, files);
  return narrowedTo.filter((pattern) => pattern.startsWith("!") || inRun.some((file) => minimatch(file, fileGlob(pattern))));
}

/** The files among `files` (repo-relative) that a run's `mutate` patterns name, whole or in part. */
export function filesOf(mutate: readonly string[], files: readonly string[]): string[] {
  const wholeFile = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
  const inRun = scopeOf(mutate.map((pattern) => (pattern.startsWith("!") ? pattern : fileGlob(pattern))));
  return files.filter((file) => inRun(file, wholeFile));
}
