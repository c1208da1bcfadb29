// Runs the meter sample of conformance/README.md: both hellos bundled, cold-started and called warm.
import { measure } from "@fnport/conformance";
import { expect, test } from "vitest";
import { meter } from "./meter.ts";

test("nodeMeter measures the two hellos: cold, warm and bundle ratios against raw", { timeout: 120_000 }, async () => {
  const report = await measure(meter, { coldRuns: 1, warmRounds: 1, warmOps: 20, warmUp: 5 });
  expect(report.cold.ratio).toBeGreaterThan(0);
  expect(report.warm.ratio).toBeGreaterThan(0);
  expect(report.bundle?.gzipBytes).toBeGreaterThan(report.bundle?.rawGzipBytes ?? Number.POSITIVE_INFINITY);
});
