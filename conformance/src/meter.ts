import type { MeterHarness } from "./types.ts";

/** Cold and warm cost of `examples/hello` beside the same provider's raw hello, as medians and ratios. */
export interface MeterReport {
  cold: { ms: number; rawMs: number; ratio: number; runs: number };
  warm: { nsPerOp: number; rawNsPerOp: number; ratio: number };
  bundle?: { gzipBytes: number; rawGzipBytes: number; bytes: number; rawBytes: number };
  /** Requests per second under load (a server's meter only): medians of alternated rounds. */
  throughput?: { rps: number; rawRps: number; ratio: number; rounds: number; seconds: number };
  /** Time to first byte of a streamed hello (a meter with `firstByte` only): medians of alternated rounds, in µs. */
  firstByte?: { us: number; rawUs: number; ratio: number; rounds: number; requests: number };
}

/** How long to measure. */
export interface MeterOptions {
  /** Cold starts of each, alternating (default 15). */
  coldRuns?: number;
  /** Warm rounds of each, alternating (default 15). */
  warmRounds?: number;
  /** Invocations per warm round (default 2000). */
  warmOps?: number;
  /** Invocations before measuring warm (default 500). */
  warmUp?: number;
  /** Throughput rounds of each, alternating, for a meter that has `throughput` (default 5). */
  throughputRounds?: number;
  /** Length of one throughput round in ms (default 3000). */
  throughputMs?: number;
  /** Time-to-first-byte rounds of each, alternating, for a meter that has `firstByte` (default 15). */
  firstByteRounds?: number;
  /** Streamed hellos per time-to-first-byte round (default 20). */
  firstByteOps?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * Measures fnport against raw in the same run, alternating which goes first each round so drift
 * on a shared machine falls on both; reports medians and their ratio, never a single time.
 */
export async function measure(meter: MeterHarness, options: MeterOptions = {}): Promise<MeterReport> {
  const coldRuns = options.coldRuns ?? 15;
  const warmRounds = options.warmRounds ?? 15;
  const warmOps = options.warmOps ?? 2000;
  const samples = { fnport: [] as number[], raw: [] as number[] };
  for (let i = 0; i < coldRuns; i++) {
    const order = i % 2 === 0 ? (["fnport", "raw"] as const) : (["raw", "fnport"] as const);
    for (const which of order) samples[which].push(await meter.cold(which));
  }
  const coldMs = median(samples.fnport);
  const rawColdMs = median(samples.raw);

  const warmUp = options.warmUp ?? 500;
  await meter.warm("fnport", warmUp);
  await meter.warm("raw", warmUp);
  const warm = { fnport: [] as number[], raw: [] as number[] };
  for (let i = 0; i < warmRounds; i++) {
    const order = i % 2 === 0 ? (["fnport", "raw"] as const) : (["raw", "fnport"] as const);
    for (const which of order) warm[which].push((await meter.warm(which, warmOps)) / warmOps);
  }
  const nsPerOp = median(warm.fnport);
  const rawNsPerOp = median(warm.raw);

  const report: MeterReport = {
    cold: { ms: round(coldMs, 1), rawMs: round(rawColdMs, 1), ratio: round(coldMs / rawColdMs, 3), runs: coldRuns },
    warm: { nsPerOp: Math.round(nsPerOp), rawNsPerOp: Math.round(rawNsPerOp), ratio: round(nsPerOp / rawNsPerOp, 3) },
  };
  if (meter.throughput) {
    const rounds = options.throughputRounds ?? 5;
    const durationMs = options.throughputMs ?? 3000;
    // One short round of each first: connections, JIT and pools warmed like the warm figures.
    await meter.throughput("fnport", 1000);
    await meter.throughput("raw", 1000);
    const rps = { fnport: [] as number[], raw: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? (["fnport", "raw"] as const) : (["raw", "fnport"] as const);
      for (const which of order) rps[which].push(await meter.throughput(which, durationMs));
    }
    const fnportRps = median(rps.fnport);
    const rawRps = median(rps.raw);
    report.throughput = {
      rps: Math.round(fnportRps),
      rawRps: Math.round(rawRps),
      ratio: round(fnportRps / rawRps, 3),
      rounds,
      seconds: durationMs / 1000,
    };
  }
  if (meter.firstByte) {
    const rounds = options.firstByteRounds ?? 15;
    const requests = options.firstByteOps ?? 20;
    await meter.firstByte("fnport", requests);
    await meter.firstByte("raw", requests);
    const ns = { fnport: [] as number[], raw: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? (["fnport", "raw"] as const) : (["raw", "fnport"] as const);
      for (const which of order) ns[which].push((await meter.firstByte(which, requests)) / requests);
    }
    const fnportNs = median(ns.fnport);
    const rawNs = median(ns.raw);
    report.firstByte = {
      us: round(fnportNs / 1000, 1),
      rawUs: round(rawNs / 1000, 1),
      ratio: round(fnportNs / rawNs, 3),
      rounds,
      requests,
    };
  }
  if (meter.bundleSizes) {
    const sizes = await meter.bundleSizes();
    report.bundle = {
      gzipBytes: sizes.fnport.gzipBytes,
      rawGzipBytes: sizes.raw.gzipBytes,
      bytes: sizes.fnport.bytes,
      rawBytes: sizes.raw.bytes,
    };
  }
  return report;
}
