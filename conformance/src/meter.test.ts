import { describe, expect, test } from "vitest";
import { type MeterReport, measure } from "./meter.ts";
import { renderReport } from "./report.ts";
import type { MeterHarness } from "./types.ts";

const NS_PER_REQUEST = { fnport: 1500, raw: 1000 } as const;

function fakeMeter(withFirstByte: boolean): { meter: MeterHarness; calls: string[] } {
  const calls: string[] = [];
  const meter: MeterHarness = { cold: async () => 10, warm: async (_which, count) => count * 100 };
  if (withFirstByte) {
    meter.firstByte = async (which, count) => {
      calls.push(`${which}×${count}`);
      return count * NS_PER_REQUEST[which];
    };
  }
  return { meter, calls };
}

describe("measure: time to first byte of a streamed hello", () => {
  test("warms each once, then alternates rounds and reports medians in µs and the ratio to raw", async () => {
    const { meter, calls } = fakeMeter(true);
    const report = await measure(meter, { coldRuns: 1, warmRounds: 1, warmOps: 1, warmUp: 1, firstByteRounds: 2, firstByteOps: 4 });
    expect(report.firstByte).toEqual({ us: 1.5, rawUs: 1, ratio: 1.5, rounds: 2, requests: 4 });
    expect(calls).toEqual(["fnport×4", "raw×4", "fnport×4", "raw×4", "raw×4", "fnport×4"]);
  });

  test("a meter without firstByte reports none", async () => {
    const report = await measure(fakeMeter(false).meter, { coldRuns: 1, warmRounds: 1, warmOps: 1, warmUp: 1 });
    expect(report).not.toHaveProperty("firstByte");
  });

  test("the report prints a time-to-first-byte table for the harnesses that stream only", () => {
    const metered: Pick<MeterReport, "cold" | "warm"> = {
      cold: { ms: 10, rawMs: 10, ratio: 1, runs: 1 },
      warm: { nsPerOp: 100, rawNsPerOp: 100, ratio: 1 },
    };
    const base = { module: "m.ts", passed: 0, failed: 0, skipped: 0, cases: [], ...metered };
    const lines = renderReport(
      [],
      [],
      [
        { ...base, name: "streams", firstByte: { us: 412.6, rawUs: 324.2, ratio: 1.273, rounds: 15, requests: 20 } },
        { ...base, name: "buffers" },
      ],
    );
    const at = lines.indexOf(
      "Time to first byte of a streamed hello beside a raw streamed hello (one request at a time; medians of alternated rounds):",
    );
    expect(lines.slice(at + 1)).toEqual(["adapter  ttfb µs   raw µs   ratio", "streams    412.6    324.2   1.27×"]);
  });
});
