import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { schema } from "@stryker-mutator/api/core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkOut, keep, readStored, seeded, slim, storePath } from "./_store.ts";

/** The test files as WRITTEN has them. */
const unchanged = async (file: string) => (file === "test/f.test.ts" ? "test('adds')" : undefined);

const location = { start: { line: 1, column: 8 }, end: { line: 1, column: 9 } };

/** An incremental report as Stryker writes it: a killed, a survived and a timed-out mutant, its options, its root. */
const WRITTEN = {
  schemaVersion: "2",
  thresholds: { high: 95, low: 90 },
  projectRoot: "/tmp/ci7",
  config: { concurrency: 2, mutate: ["src/f.ts"] },
  framework: { name: "StrykerJS" },
  files: {
    "src/f.ts": {
      language: "typescript",
      source: "a = b + c;\n",
      mutants: [
        {
          id: "0",
          mutatorName: "ArithmeticOperator",
          replacement: "b - c",
          status: "Killed",
          location,
          coveredBy: ["1", "2", "3"],
          killedBy: ["2"],
        },
        { id: "1", mutatorName: "ArithmeticOperator", replacement: "b * c", status: "Survived", location, coveredBy: ["1", "2"] },
        { id: "2", mutatorName: "ArithmeticOperator", replacement: "b / c", status: "Timeout", location, coveredBy: ["3"] },
      ],
    },
  },
  testFiles: {
    "test/f.test.ts": {
      source: "test('adds')",
      tests: [
        { id: "1", name: "adds" },
        { id: "2", name: "b" },
        { id: "3", name: "c" },
      ],
    },
  },
} as unknown as schema.MutationTestResult;

test("slimmed results keep what the next run reuses: a killed mutant's killers, every other mutant's coverage", () => {
  expect(slim(WRITTEN)).toEqual({
    schemaVersion: "2",
    thresholds: { high: 95, low: 90 },
    files: {
      "src/f.ts": {
        language: "typescript",
        source: "a = b + c;\n",
        // By place, mutator and replacement ("*" < "-" < "/"), numbered in that order; the tests renumbered too.
        mutants: [
          { id: "0", mutatorName: "ArithmeticOperator", replacement: "b * c", status: "Survived", location, coveredBy: ["0", "1"] },
          { id: "1", mutatorName: "ArithmeticOperator", replacement: "b - c", status: "Killed", location, killedBy: ["1"] },
          { id: "2", mutatorName: "ArithmeticOperator", replacement: "b / c", status: "Timeout", location, coveredBy: ["2"] },
        ],
      },
    },
    testFiles: {
      "test/f.test.ts": {
        source: "test('adds')",
        tests: [
          { id: "0", name: "adds" },
          { id: "1", name: "b" },
          { id: "2", name: "c" },
        ],
      },
    },
  });
});

test("slimmed results are the same for the same results in another order, with other ids, reasons and empty lists", () => {
  const file = WRITTEN.files["src/f.ts"] as schema.FileResult;
  const ids: Record<string, string> = { "1": "t9", "2": "t7", "3": "t8" };
  const renamed = (list: string[] | undefined) => list?.map((id) => ids[id] as string).reverse();
  const shuffled = {
    ...WRITTEN,
    files: {
      "src/z.ts": { language: "typescript", source: "", mutants: [] },
      "src/f.ts": {
        ...file,
        mutants: [...file.mutants].reverse().map((mutant, index) => ({
          ...mutant,
          id: `m${index}`,
          statusReason: "why",
          // What Stryker adds to a mutant it kept without testing it.
          relativeFileName: "src/f.ts",
          coveredBy: renamed(mutant.coveredBy),
          killedBy: renamed(mutant.killedBy) ?? [],
        })),
      },
    },
    testFiles: {
      "test/f.test.ts": {
        source: "test('adds')",
        tests: (WRITTEN.testFiles?.["test/f.test.ts"]?.tests ?? []).map((test) => ({ ...test, id: ids[test.id] as string })),
      },
    },
  } as schema.MutationTestResult;
  const again = slim(shuffled);
  expect(Object.keys(again.files)).toEqual(["src/f.ts", "src/z.ts"]);
  expect(again.files["src/f.ts"]).toEqual(slim(WRITTEN).files["src/f.ts"]);
  expect(again.testFiles).toEqual(slim(WRITTEN).testFiles);
});

