#!/usr/bin/env node
// `pnpm conformance [--json FILE] [--no-meter] [--only NAME]`: every built-in adapter on its real
// local runtime; prints the case × adapter matrix and the cold/warm table; exits 1 when a case fails.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { allCases } from "./cases/index.ts";
import { builtinHarnesses } from "./harnesses/index.ts";
import { type MeterReport, measure } from "./meter.ts";
import { type CaseResult, runCase } from "./run-case.ts";

interface AdapterReport {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
  cases: CaseResult[];
  cold?: MeterReport["cold"];
  warm?: MeterReport["warm"];
  bundle?: MeterReport["bundle"];
}

const { values } = parseArgs({
  options: { json: { type: "string" }, "no-meter": { type: "boolean", default: false }, only: { type: "string" } },
});

// The app's deliberate failures log error lines; keep the report readable.
const quiet = (): void => {};
const { log, error } = console;
console.error = quiet;
console.log = quiet;
const print = (line = ""): void => log(line);

const harnesses = (await builtinHarnesses()).filter((harness) => values.only === undefined || harness.name.includes(values.only));
const reports: AdapterReport[] = [];
for (const harness of harnesses) {
  const cases: CaseResult[] = [];
  for (const testCase of allCases) cases.push(await runCase(harness, testCase));
  const count = (status: CaseResult["status"]) => cases.filter((result) => result.status === status).length;
  const report: AdapterReport = { name: harness.name, passed: count("pass"), failed: count("fail"), skipped: count("skip"), cases };
  if (harness.meter && !values["no-meter"]) Object.assign(report, await measure(harness.meter));
  await harness.dispose?.();
  reports.push(report);
}
console.error = error;

const SYMBOL = { pass: "✓", fail: "✗", skip: "·" } as const;
const idWidth = Math.max(...allCases.map((testCase) => testCase.id.length));
print("Conformance: ✓ pass, ✗ fail, · does not apply (the adapter lacks the capability)");
for (const [i, report] of reports.entries()) {
  print(`  [${i + 1}] ${report.name}: ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
}
print();
print(`${"case".padEnd(idWidth)}  ${reports.map((_, i) => String(i + 1).padStart(2)).join(" ")}`);
allCases.forEach((testCase, row) => {
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
const metered = reports.filter((report) => report.cold && report.warm);
if (metered.length > 0) {
  print();
  print("Cost of examples/hello beside a raw hand-written hello (medians, measured alternately in this run):");
  print("adapter              cold ms   raw ms   ratio   warm ns/op   raw ns/op   ratio   bundle gzip (raw)");
  for (const report of metered) {
    const { cold, warm, bundle } = report as Required<Pick<AdapterReport, "cold" | "warm">> & AdapterReport;
    const size = bundle ? `${bundle.gzipBytes} B (${bundle.rawGzipBytes} B)` : "n/a";
    print(
      `${report.name.padEnd(20)} ${String(cold.ms).padStart(7)} ${String(cold.rawMs).padStart(8)} ${cold.ratio.toFixed(2).padStart(6)}× ${String(warm.nsPerOp).padStart(11)} ${String(warm.rawNsPerOp).padStart(11)} ${warm.ratio.toFixed(2).padStart(6)}×   ${size}`,
    );
  }
}
if (values.json) {
  await writeFile(values.json, `${JSON.stringify({ adapters: reports }, null, 2)}\n`);
  print();
  print(`Wrote ${values.json}`);
}
process.exitCode = failures.length > 0 ? 1 : 0;
