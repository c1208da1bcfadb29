import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { schema } from "@stryker-mutator/api/core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  addReportKills,
  type CurrentText,
  identify,
  Kills,
  killsOfRun,
  type MutantIdentity,
  sameMutant,
  storedResultsOf,
  textReader,
} from "./_mutants.ts";

const SOURCE = ["export function f(a: number) {", "  if (a > 1) {", '    return "big";', "  }", '  return "small";', "}", ""].join("\n");
/** The same code one line lower: the mutants keep their identity. */
const MOVED = `// a comment\n${SOURCE}`;

const BIG: MutantIdentity = {
  file: "src/f.ts",
  line: 'return "big";',
  column: 8,
  mutator: "StringLiteral",
  original: '"big"',
  replacement: '""',
};

const SMALL: MutantIdentity = { ...BIG, line: 'return "small";', original: '"small"' };

type Status = schema.MutantStatus;

/** The message JSON.parse gives for `text`. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

function mutant(id: string, status: Status, line: number, column: number, endColumn: number, mutatorName: string, replacement: string) {
  return { id, status, mutatorName, replacement, location: { start: { line, column }, end: { line, column: endColumn } } };
}

function report(
  files: Record<string, { source: string; mutants: schema.MutantResult[] }>,
  projectRoot?: string,
): schema.MutationTestResult {
  const entries = Object.entries(files).map(([name, file]) => [name, { language: "typescript", ...file }]);
  return {
    schemaVersion: "2",
    thresholds: { high: 95, low: 90 },
    files: Object.fromEntries(entries),
    ...(projectRoot === undefined ? {} : { projectRoot }),
  };
}

describe("identify", () => {
  test("names a mutant by its trimmed line, its column in it and the text it replaces", () => {
    const location = { start: { line: 3, column: 12 }, end: { line: 3, column: 17 } };
    expect(identify("src/f.ts", SOURCE, location, "StringLiteral", '""')).toEqual(BIG);
  });

  test("gives the same identity to the mutant moved down a line", () => {
    const location = { start: { line: 4, column: 12 }, end: { line: 4, column: 17 } };
    expect(sameMutant(identify("src/f.ts", MOVED, location, "StringLiteral", '""'), BIG)).toBe(true);
  });

  test("takes every line of a mutant spanning several as its original text", () => {
    const location = { start: { line: 2, column: 14 }, end: { line: 4, column: 4 } };
    expect(identify("src/f.ts", SOURCE, location, "BlockStatement", "{}")).toEqual({
      file: "src/f.ts",
      line: "if (a > 1) {",
      column: 12,
      mutator: "BlockStatement",
      original: '{\n    return "big";\n  }',
      replacement: "{}",
    });
  });

  test("tells apart mutants differing in one field only", () => {
    expect(sameMutant(BIG, { ...BIG, replacement: '"Stryker was here!"' })).toBe(false);
    expect(sameMutant(BIG, { ...BIG, column: 9 })).toBe(false);
    expect(sameMutant(BIG, { ...BIG, mutator: "ConditionalExpression" })).toBe(false);
    expect(sameMutant(BIG, { ...BIG, file: "src/g.ts" })).toBe(false);
  });
});

describe("addReportKills", () => {
  const current = (texts: Record<string, string>) => async (file: string) => texts[file];
  /** What a report named r.json of the file `name` (under `projectRoot`) adds for a repository at /repo whose files read `text`. */
  async function killsFrom(name: string, text: CurrentText, projectRoot?: string): Promise<Kills> {
    const kills = new Kills();
    await addReportKills(kills, report({ [name]: { source: SOURCE, mutants } }, projectRoot), "r.json", "/repo", text);
    return kills;
  }
  const mutants = [
    mutant("0", "Killed", 3, 12, 17, "StringLiteral", '""'),
    mutant("1", "Timeout", 2, 7, 12, "ConditionalExpression", "true"),
    mutant("2", "Survived", 2, 7, 12, "ConditionalExpression", "false"),
    mutant("3", "NoCoverage", 5, 10, 17, "StringLiteral", '""'),
  ];
  const survivedFalse = identify("src/f.ts", SOURCE, mutants[2]?.location as schema.Location, "ConditionalExpression", "false");
  const timedOut = identify("src/f.ts", SOURCE, mutants[1]?.location as schema.Location, "ConditionalExpression", "true");

  test("takes the killed and timed-out mutants of a file whose text is the report's, with the report's name", async () => {
    const kills = await killsFrom("src/f.ts", current({ "src/f.ts": SOURCE }), "/repo");
    expect(kills.size).toBe(2);
    expect(kills.whereKilled(BIG)).toBe("r.json");
    expect(kills.whereKilled(timedOut)).toBe("r.json");
    expect(kills.whereKilled(survivedFalse)).toBeUndefined();
  });

  test("ignores every verdict on a file changed since the report (stale), even a line moved", async () => {
    const kills = await killsFrom("src/f.ts", current({ "src/f.ts": MOVED }), "/repo");
    expect(kills.size).toBe(0);
  });

  test("ignores a file that no longer exists", async () => {
    const kills = await killsFrom("src/f.ts", current({}), "/repo");
    expect(kills.size).toBe(0);
  });

  test("reads absolute file names, and names relative to the report's projectRoot", async () => {
    const absolute = await killsFrom("/repo/src/f.ts", current({ "src/f.ts": SOURCE }));
    expect(absolute.whereKilled(BIG)).toBe("r.json");
    const nested = await killsFrom("f.ts", current({ "src/f.ts": SOURCE }), "/repo/src");
    expect(nested.whereKilled(BIG)).toBe("r.json");
  });

  test("ignores a file outside the repository", async () => {
    const kills = await killsFrom("/elsewhere/src/f.ts", async () => SOURCE);
    expect(kills.size).toBe(0);
  });
});

