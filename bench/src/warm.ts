// The warm loop shared by in-process measurements (Lambda handlers, routers): calibrated rounds,
// alternated between a subject and its baseline in the same process.
import { alternate } from "./stats.ts";

/** One invocation; awaited only when it returns a promise. */
export type Op = () => unknown;

export interface WarmOptions {
  /** Paired rounds (default 21). */
  rounds?: number;
  /** How long each round of each op lasts, roughly (default 10 ms). */
  roundMs?: number;
  /** Warm-up time of each op before measuring, so the JIT has compiled both (default 150 ms). */
  warmUpMs?: number;
}

async function timeOps(op: Op, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const out = op();
    if (out instanceof Promise) await out;
  }
  return Number(process.hrtime.bigint() - started);
}

/** How many ops fit in `ms`, after running them for that long (the warm-up). */
async function calibrate(op: Op, ms: number): Promise<number> {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
  let count = 0;
  let batch = 1;
  while (process.hrtime.bigint() < deadline) {
    await timeOps(op, batch);
    count += batch;
    batch = Math.min(batch * 2, 1024);
  }
  return count;
}

/** Nanoseconds per op of `subject` and `baseline`, one sample per round each, measured back to back. */
export async function warmPair(subject: Op, baseline: Op, options: WarmOptions = {}): Promise<{ subject: number[]; baseline: number[] }> {
  const rounds = options.rounds ?? 21;
  const roundMs = options.roundMs ?? 10;
  const warmUpMs = options.warmUpMs ?? 150;
  const perRound = {
    subject: Math.max(1, Math.round(((await calibrate(subject, warmUpMs)) * roundMs) / warmUpMs)),
    baseline: Math.max(1, Math.round(((await calibrate(baseline, warmUpMs)) * roundMs) / warmUpMs)),
  };
  const ops = { subject, baseline };
  const samples = { subject: [] as number[], baseline: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const which of alternate(r, "subject" as const, "baseline" as const)) {
      samples[which].push((await timeOps(ops[which], perRound[which])) / perRound[which]);
    }
  }
  return samples;
}
