// Mutation testing reaches into the conformance server process: StrykerJS switches mutants on through a
// global of the test process (`__stryker__`), which the server's own process does not share. Under
// Stryker, the server gets the active mutant through the variable Stryker's instrumented code reads
// (`__STRYKER_ACTIVE_MUTANT__`), writes the coverage it counted to a file when it exits, and the harness
// merges it into the current test's. Outside Stryker none of this runs.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Counts = Record<string, number>;
interface Coverage {
  static: Counts;
  perTest: Record<string, Counts>;
}
interface StrykerNamespace {
  activeMutant?: string;
  currentTestId?: string;
  mutantCoverage?: Coverage;
}

/** The variable naming the file a server process writes its coverage to (`writeCoverageAtExit()`). */
export const COVERAGE_FILE_VARIABLE = "FNPORT_STRYKER_COVERAGE_FILE";

const strykerNamespace = (): StrykerNamespace | undefined => (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;

/** What a server process started now needs: its environment additions, and `collect()` to call once it has exited. */
export function followServer(): { env: Record<string, string>; collect(): Promise<void> } {
  const ns = strykerNamespace();
  if (ns === undefined) return { env: {}, collect: async () => {} };
  const file = join(tmpdir(), `fnport-stryker-${process.pid}-${randomBytes(6).toString("hex")}.json`);
  const env: Record<string, string> = { [COVERAGE_FILE_VARIABLE]: file };
  if (ns.activeMutant !== undefined) env.__STRYKER_ACTIVE_MUTANT__ = ns.activeMutant;
  const testId = ns.currentTestId;
  return {
    env,
    async collect() {
      let counted: Coverage;
      try {
        counted = JSON.parse(await readFile(file, "utf8")) as Coverage;
      } catch {
        return; // a mutant that kept the server from exiting cleanly: nothing counted, and the test fails anyway
      }
      await rm(file, { force: true });
      ns.mutantCoverage ??= { static: {}, perTest: {} };
      // The server lives within one test: whatever it counted (at import too) belongs to that test.
      if (testId !== undefined) ns.mutantCoverage.perTest[testId] ??= {};
      const into = testId === undefined ? ns.mutantCoverage.static : (ns.mutantCoverage.perTest[testId] as Counts);
      for (const counts of [counted.static, ...Object.values(counted.perTest)])
        for (const [id, count] of Object.entries(counts)) into[id] = (into[id] ?? 0) + count;
    },
  };
}

/**
 * In a server process `followServer()` started: writes the coverage StrykerJS's instrumented code counted to the
 * file the harness named, when the process exits. Outside Stryker (no file named) it does nothing.
 */
export function writeCoverageAtExit(): void {
  const file = process.env[COVERAGE_FILE_VARIABLE];
  if (file === undefined) return;
  process.on("exit", () => {
    writeFileSync(file, JSON.stringify(strykerNamespace()?.mutantCoverage ?? { static: {}, perTest: {} }));
  });
}
