import type { BenchResult } from "./results.ts";

/** One thing measured beside the others: a module whose entry a provider's suite knows how to run. */
export interface Subject {
  /** Stable id in the JSON (`raw`, `fnport`, `hono`, ...). */
  id: string;
  /** What the README table shows, with the peer's version. */
  label: string;
  /** The module: a Lambda handler, a Worker, a server's `start`, ... as the suite expects. */
  entry: URL;
}

/** How long to measure. */
export interface RunOptions {
  /** A few rounds of each: checks that everything runs, gives rough figures (CI). */
  quick: boolean;
  /** Progress lines (to stderr). */
  log: (line: string) => void;
}

/** A provider's benchmarks: everything `pnpm bench` runs for it, and the smoke check the tests run. */
export interface Suite {
  /** `aws-lambda.http`, `cloudflare-workers.http`, ... (`pnpm bench --only` takes these or their prefix). */
  name: string;
  /** The table's heading: what is measured, in a few words. */
  title: string;
  /** The subjects, the baseline first. */
  subjects: Subject[];
  run(options: RunOptions): Promise<BenchResult[]>;
  /** Each subject answers the same request once, correctly (throws otherwise); no timing. */
  smoke(): Promise<void>;
  /** Stops anything still running (servers, workerd). */
  dispose?(): Promise<void>;
}

/** A subject whose module sits beside `base`. */
export const subject = (id: string, label: string, file: string, base: string): Subject => ({ id, label, entry: new URL(file, base) });
