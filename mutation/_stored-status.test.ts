import type { schema } from "@stryker-mutator/api/core";
import { expect, test } from "vitest";
import { storedStatus } from "./_stored-status.ts";

const location = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
const mutant = (id: string, status: schema.MutantStatus) => ({ id, status, mutatorName: "BooleanLiteral", replacement: "false", location });

const STORED: schema.MutationTestResult = {
  schemaVersion: "2",
  thresholds: { high: 95, low: 90 },
  files: {
    "src/a.ts": { language: "typescript", source: "a", mutants: [mutant("0", "Killed"), mutant("1", "Timeout"), mutant("2", "Survived")] },
    "src/b.ts": { language: "typescript", source: "b", mutants: [mutant("3", "NoCoverage"), mutant("4", "CompileError")] },
    "src/c.ts": { language: "typescript", source: "c before", mutants: [mutant("5", "Killed")] },
  },
};

const texts: Record<string, string> = { "src/a.ts": "a", "src/b.ts": "b", "src/c.ts": "c now", "src/d.ts": "d" };

test("sorts a run's files into current, changed since and not stored, and counts the current files' verdicts", async () => {
  const status = await storedStatus(["src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts"], STORED, async (file) => texts[file]);
  expect(status).toEqual({ current: ["src/a.ts", "src/b.ts"], changed: ["src/c.ts"], missing: ["src/d.ts"], detected: 2, undetected: 2 });
});

test("finds every file not stored when the run has no stored results", async () => {
  const status = await storedStatus(["src/a.ts"], undefined, async (file) => texts[file]);
  expect(status).toEqual({ current: [], changed: [], missing: ["src/a.ts"], detected: 0, undetected: 0 });
});
