import { afterAll, describe, expect, it } from "vitest";
import { allCases } from "./cases/index.ts";
import { checkHarness } from "./harness-module.ts";
import { runCase, skipReason } from "./run-case.ts";
import type { ConformanceHarness } from "./types.ts";

/** Options of `describeConformance`. */
export interface DescribeConformanceOptions {
  /** Per-case timeout in ms (default 30 s: a case may start a runtime). */
  timeout?: number;
}

/**
 * Registers every conformance case as a vitest test for `harness` (or for each of several, as a harness
 * module exports them: `describeConformance(await resolveHarnesses(harnesses))`). A case the harness
 * lacks a capability for is registered as skipped, with the reason in its name.
 */
export function describeConformance(
  harness: ConformanceHarness | readonly ConformanceHarness[],
  options: DescribeConformanceOptions = {},
): void {
  if (Array.isArray(harness)) {
    for (const one of harness as readonly ConformanceHarness[]) describeConformance(one, options);
    return;
  }
  describeOne(harness as ConformanceHarness, options);
}

function describeOne(harness: ConformanceHarness, options: DescribeConformanceOptions): void {
  checkHarness(harness, "describeConformance()");
  describe(`conformance: ${harness.name}`, () => {
    afterAll(async () => {
      await harness.dispose?.();
    });
    for (const testCase of allCases) {
      const skip = skipReason(harness, testCase);
      const name = `${testCase.id}: ${testCase.title}`;
      if (skip !== undefined) {
        // biome-ignore lint/suspicious/noSkippedTests: a case the harness cannot run is reported, not hidden.
        it.skip(`${name} (${skip})`, () => {});
        continue;
      }
      it(
        name,
        async () => {
          const result = await runCase(harness, testCase);
          expect(result.message ?? "", `${testCase.id} on ${harness.name}`).toBe("");
          expect(result.status).toBe("pass");
        },
        options.timeout ?? 30_000,
      );
    }
  });
}