describe("a run seeded by another whose tests are a part of its own", () => {
  const seed = slim(WRITTEN);
  const everywhere = () => true;
  const killed = seed.files["src/f.ts"]?.mutants.find((mutant) => mutant.status === "Killed") as schema.MutantResult;

  test("with no results of its own, starts from the seed's kills alone, with the tests that killed them", () => {
    expect(seeded(undefined, seed, everywhere)).toEqual({
      schemaVersion: "2",
      thresholds: { high: 95, low: 90 },
      files: {
        "src/f.ts": { language: "typescript", source: "a = b + c;\n", mutants: [{ ...killed, id: "seed-1", killedBy: ["seed-1"] }] },
      },
      testFiles: {
        "test/f.test.ts": {
          source: "test('adds')",
          tests: (seed.testFiles?.["test/f.test.ts"]?.tests ?? []).map((test) => ({ ...test, id: `seed-${test.id}` })),
        },
      },
    });
  });

  test("keeps its own verdicts, adds the kills it lacks of a file of the same text, killed by its own tests of the same names", () => {
    const mutants = seed.files["src/f.ts"]?.mutants ?? [];
    const [survivor, , timeout] = mutants as [schema.MutantResult, schema.MutantResult, schema.MutantResult];
    const own = {
      ...seed,
      files: { "src/f.ts": { ...seed.files["src/f.ts"], mutants: [{ ...timeout, id: "0", coveredBy: ["0"] }] } },
      testFiles: {
        "test/f.test.ts": {
          source: "test('adds')",
          tests: [
            { id: "0", name: "b" },
            { id: "1", name: "own" },
          ],
        },
      },
    } as schema.MutationTestResult;
    const merged = seeded(own, seed, everywhere);
    expect(merged.files["src/f.ts"]?.mutants).toEqual([
      { ...timeout, id: "0", coveredBy: ["0"] },
      { ...killed, id: "seed-1", killedBy: ["0"] },
    ]);
    expect(merged.files["src/f.ts"]?.mutants).not.toContainEqual(expect.objectContaining({ replacement: survivor.replacement }));
    expect(merged.testFiles?.["test/f.test.ts"]?.tests).toEqual([
      { id: "0", name: "b" },
      { id: "1", name: "own" },
      { id: "seed-0", name: "adds" },
      { id: "seed-2", name: "c" },
    ]);
  });

  test("takes nothing of a file, or of a test file, whose text differs from its own", () => {
    const own = {
      ...seed,
      files: { "src/f.ts": { language: "typescript", source: "a = b - c;\n", mutants: [] } },
      testFiles: { "test/f.test.ts": { source: "test('adds', () => {})", tests: [{ id: "0", name: "b" }] } },
    } as schema.MutationTestResult;
    expect(seeded(own, seed, everywhere)).toEqual(own);
    const ownTests = { ...own, files: { "src/g.ts": { language: "typescript", source: "", mutants: [] } } } as schema.MutationTestResult;
    // Its killers are tests the run has under another text: the seed's kill is not taken.
    expect(seeded(ownTests, seed, everywhere).files).toEqual(ownTests.files);
  });

  test("takes no kill of a mutant the run does not test, which Stryker would keep untested as the run's own", () => {
    expect(seeded(undefined, seed, (file) => file !== "src/f.ts").files).toEqual({});
    expect(seeded(undefined, seed, (_, place) => place.start.line === 1).files["src/f.ts"]?.mutants).toHaveLength(1);
  });
});

test("a run is stored under its name", () => {
  expect(storePath("whole-cloud-run")).toBe("mutation/results/whole-cloud-run.incremental.json.gz");
  expect(storePath("whole-cloud-run--whole-suite")).toBe("mutation/results/whole-cloud-run--whole-suite.incremental.json.gz");
});

