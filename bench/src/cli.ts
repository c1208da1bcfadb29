// `pnpm bench [--json FILE] [--quick] [--only NAME,...]`: every suite, tables on stdout, JSON on request.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { canReadCpu } from "./_cpu.ts";
import { type BenchReport, type BenchResult, machineInfo } from "./results.ts";
import { suites } from "./suites.ts";
import { renderTables } from "./tables.ts";

const usage = `Usage: pnpm bench [--json FILE] [--quick] [--only SUITE[,SUITE...]]

  --json FILE   also write the results as JSON ({ date, machine, results: [...] })
  --quick       a few rounds of each: checks that everything runs, rough figures
  --only LIST   only these suites (or name prefixes): ${suites.map((s) => s.name).join(", ")}
`;

const { values } = parseArgs({
  options: {
    json: { type: "string" },
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}

const wanted = values.only?.split(",").map((name) => name.trim());
const selected = wanted ? suites.filter((s) => wanted.some((w) => s.name === w || s.name.startsWith(`${w}.`))) : suites;
if (selected.length === 0) {
  process.stderr.write(`No suite matches --only ${values.only}\n\n${usage}`);
  process.exit(2);
}

// Interrupted: stop the servers and workerd instances it started, then go.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void Promise.allSettled(selected.map((suite) => suite.dispose?.())).then(() => process.exit(130));
  });
}

const started = Date.now();
const log = (line: string) => process.stderr.write(`${line}\n`);
const results: BenchResult[] = [];
try {
  for (const suite of selected) {
    const suiteStarted = Date.now();
    log(`— ${suite.name}`);
    results.push(...(await suite.run({ quick: values.quick, log })));
    log(`— ${suite.name} took ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
  }
} finally {
  for (const suite of selected) await suite.dispose?.();
}

const report: BenchReport = {
  date: new Date().toISOString(),
  machine: machineInfo(),
  options: { quick: values.quick, suites: selected.map((s) => s.name) },
  clock: canReadCpu ? "cpu" : "wall",
  durationSeconds: Math.round((Date.now() - started) / 1000),
  results,
};
process.stdout.write(renderTables(report, suites));
if (values.json) {
  await writeFile(values.json, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${values.json}`);
}
