import { describe, expect, test } from "vitest";
import { fileGlob, filesOf, narrowingOf, scopeOf } from "./_scope.ts";

/** A mutant on one line, its columns from 1 as Stryker reports them (the end excluded). */
const at = (line: number, column: number, endColumn: number) => ({ start: { line, column }, end: { line, column: endColumn } });

const LAMBDA = ["packages/aws-lambda/src/**/*.ts", "!**/*.test.ts", "!packages/aws-lambda/src/index.ts"];

describe("a run's scope", () => {
  test("is every mutant of the files its globs name, but those a later `!glob` takes out", () => {
    const scope = scopeOf(LAMBDA);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(3, 1, 5))).toBe(true);
    expect(scope("packages/aws-lambda/src/http/stream.ts", at(300, 1, 5))).toBe(true);
    expect(scope("packages/aws-lambda/src/index.ts", at(3, 1, 5))).toBe(false);
    expect(scope("packages/aws-lambda/src/sqs.test.ts", at(3, 1, 5))).toBe(false);
    // A file the run no longer mutates, whose results Stryker still keeps.
    expect(scope("packages/core/src/runner.ts", at(3, 1, 5))).toBe(false);
  });

  test("narrowed by --mutate, is the mutants of the files named there and in the run", () => {
    const scope = scopeOf(LAMBDA, ["packages/aws-lambda/src/sqs.ts"]);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(3, 1, 5))).toBe(true);
    expect(scope("packages/aws-lambda/src/sns.ts", at(3, 1, 5))).toBe(false);
    expect(scope("packages/aws-lambda/src/index.ts", at(3, 1, 5))).toBe(false);
    expect(scopeOf(LAMBDA, ["packages/core/src/runner.ts"])("packages/core/src/runner.ts", at(3, 1, 5))).toBe(false);
  });

  test("narrowed to lines, is the mutants wholly on them", () => {
    const scope = scopeOf(LAMBDA, ["packages/aws-lambda/src/sqs.ts:10-20"]);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(10, 1, 5))).toBe(true);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(20, 30, 90))).toBe(true);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(9, 1, 5))).toBe(false);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(21, 1, 5))).toBe(false);
    const spanning = { start: { line: 19, column: 3 }, end: { line: 22, column: 2 } };
    expect(scope("packages/aws-lambda/src/sqs.ts", spanning)).toBe(false);
  });

  test("narrowed to one mutant's span (columns from 0, as Stryker reads them), is that mutant", () => {
    // Stryker's column 12 (from 1) is column 11 from 0.
    const scope = scopeOf(LAMBDA, ["packages/aws-lambda/src/sqs.ts:3:11-3:16"]);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(3, 12, 17))).toBe(true);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(3, 11, 17))).toBe(false);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(3, 12, 18))).toBe(false);
  });

  test("narrowed to several patterns, is the mutants any of them names", () => {
    const scope = scopeOf(LAMBDA, ["packages/aws-lambda/src/sqs.ts:1-2", "packages/aws-lambda/src/sns.ts"]);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(2, 1, 5))).toBe(true);
    expect(scope("packages/aws-lambda/src/sqs.ts", at(3, 1, 5))).toBe(false);
    expect(scope("packages/aws-lambda/src/sns.ts", at(90, 1, 5))).toBe(true);
  });
});

test("a pattern's file glob is the pattern without its range", () => {
  expect(fileGlob("packages/a/src/x.ts:10-20")).toBe("packages/a/src/x.ts");
  expect(fileGlob("packages/a/src/x.ts:3:11-3:16")).toBe("packages/a/src/x.ts");
  expect(fileGlob("packages/a/src/**/*.ts")).toBe("packages/a/src/**/*.ts");
});

describe("--mutate patterns given to a run", () => {
  const files = ["packages/aws-lambda/src/sqs.ts", "packages/aws-lambda/src/index.ts", "packages/core/src/runner.ts", "README.md"];

  test("are those naming one of its files, ranges and globs included", () => {
    const given = ["packages/aws-lambda/src/sqs.ts:10-20", "packages/core/src/runner.ts", "packages/aws-lambda/src/*.ts"];
    expect(narrowingOf(LAMBDA, given, files)).toEqual(["packages/aws-lambda/src/sqs.ts:10-20", "packages/aws-lambda/src/*.ts"]);
    expect(narrowingOf(["packages/core/src/**/*.ts"], given, files)).toEqual(["packages/core/src/runner.ts"]);
  });

  test("are none for a file the run leaves out or the repository lacks, but for exclusions", () => {
    expect(narrowingOf(LAMBDA, ["packages/aws-lambda/src/index.ts", "packages/aws-lambda/src/gone.ts"], files)).toEqual([]);
    expect(narrowingOf(LAMBDA, ["!**/*.test.ts"], files)).toEqual(["!**/*.test.ts"]);
  });
});

describe("a run's files", () => {
  const files = [
    "packages/aws-lambda/src/sqs.ts",
    "packages/aws-lambda/src/index.ts",
    "packages/aws-lambda/src/sqs.test.ts",
    "packages/core/src/runner.ts",
  ];

  test("are those its globs name, but those a later `!glob` takes out", () => {
    expect(filesOf(LAMBDA, files)).toEqual(["packages/aws-lambda/src/sqs.ts"]);
  });

  test("include a file a pattern names only in part", () => {
    expect(filesOf(["packages/core/src/runner.ts:40-60"], files)).toEqual(["packages/core/src/runner.ts"]);
  });
});
