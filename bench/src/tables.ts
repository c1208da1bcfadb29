// The side-by-side tables, as Markdown: printed by `pnpm bench` and written into the README.
import type { BenchReport, BenchResult } from "./results.ts";
import type { Suite } from "./suite.ts";

type Style = "ratio" | "size" | "ms";
/** How each metric (the part after the suite's kind: `warm` of `http.warm`) is shown, in column order. */
const COLUMNS: Record<string, { title: string; style: Style }> = {
  warm: { title: "warm ×raw", style: "ratio" },
  throughput: { title: "throughput ×raw", style: "ratio" },
  "cpu-per-request": { title: "CPU per request ×raw", style: "ratio" },
  "latency-p50": { title: "p50 latency", style: "ms" },
  "latency-p99": { title: "p99 latency", style: "ms" },
  cold: { title: "cold ×raw", style: "ratio" },
  match: { title: "per request ×Hono", style: "ratio" },
  "bundle-gzip": { title: "bundle min+gzip", style: "size" },
};

const UNIT: Record<string, (value: number) => string> = {
  "ns/op": (v) => (v >= 1000 ? `${(v / 1000).toPrecision(3)} µs` : `${Math.round(v)} ns`),
  ms: (v) => `${Number(v.toPrecision(3))} ms`,
  "req/s": (v) => `${Math.round(v).toLocaleString("en-US")} req/s`,
  bytes: (v) => `${(v / 1024).toFixed(1)} KB`,
};

const absolute = (r: BenchResult): string => (UNIT[r.unit] ?? ((v: number) => `${v} ${r.unit}`))(r.value);
const ratio = (value: number): string => (value >= 10 ? value.toFixed(0) : value >= 2 ? value.toFixed(1) : value.toFixed(2));

function cell(r: BenchResult | undefined, style: Style, isBaseline: boolean, withSpread: boolean): string {
  if (!r) return "—";
  if (style !== "ratio") return absolute(r);
  if (isBaseline) return `1 (${absolute(r)})`;
  const spread = withSpread && r.spread ? ` [${ratio(r.spread[0])}–${ratio(r.spread[1])}]` : "";
  return `${ratio(r.ratio)}${spread}`;
}

/** The rows of one suite: one per subject that has results, one column per metric measured. */
export function suiteTable(suite: Suite, results: BenchResult[], withSpread: boolean): string | undefined {
  const [provider, kind] = suite.name.split(".") as [string, string];
  const mine = results.filter((r) => r.provider === provider && r.metric.startsWith(`${kind}.`));
  if (mine.length === 0) return undefined;
  const metricOf = (r: BenchResult) => r.metric.slice(kind.length + 1);
  const columns = Object.keys(COLUMNS).filter((m) => mine.some((r) => metricOf(r) === m));
  const ids = [...new Set([...suite.subjects.map((s) => s.id), ...mine.map((r) => r.subject)])].filter((id) =>
    mine.some((r) => r.subject === id),
  );
  const label = (id: string) => suite.subjects.find((s) => s.id === id)?.label ?? id;
  const baseline = suite.subjects[0]?.id;
  const rows = [
    [suite.title, ...columns.map((m) => COLUMNS[m]?.title ?? m)],
    ...ids.map((id) => [
      label(id),
      ...columns.map((m) =>
        cell(
          mine.find((r) => r.subject === id && metricOf(r) === m),
          COLUMNS[m]?.style ?? "ratio",
          id === baseline,
          withSpread,
        ),
      ),
    ]),
  ];
  // Columns padded to their widest cell, as the formatter (Biome) lays Markdown tables out.
  const widths = rows[0]?.map((_, i) => Math.max(3, ...rows.map((row) => (row[i] ?? "").length))) ?? [];
  const line = (row: string[]) => `| ${row.map((text, i) => text.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const [head, ...body] = rows as [string[], ...string[][]];
  const lines = [line(head), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...body.map(line)];
  return lines.join("\n");
}

/** Every suite's table, with the machine and date, as `pnpm bench` prints them (with the per-round spread). */
export function renderTables(report: BenchReport, suites: Suite[], withSpread = true): string {
  const tables = suites.map((s) => suiteTable(s, report.results, withSpread)).filter((t): t is string => t !== undefined);
  const m = report.machine;
  const header = `${report.date.slice(0, 10)}, Node ${m.node}, ${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB${report.options.quick ? " (--quick: rough figures)" : ""}`;
  return `${header}\n\n${tables.join("\n\n")}\n`;
}