/** Writes `content` as stored results are written: gzipped. */
const store = (path: string, content: string) => writeFile(path, gzipSync(content));

describe("the stored results of a run", () => {
  let repo: string;
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), "fnport-mutants-"));
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  test("are its own and those of the run with the whole suite, not another run's nor Stryker's working files", async () => {
    const results = join(repo, "mutation/results");
    await mkdir(results, { recursive: true });
    const names = [
      "whole-cloud-run.incremental.json.gz",
      "whole-cloud-run.incremental.json",
      "whole-cloud-run.json",
      "whole-cloud-run--whole-suite.incremental.json.gz",
      "whole-cloud-run-next.incremental.json.gz",
      "conformance-cloud-run.incremental.json.gz",
    ];
    for (const name of names) await writeFile(join(results, name), "{}");
    expect(await storedResultsOf(results, "whole-cloud-run")).toEqual([
      join(results, "whole-cloud-run--whole-suite.incremental.json.gz"),
      join(results, "whole-cloud-run.incremental.json.gz"),
    ]);
  });

  test("are none when there is no results folder", async () => {
    expect(await storedResultsOf(join(repo, "mutation/results"), "whole-cloud-run")).toEqual([]);
  });

  test("add their kills to this invocation's, which are named first", async () => {
    const results = join(repo, "mutation/results");
    await mkdir(join(repo, "src"), { recursive: true });
    await mkdir(results, { recursive: true });
    await writeFile(join(repo, "src/f.ts"), SOURCE);
    const killed = report(
      {
        "src/f.ts": {
          source: SOURCE,
          mutants: [mutant("0", "Killed", 3, 12, 17, "StringLiteral", '""'), mutant("1", "Killed", 5, 10, 17, "StringLiteral", '""')],
        },
      },
      repo,
    );
    await store(join(results, "whole-x.incremental.json.gz"), JSON.stringify(killed));
    const ranHere = [
      { name: "whole-x", killed: [BIG] },
      { name: "conformance-x", killed: [SMALL] },
    ];
    const kills = await killsOfRun("whole-x", ranHere, results, repo, textReader(repo));
    expect(kills.size).toBe(2);
    expect(kills.whereKilled(BIG)).toBe("whole-x, this invocation");
    expect(kills.whereKilled(SMALL)).toBe("mutation/results/whole-x.incremental.json.gz");
  });

  test("name the results that cannot be read, and still count the others", async () => {
    const results = join(repo, "mutation/results");
    await mkdir(join(repo, "src"), { recursive: true });
    await mkdir(results, { recursive: true });
    await writeFile(join(repo, "src/f.ts"), SOURCE);
    const killed = report({ "src/f.ts": { source: SOURCE, mutants: [mutant("0", "Killed", 3, 12, 17, "StringLiteral", '""')] } }, repo);
    await store(join(results, "whole-x.incremental.json.gz"), JSON.stringify(killed));
    await store(join(results, "whole-x--a.incremental.json.gz"), "[]");
    await store(join(results, "whole-x--b.incremental.json.gz"), '{"files":');
    await writeFile(join(results, "whole-x--c.incremental.json.gz"), JSON.stringify(killed));
    const kills = await killsOfRun("whole-x", [], results, repo, textReader(repo));
    expect(kills.whereKilled(BIG)).toBe("mutation/results/whole-x.incremental.json.gz");
    expect(kills.unreadable).toEqual([
      'mutation/results/whole-x--a.incremental.json.gz: not a mutation testing report (no "files")',
      `mutation/results/whole-x--b.incremental.json.gz: ${jsonError('{"files":')}`,
      "mutation/results/whole-x--c.incremental.json.gz: incorrect header check",
    ]);
  });
});
