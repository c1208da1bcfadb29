// The CLI's report: the case × adapter matrix, why cases do not apply, failures, and the cost table.
import type { ConformanceCase } from "./cases/types.ts";
import type { MeterReport } from "./meter.ts";
import type { CaseResult } from "./run-case.ts";
import type { ConformanceHarness } from "./types.ts";

/** One harness's results, as printed and as written by `--json`. */
export interface AdapterReport {
  name: string;
  /** The harness module it came from, as given to `--harness`. */
  module: string;
  passed: number;
  failed: number;
  skipped: number;
  cases: CaseResult[];
  cold?: MeterReport["cold"];
  warm?: MeterReport["warm"];
  bundle?: MeterReport["bundle"];
  throughput?: MeterReport["throughput"];
  firstByte?: MeterReport["firstByte"];
  /** Why the meter could not measure this harness. */
  meterError?: string;
}

const SYMBOL = { pass: "✓", fail: "✗", skip: "·" } as const;

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The report as lines of text. */
export function renderReport(
  cases: readonly ConformanceCase[],
  harnesses: readonly ConformanceHarness[],
  reports: readonly AdapterReport[],
): string[] {
  const lines: string[] = [];
  const print = (line = "") => lines.push(line);
  const idWidth = Math.max(4, ...cases.map((testCase) => testCase.id.length));
  print("Conformance: ✓ pass, ✗ fail, · does not apply (the adapter lacks the capability)");
  for (const [i, report] of reports.entries()) {
    print(`  [${i + 1}] ${report.name} (${report.module}): ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  }
  print();
  print(`${"case".padEnd(idWidth)}  ${reports.map((_, i) => String(i + 1).padStart(2)).join(" ")}`);
  cases.forEach((testCase, row) => {
    print(`${testCase.id.padEnd(idWidth)}  ${reports.map((report) => ` ${SYMBOL[report.cases[row]?.status ?? "skip"]}`).join(" ")}`);
  });
  const notApplicable = harnesses.flatMap((harness, i) => {
    const byReason = new Map<string, string[]>();
    for (const [capability, why] of Object.entries(harness.lacks ?? {})) byReason.set(why, [...(byReason.get(why) ?? []), capability]);
    return [...byReason].map(([why, capabilities]) => `  [${i + 1}] no ${capabilities.join(", ")}: ${why}`);
  });
  if (notApplicable.length > 0) {
    print();
    print("Why cases do not apply:");
    for (const line of notApplicable) print(line);
  }
  const failures = reports.flatMap((report) =>
    report.cases.filter((result) => result.status === "fail").map((result) => `${report.name} ${result.id}: ${result.message}`),
  );
  if (failures.length > 0) {
    print();
    print("Failures:");
    for (const failure of failures) print(`  ✗ ${failure}`);
  }
  const metered = reports.filter((report) => report.cold !== undefined || report.meterError !== undefined);
  if (metered.length > 0) {
    const width = Math.max(7, ...metered.map((report) => report.name.length));
    print();
    print("Cost of the hello app beside a raw hand-written hello for the same provider (medians, measured alternately in this run):");
    print(`${"adapter".padEnd(width)}  cold ms   raw ms   ratio   warm ns/op   raw ns/op   ratio   bundle gzip (raw)`);
    const serving = metered.filter((report) => report.throughput !== undefined);
    for (const report of metered) {
      const { cold, warm, bundle } = report;
      if (cold === undefined || warm === undefined) {
        print(`${report.name.padEnd(width)}  meter failed: ${report.meterError}`);
        continue;
      }
      const size = bundle ? `${kilobytes(bundle.gzipBytes)} (${kilobytes(bundle.rawGzipBytes)})` : "n/a";
      print(
        `${report.name.padEnd(width)} ${String(cold.ms).padStart(8)} ${String(cold.rawMs).padStart(8)} ${cold.ratio.toFixed(2).padStart(6)}× ${String(warm.nsPerOp).padStart(11)} ${String(warm.rawNsPerOp).padStart(11)} ${warm.ratio.toFixed(2).padStart(6)}×   ${size}`,
      );
    }
    if (serving.length > 0) {
      print();
      print("Throughput of the hello server beside a raw node:http hello (a loopback load generator; medians of alternated rounds):");
      print(`${"adapter".padEnd(width)}    req/s   raw req/s   ratio`);
      for (const report of serving) {
        const { rps, rawRps, ratio } = report.throughput as NonNullable<MeterReport["throughput"]>;
        print(`${report.name.padEnd(width)} ${String(rps).padStart(8)} ${String(rawRps).padStart(11)} ${ratio.toFixed(2).padStart(6)}×`);
      }
    }
    const streaming = metered.filter((report) => report.firstByte !== undefined);
    if (streaming.length > 0) {
      print();
      print("Time to first byte of a streamed hello beside a raw streamed hello (one request at a time; medians of alternated rounds):");
      print(`${"adapter".padEnd(width)}  ttfb µs   raw µs   ratio`);
      for (const report of streaming) {
        const { us, rawUs, ratio } = report.firstByte as NonNullable<MeterReport["firstByte"]>;
        print(`${report.name.padEnd(width)} ${String(us).padStart(8)} ${String(rawUs).padStart(8)} ${ratio.toFixed(2).padStart(6)}×`);
      }
    }
  }
  return lines;
}