describe("the results of a run", () => {
  let dir: string;
  let stored: string;
  let workingCopy: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "fnport-store-"));
    stored = join(dir, "results/whole-x.incremental.json.gz");
    workingCopy = join(dir, "reports/whole-x.incremental.json");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("are kept slimmed and gzipped, and given to the next run as Stryker's incremental file", async () => {
    await mkdir(join(dir, "reports"));
    await writeFile(workingCopy, JSON.stringify(WRITTEN));
    await keep(workingCopy, stored);
    expect(JSON.parse(gunzipSync(await readFile(stored)).toString("utf8"))).toEqual(slim(WRITTEN));
    expect(await readStored(stored)).toEqual(slim(WRITTEN));
    await rm(workingCopy);
    await checkOut(stored, workingCopy, false, unchanged);
    expect(JSON.parse(await readFile(workingCopy, "utf8"))).toEqual(slim(WRITTEN));
  });

  test("given to a run leave out the tests of a test file changed since, so that what they killed is retested", async () => {
    await mkdir(join(dir, "reports"));
    await writeFile(workingCopy, JSON.stringify(WRITTEN));
    await keep(workingCopy, stored);
    await checkOut(stored, workingCopy, false, async () => "test('adds', () => expect(1).toBe(1))");
    expect(JSON.parse(await readFile(workingCopy, "utf8"))).toEqual({ ...slim(WRITTEN), testFiles: {} });
  });

  test("given to a run after tests changed leave out the mutants run at import that were not killed", async () => {
    const file = WRITTEN.files["src/f.ts"] as schema.FileResult;
    const atImport = {
      ...WRITTEN,
      files: { "src/f.ts": { ...file, mutants: file.mutants.map((mutant) => ({ ...mutant, static: true })) } },
    };
    await mkdir(join(dir, "reports"));
    await writeFile(workingCopy, JSON.stringify(atImport));
    await keep(workingCopy, stored);
    await checkOut(stored, workingCopy, false, unchanged);
    const kept = JSON.parse(await readFile(workingCopy, "utf8")) as schema.MutationTestResult;
    expect(kept.files["src/f.ts"]?.mutants.map((mutant) => mutant.status)).toEqual(["Survived", "Killed", "Timeout"]);
    await checkOut(stored, workingCopy, false, async () => "test('adds', () => expect(1).toBe(1))");
    const retested = JSON.parse(await readFile(workingCopy, "utf8")) as schema.MutationTestResult;
    expect(retested.files["src/f.ts"]?.mutants.map((mutant) => mutant.status)).toEqual(["Killed"]);
  });

  test("given to a fresh run are none, and a working copy left by an earlier run is not used in their place", async () => {
    await mkdir(join(dir, "reports"));
    await writeFile(workingCopy, JSON.stringify(WRITTEN));
    await keep(workingCopy, stored);
    await checkOut(stored, workingCopy, true, unchanged);
    await expect(readFile(workingCopy)).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("are none for a run never stored, whatever working copy is left", async () => {
    await mkdir(join(dir, "reports"));
    await writeFile(workingCopy, JSON.stringify(WRITTEN));
    await checkOut(stored, workingCopy, false, unchanged);
    await expect(readFile(workingCopy)).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("given to a run with a seed include the seed's kills, and none when it starts afresh", async () => {
    const seed = join(dir, "results/conformance-x.incremental.json.gz");
    await mkdir(join(dir, "reports"));
    await writeFile(workingCopy, JSON.stringify(WRITTEN));
    await keep(workingCopy, seed);
    await checkOut(stored, workingCopy, false, unchanged, { path: seed, scope: () => true });
    expect(JSON.parse(await readFile(workingCopy, "utf8"))).toEqual(seeded(undefined, slim(WRITTEN), () => true));
    await checkOut(stored, workingCopy, true, unchanged, { path: seed, scope: () => true });
    await expect(readFile(workingCopy)).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("that cannot be read stop the run with the file named, rather than start it from nothing", async () => {
    await mkdir(join(dir, "results"));
    await writeFile(stored, "not gzip");
    await expect(checkOut(stored, workingCopy, false, unchanged)).rejects.toThrow(
      `mutation: cannot read ${stored}: incorrect header check`,
    );
  });
});
