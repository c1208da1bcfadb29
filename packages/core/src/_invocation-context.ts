import type { Context } from "./context.ts";
import { createLogger, type Logger, type LogLevel, type LogWriter } from "./logger.ts";

export interface InvocationFields {
  provider: string;
  requestId: string;
  coldStart: boolean;
  deadline: number | undefined;
  env: unknown;
  deps: unknown;
  native: unknown;
  signalMarginMs: number;
  logLevel: LogLevel;
  write: LogWriter;
  waitUntil: ((promise: Promise<unknown>) => void) | undefined;
}

/** The context of one invocation; the signal, its timer, the logger and the waitUntil list are created only when used. */
export class InvocationContext implements Context<unknown, unknown> {
  readonly provider: string;
  readonly requestId: string;
  readonly coldStart: boolean;
  readonly deadline: number | undefined;
  readonly env: unknown;
  readonly deps: unknown;
  readonly native: unknown;
  #fields: InvocationFields;
  #log: Logger | undefined;
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: Promise<unknown>[] | undefined;

  constructor(fields: InvocationFields) {
    this.provider = fields.provider;
    this.requestId = fields.requestId;
    this.coldStart = fields.coldStart;
    this.deadline = fields.deadline;
    this.env = fields.env;
    this.deps = fields.deps;
    this.native = fields.native;
    this.#fields = fields;
  }

  remainingMs(): number {
    return this.deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, this.deadline - Date.now());
  }

  get log(): Logger {
    this.#log ??= createLogger({ requestId: this.requestId, provider: this.provider }, this.#fields.logLevel, this.#fields.write);
    return this.#log;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.deadline !== undefined) {
        const controller = this.#controller;
        const abort = (): void => controller.abort(new DOMException("The invocation is about to reach its deadline", "TimeoutError"));
        const delay = this.deadline - this.#fields.signalMarginMs - Date.now();
        if (delay <= 0) abort();
        else {
          this.#timer = setTimeout(abort, delay);
          (this.#timer as { unref?: () => void }).unref?.();
        }
      }
    }
    return this.#controller.signal;
  }

  /** True when the deadline signal was read and has fired. */
  get timedOut(): boolean {
    return this.#controller?.signal.aborted === true;
  }

  waitUntil(promise: Promise<unknown>): void {
    if (this.#fields.waitUntil) this.#fields.waitUntil(promise);
    else {
      this.#pending ??= [];
      this.#pending.push(promise);
    }
  }

  /** Settles every collected `waitUntil` promise (including ones added meanwhile), logging rejections; then clears the timer. */
  async settle(): Promise<void> {
    while (this.#pending !== undefined && this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      for (const outcome of await Promise.allSettled(batch)) {
        if (outcome.status === "rejected") this.log.error("waitUntil promise rejected", { error: outcome.reason });
      }
    }
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }
}
