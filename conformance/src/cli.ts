#!/usr/bin/env node
// fnport-conformance: runs the conformance suite on the harnesses that harness modules export, prints
// the case × adapter matrix and the cold/warm cost table. See `--help` and the README for exit codes.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { allCases } from "./cases/index.ts";
import { HarnessError, loadHarnessModule } from "./harness-module.ts";
import { measure } from "./meter.ts";
import { type AdapterReport, renderReport } from "./report.ts";
import { type CaseResult, runCase } from "./run-case.ts";
import type { ConformanceHarness } from "./types.ts";

const HELP = `Usage: fnport-conformance --harness PATH [--harness PATH ...] [options]

Runs the fnport conformance suite on every harness that the harness modules export,
then prints the case × adapter matrix and the cold/warm cost table.

A harness module is a TypeScript or JavaScript ES module whose default export is a
ConformanceHarness, an array of them, or a function returning either (see the
@fnport/conformance README). TypeScript needs Node with type stripping, or the tsx
package installed beside @fnport/conformance (it is then used automatically).

Options:
  --harness PATH   a harness module, relative to the working folder; repeat for several
  --only TEXT      run only the harnesses whose name contains TEXT; repeatable
  --case TEXT      run only the cases whose id starts with TEXT; repeatable
  --json FILE      also write the report as JSON to FILE
  --no-meter       skip the cold/warm meter
  -h, --help       print this help

Exit codes:
  0  every case that applies passed (and every meter measured)
  1  a case failed, or a meter could not measure
  2  the command line or a harness module is wrong: nothing ran
`;

const OPTIONS = {
  harness: { type: "string", multiple: true },
  only: { type: "string", multiple: true },
  case: { type: "string", multiple: true },
  json: { type: "string" },
  "no-meter": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

const { log, error } = console;
const usage = (problem: string): never => {
  error(`fnport-conformance: ${problem}\nRun fnport-conformance --help for the options.`);
  process.exit(2);
};

let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];
try {
  ({ values } = parseArgs({ options: OPTIONS, allowPositionals: false }));
} catch (problem) {
  usage((problem as Error).message);
  throw problem;
}
if (values.help) {
  log(HELP);
  process.exit(0);
}
const modules = values.harness ?? [];
if (modules.length === 0) usage("give at least one --harness PATH");

const loaded: Array<{ module: string; harness: ConformanceHarness }> = [];
for (const module of modules) {
  try {
    for (const harness of await loadHarnessModule(module)) loaded.push({ module, harness });
  } catch (problem) {
    if (problem instanceof HarnessError) usage(problem.message);
    usage(`--harness ${module} failed to load: ${problem instanceof Error ? (problem.stack ?? problem.message) : String(problem)}`);
  }
}
const names = new Set<string>();
for (const { module, harness } of loaded) {
  if (names.has(harness.name)) usage(`two harnesses are named "${harness.name}" (the second in ${module}); names must be unique`);
  names.add(harness.name);
}
const only = values.only;
const selected = loaded.filter(({ harness }) => only === undefined || only.some((text) => harness.name.includes(text)));
if (selected.length === 0)
  usage(`no harness name contains ${only?.map((text) => JSON.stringify(text)).join(" or ")} (loaded: ${[...names].join(", ")})`);
const prefixes = values.case;
const cases = allCases.filter((testCase) => prefixes === undefined || prefixes.some((prefix) => testCase.id.startsWith(prefix)));
if (cases.length === 0) usage(`no case id starts with ${prefixes?.map((text) => JSON.stringify(text)).join(" or ")}`);

// The app's deliberate failures may log through console: keep the report readable.
const quiet = (): void => {};
const reports: AdapterReport[] = [];
for (const { module, harness } of selected) {
  error(`fnport-conformance: ${harness.name}: ${cases.length} cases${harness.meter && !values["no-meter"] ? ", then the meter" : ""}`);
  console.log = quiet;
  console.error = quiet;
  const results: CaseResult[] = [];
  try {
    for (const testCase of cases) results.push(await runCase(harness, testCase));
    const count = (status: CaseResult["status"]) => results.filter((result) => result.status === status).length;
    const report: AdapterReport = {
      name: harness.name,
      module,
      passed: count("pass"),
      failed: count("fail"),
      skipped: count("skip"),
      cases: results,
    };
    if (harness.meter && !values["no-meter"]) {
      try {
        Object.assign(report, await measure(harness.meter));
      } catch (problem) {
        report.meterError = problem instanceof Error ? problem.message : String(problem);
      }
    }
    reports.push(report);
  } finally {
    await harness.dispose?.();
    console.log = log;
    console.error = error;
  }
}

for (const line of renderReport(
  cases,
  selected.map(({ harness }) => harness),
  reports,
))
  log(line);
if (values.json) {
  await writeFile(values.json, `${JSON.stringify({ adapters: reports }, null, 2)}\n`);
  log();
  log(`Wrote ${values.json}`);
}
const failed = reports.some((report) => report.failed > 0 || report.meterError !== undefined);
process.exitCode = failed ? 1 : 0;
