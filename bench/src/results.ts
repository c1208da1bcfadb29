import { cpus, totalmem } from "node:os";
import { median, round, spreadOf } from "./stats.ts";

/** One figure: a subject's median beside the raw baseline measured in the same run. */
export interface BenchResult {
  /** `aws-lambda`, `cloudflare-workers`, `cloud-run`, `gcp-functions`, `routing`. */
  provider: string;
  /** What was measured: `raw`, `fnport`, `hono`, ... (see the suite's subject list). */
  subject: string;
  /** `http.warm`, `http.cold`, `http.bundle-gzip`, `sqs.warm`, `http.throughput`, ... */
  metric: string;
  value: number;
  /** `ns/op`, `ms`, `bytes`, `req/s`. */
  unit: string;
  /** The baseline's value for the same metric in the same run. */
  baseline: number;
  /** value / baseline (for throughput too: below 1 is slower). */
  ratio: number;
  /** The interquartile range of the per-round ratios (paired rounds), where there were rounds. */
  spread?: [number, number];
  /** How many paired rounds or runs the medians are over. */
  runs?: number;
}

/** What `pnpm bench --json` writes. */
export interface BenchReport {
  date: string;
  machine: { node: string; platform: string; arch: string; cpus: number; cpu: string; memoryGiB: number };
  options: { quick: boolean; suites: string[] };
  /** `cpu`: warm and cold figures are CPU time (Linux /proc); `wall`: wall-clock time (elsewhere). */
  clock: "cpu" | "wall";
  durationSeconds: number;
  results: BenchResult[];
}

export function machineInfo(): BenchReport["machine"] {
  const cores = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cores.length,
    cpu: cores[0]?.model.trim() ?? "unknown",
    memoryGiB: round(totalmem() / 2 ** 30, 1),
  };
}

/** Paired samples of one subject and its baseline (round i of each measured back to back). */
export interface Paired {
  subject: number[];
  baseline: number[];
}

/** A result row from paired rounds: medians of each, their ratio, and the spread of per-round ratios. */
export function pairedResult(row: Pick<BenchResult, "provider" | "subject" | "metric" | "unit">, samples: Paired, digits = 1): BenchResult {
  const value = median(samples.subject);
  const baseline = median(samples.baseline);
  const ratios = samples.subject.map((v, i) => v / (samples.baseline[i] as number));
  return {
    ...row,
    value: round(value, digits),
    baseline: round(baseline, digits),
    ratio: round(value / baseline, 3),
    spread: spreadOf(ratios),
    runs: ratios.length,
  };
}

/** A result row for a single figure (a bundle size) against the baseline's. */
export function singleResult(
  row: Pick<BenchResult, "provider" | "subject" | "metric" | "unit">,
  value: number,
  baseline: number,
): BenchResult {
  return { ...row, value, baseline, ratio: round(value / baseline, 3) };
}
