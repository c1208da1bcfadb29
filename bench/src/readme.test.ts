import { describe, expect, it } from "vitest";
import { END, replaceSection, START } from "./readme.ts";
import type { BenchReport } from "./results.ts";

const report: BenchReport = {
  date: "2026-12-02T04:00:00.000Z",
  machine: { node: "v20.20.2", platform: "linux", arch: "x64", cpus: 2, cpu: "Test CPU", memoryGiB: 24 },
  options: { quick: false, suites: ["aws-lambda.http"] },
  clock: "cpu",
  durationSeconds: 300,
  results: [
    { provider: "aws-lambda", subject: "raw", metric: "http.warm", value: 450, unit: "ns/op", baseline: 450, ratio: 1 },
    {
      provider: "aws-lambda",
      subject: "fnport",
      metric: "http.warm",
      value: 1395,
      unit: "ns/op",
      baseline: 450,
      ratio: 3.1,
      spread: [3, 3.2],
      runs: 21,
    },
    {
      provider: "aws-lambda",
      subject: "raw",
      metric: "http.cold",
      value: 61.2,
      unit: "ms",
      baseline: 61.2,
      ratio: 1,
      spread: [1, 1],
      runs: 15,
    },
    {
      provider: "aws-lambda",
      subject: "fnport",
      metric: "http.cold",
      value: 62,
      unit: "ms",
      baseline: 61.2,
      ratio: 1.013,
      spread: [0.99, 1.03],
      runs: 15,
    },
    { provider: "aws-lambda", subject: "raw", metric: "http.bundle-gzip", value: 310, unit: "bytes", baseline: 310, ratio: 1 },
    { provider: "aws-lambda", subject: "fnport", metric: "http.bundle-gzip", value: 9011, unit: "bytes", baseline: 310, ratio: 29.068 },
  ],
};

describe("the README's bench section", () => {
  it("is replaced by the report's tables, with the machine and the date, leaving the rest alone", () => {
    const readme = `# x\n\nbefore\n\n${START}\n\nold table\n\n${END}\n\nafter\n`;
    expect(replaceSection(readme, report)).toBe(
      `# x\n\nbefore\n\n${START}\n\n` +
        "Measured by `pnpm bench` on 2026-12-02: Node 20.20.2, 2 × Test CPU, 24 GiB. Ratios are to the first row of each table, measured in the same run" +
        " (medians of alternated rounds; below 1 is faster, except throughput, where above 1 is faster); warm and cold figures are CPU time.\n\n" +
        "| AWS Lambda, HTTP API (v2) hello | warm ×raw  | cold ×raw   | bundle min+gzip |\n" +
        "| ------------------------------- | ---------- | ----------- | --------------- |\n" +
        "| raw                             | 1 (450 ns) | 1 (61.2 ms) | 0.3 KB          |\n" +
        "| fnport                          | 3.1        | 1.01        | 8.8 KB          |\n\n" +
        `${END}\n\nafter\n`,
    );
  });

  it("is the same after a second run (only the markers' inside changes)", () => {
    const once = replaceSection(`${START}\n${END}\n`, report);
    expect(replaceSection(once, report)).toBe(once);
  });

  it("must exist: a README without the markers is an error, not a silent no-op", () => {
    expect(() => replaceSection("# no markers\n", report)).toThrow("the README has no section between");
  });
});
