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

/**
 * The CPU time (user + system, every thread of the process: GC included) that `count` ops take, in ns.
 * CPU time, not wall time: on a shared machine other load stretches wall time, not the CPU a loop uses.
 */
async function timeOps(op: Op, count: number): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const out = op();
    if (out instanceof Promise) await out;
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) * 1000;
}

const cpuNow = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) * 1000;
};

/**
 * How many ops fit in `ms` of CPU time, after running them for that long and at least 2000 times (the
 * warm-up: enough calls for V8 to optimise them, however little CPU a busy machine leaves this process).
 */
async function calibrate(op: Op, ms: number): Promise<number> {
  const started = cpuNow();
  let count = 0;
  let batch = 1;
  while (cpuNow() - started < ms * 1e6 || count < 2000) {
    await timeOps(op, batch);
    count += batch;
    batch = Math.min(batch * 2, 1024);
  }
  const perOpNs = (cpuNow() - started) / count;
  return Math.max(1, Math.round((ms * 1e6) / perOpNs));
}

/** CPU nanoseconds per op of `subject` and `baseline`, one sample per round each, measured back to back. */
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
