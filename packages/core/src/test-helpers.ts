// Shared by the runner's tests beside the code (not part of the package: see "files" in package.json).
import { afterEach, expect, vi } from "vitest";
import { createRunner, type InvocationInit, type Runner, type RunnerOptions } from "./adapter.ts";
import type { App } from "./handler.ts";

export type LogLine = Record<string, unknown>;

export const DAY: number = 24 * 3600 * 1000;

/** For a test file whose tests fake the clock: the real one back after each. */
export function useRealTimersAfterEach(): void {
  afterEach(() => {
    vi.useRealTimers();
  });
}

export const JSON_TYPE = "application/json; charset=utf-8";

/** A promise that never settles: a handler (or a `waitUntil` promise) that ignores `ctx.signal`. */
export const never = (): Promise<never> => new Promise<never>(() => {});

/** Resolves after `ms` on the (fake) clock. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunnerSetup {
  /** Every line the runner wrote, parsed. */
  logs: LogLine[];
  runner: Runner;
  /** An invocation init (request id `r-deadline`) with `deadline`. */
  init: (deadline: number | undefined) => InvocationInit;
}

/** A runner of provider `p` writing its log lines to `logs`. */
export function setup<Deps, Env>(app: App<Deps, Env>, options: Partial<RunnerOptions> = {}): RunnerSetup {
  const logs: LogLine[] = [];
  const runner = createRunner(app, { provider: "p", write: (line) => void logs.push(JSON.parse(line) as LogLine), ...options });
  const init = (deadline: number | undefined): InvocationInit => ({ env: {}, requestId: "r-deadline", deadline });
  return { logs, runner, init };
}

/** An error line of an invocation `setup` made. */
export const errorLine = (message: string, fields: LogLine = {}): LogLine => ({
  level: "error",
  severity: "ERROR",
  time: expect.any(String),
  message,
  requestId: "r-deadline",
  provider: "p",
  ...fields,
});

// Taken before any test fakes the timers: a real macrotask runs after every microtask queued before it.
const realSetImmediate = globalThis.setImmediate;

/** Resolves once every queued microtask has run (and those they queue), without advancing any (fake) timer. */
export const afterMicrotasks = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

/** What `promise` settled to once every queued microtask has run, without advancing any (fake) timer; `"pending"` if nothing. */
export async function outcomeOf(promise: Promise<unknown>): Promise<{ value: unknown } | { error: unknown } | "pending"> {
  let outcome: { value: unknown } | { error: unknown } | "pending" = "pending";
  promise.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  await afterMicrotasks();
  return outcome;
}
