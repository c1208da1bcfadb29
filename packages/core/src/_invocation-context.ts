import type { Context } from "./context.ts";
import { createLogger, type Logger, type LogLevel, type LogWriter } from "./logger.ts";

/** What stays the same for every invocation of one runner. */
export interface RunnerSettings {
  provider: string;
  signalMarginMs: number;
  logLevel: LogLevel;
  write: LogWriter;
  deadlineOf: ((native: unknown) => number | undefined) | undefined;
  abortOn?: ((native: unknown, abort: (reason: unknown) => void) => void) | undefined;
  logFieldsOf?: ((native: unknown) => Readonly<Record<string, unknown>> | undefined) | undefined;
}

/** What changes per invocation. */
export interface InvocationFields {
  requestId: string;
  deadline?: number | undefined;
  env: unknown;
  native?: unknown;
  write?: LogWriter | undefined;
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}

/** The context of one invocation; the signal, its timer, the logger and the waitUntil list are created only when used. */
export class InvocationContext implements Context<unknown, unknown> {
  readonly requestId: string;
  readonly coldStart: boolean;
  readonly env: unknown;
  readonly deps: unknown;
  readonly native: unknown;
  #settings: RunnerSettings;
  #fields: InvocationFields;
  /** `null` until read through `settings.deadlineOf`. */
  #deadline: number | undefined | null;
  #log: Logger | undefined;
  #controller: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: Promise<unknown>[] | undefined;

  constructor(settings: RunnerSettings, fields: InvocationFields, deps: unknown, coldStart: boolean) {
    this.requestId = fields.requestId;
    this.coldStart = coldStart;
    this.env = fields.env;
    this.deps = deps;
    this.native = fields.native;
    this.#settings = settings;
    this.#fields = fields;
    this.#deadline = fields.deadline === undefined && settings.deadlineOf !== undefined ? null : fields.deadline;
  }

  get deadline(): number | undefined {
    if (this.#deadline === null) this.#deadline = (this.#settings.deadlineOf as (native: unknown) => number | undefined)(this.native);
    return this.#deadline;
  }

  get provider(): string {
    return this.#settings.provider;
  }

  remainingMs(): number {
    const deadline = this.deadline;
    return deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, deadline - Date.now());
  }

  get log(): Logger {
    this.#log ??= createLogger(
      { ...this.#settings.logFieldsOf?.(this.native), requestId: this.requestId, provider: this.#settings.provider },
      this.#settings.logLevel,
      this.#fields.write ?? this.#settings.write,
    );
    return this.#log;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      const deadline = this.deadline;
      if (deadline !== undefined) {
        const controller = this.#controller;
        const abort = (): void => controller.abort(new DOMException("The invocation is about to reach its deadline", "TimeoutError"));
        const delay = deadline - this.#settings.signalMarginMs - Date.now();
        if (delay <= 0) abort();
        else {
          this.#timer = setTimeout(abort, delay);
          (this.#timer as { unref?: () => void }).unref?.();
        }
      }
      const controller = this.#controller;
      this.#settings.abortOn?.(this.native, (reason) => controller.abort(reason));
    }
    return this.#controller.signal;
  }

  /** True when the deadline signal was read and has fired (not when the provider aborted it, e.g. for a client that left). */
  get timedOut(): boolean {
    const signal = this.#controller?.signal;
    return signal?.aborted === true && (signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError";
  }

  waitUntil(promise: Promise<unknown>): void {
    const native = this.#fields.waitUntil;
    if (native) native(promise);
    else {
      this.#pending ??= [];
      this.#pending.push(promise);
    }
  }

  /**
   * Settles every collected `waitUntil` promise (including ones added meanwhile), logging
   * rejections, and clears the signal's timer. Returns nothing when there is nothing to wait for.
   */
  settle(): Promise<void> | undefined {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#pending === undefined || this.#pending.length === 0) return undefined;
    return this.#settlePending();
  }

  async #settlePending(): Promise<void> {
    while (this.#pending !== undefined && this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      for (const outcome of await Promise.allSettled(batch)) {
        if (outcome.status === "rejected") this.log.error("waitUntil promise rejected", { error: outcome.reason });
      }
    }
  }
}
