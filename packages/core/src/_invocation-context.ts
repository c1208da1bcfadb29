import type { DeadlineEntry, DeadlineQueue } from "./_deadline-queue.ts";
import { type LongTimer, startTimer, stopTimer } from "./_timer.ts";
import type { Context } from "./context.ts";
import { createLogger, type Logger, type LogLevel, type LogWriter, serializeError } from "./logger.ts";

/** What stays the same for every invocation of one runner. */
export interface RunnerSettings {
  provider: string;
  signalMarginMs: number;
  logLevel: LogLevel;
  write: LogWriter;
  deadlineOf: ((native: unknown) => number | undefined) | undefined;
  enforceDeadline: boolean;
  /** The invocations of this runner waiting for their deadline (with `enforceDeadline` and `shareDeadlineTimer`). */
  deadlines?: DeadlineQueue | undefined;
  abortOn?: ((native: unknown, abort: (reason: unknown) => void) => void) | undefined;
  logFieldsOf?: ((native: unknown) => Readonly<Record<string, unknown>> | undefined) | undefined;
  tenantIdOf?: ((native: unknown) => string | undefined) | undefined;
}

/** What changes per invocation. */
export interface InvocationFields {
  /** The provider's request id; without one, a random UUID made when first read (`requestIdOf`). */
  requestId?: string | undefined;
  deadline?: number | undefined;
  env: unknown;
  native?: unknown;
  write?: LogWriter | undefined;
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  abortOn?: ((abort: (reason: unknown) => void) => void) | undefined;
}

/** The reason of a signal that fired and of an invocation the runner stopped at its deadline. */
function timeoutError(message: string): DOMException {
  return new DOMException(message, "TimeoutError");
}

/**
 * The invocation's request id: the provider's, else a random UUID made now and kept in `init`, so that the
 * context and an adapter's own log lines about the invocation (a stream that failed) carry the same one,
 * whichever reads it first. Made only when read: many invocations are never logged (a UUID costs about
 * 2 000 instructions).
 */
export function requestIdOf(init: Pick<InvocationFields, "requestId">): string {
  init.requestId ??= crypto.randomUUID();
  return init.requestId;
}

/** A deadline that cannot be waited for (`Infinity`, `NaN`) is no deadline. */
export function finiteDeadline(deadline: number | undefined): number | undefined {
  return deadline !== undefined && Number.isFinite(deadline) ? deadline : undefined;
}

/** The context of one invocation; the signal, its timer, the logger and the waitUntil list are created only when used. */
export class InvocationContext implements Context<unknown, unknown> {
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
  #signalTimer: LongTimer | undefined;
  #deadlineEntry: DeadlineEntry | undefined;
  /** The deadline's own timer, without a shared queue. */
  #deadlineTimer: LongTimer | undefined;
  /** True once the runner stopped waiting for the handler at the deadline (`enforceDeadline`). */
  #expired = false;
  #pending: Promise<unknown>[] | undefined;
  /** Local `waitUntil` promises not settled yet. */
  #unsettled = 0;

  constructor(settings: RunnerSettings, fields: InvocationFields, deps: unknown, coldStart: boolean) {
    this.coldStart = coldStart;
    this.env = fields.env;
    this.deps = deps;
    this.native = fields.native;
    this.#settings = settings;
    this.#fields = fields;
    this.#deadline = fields.deadline === undefined && settings.deadlineOf !== undefined ? null : finiteDeadline(fields.deadline);
  }

  get requestId(): string {
    return requestIdOf(this.#fields);
  }

  get deadline(): number | undefined {
    if (this.#deadline === null) {
      this.#deadline = finiteDeadline((this.#settings.deadlineOf as (native: unknown) => number | undefined)(this.native));
    }
    return this.#deadline;
  }

  get provider(): string {
    return this.#settings.provider;
  }

  get tenantId(): string | undefined {
    return this.#settings.tenantIdOf?.(this.native);
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
      const controller = new AbortController();
      this.#controller = controller;
      const deadline = this.deadline;
      if (deadline !== undefined) {
        const expire = (): void => controller.abort(timeoutError("The invocation is about to reach its deadline"));
        const delay = deadline - this.#settings.signalMarginMs - Date.now();
        if (delay <= 0) expire();
        else this.#signalTimer = startTimer(expire, delay, true);
      }
      const abort = (reason: unknown): void => controller.abort(reason);
      this.#settings.abortOn?.(this.native, abort);
      this.#fields.abortOn?.(abort);
    }
    return this.#controller.signal;
  }

  /**
   * True when the deadline signal was read and has fired, or the runner stopped waiting at the deadline
   * (not when the provider aborted the signal, e.g. for a client that left).
   */
  get timedOut(): boolean {
    const signal = this.#controller?.signal;
    return this.#expired || (signal?.aborted === true && (signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError");
  }

  /** True when the runner stopped waiting for the handler at the deadline (`enforceDeadline`). */
  get expired(): boolean {
    return this.#expired;
  }

  /**
   * With a deadline: calls `expired` with a `TimeoutError` there (the signal fires too, if it has not) unless
   * `settle()` came first. Without one, nothing. For `enforceDeadline` only: its callers check it.
   */
  expireAtDeadline(expired: (error: DOMException) => void): void {
    const deadline = this.deadline;
    if (deadline !== undefined) this.#expireAt(deadline, expired);
  }

  /** `expired` called at `deadline` (a number: a deadline of `undefined` would fire at once). */
  #expireAt(deadline: number, expired: (error: DOMException) => void): void {
    const expire = (): void => {
      this.#expired = true;
      // A handler that reads the signal now or later sees it fired.
      this.#controller ??= new AbortController();
      if (!this.#controller.signal.aborted) this.#controller.abort(timeoutError("The invocation is about to reach its deadline"));
      expired(timeoutError("The invocation reached its deadline"));
    };
    const queue = this.#settings.deadlines;
    if (queue !== undefined) this.#deadlineEntry = queue.add(deadline, expire);
    else this.#deadlineTimer = startTimer(expire, deadline - Date.now(), true);
  }

  /**
   * With `enforceDeadline` and a deadline, `work` raced against the deadline: the result rejects with a
   * `TimeoutError` there (the signal fires too, if it has not). Otherwise `work` itself, untouched.
   */
  withinDeadline<T>(work: T | Promise<T>): T | Promise<T> {
    if (!this.#settings.enforceDeadline) return work;
    const deadline = this.deadline;
    if (deadline === undefined) return work;
    return new Promise<T>((resolve, reject) => {
      this.#expireAt(deadline, reject);
      Promise.resolve(work).then(resolve, reject);
    });
  }

  waitUntil(promise: Promise<unknown>): void {
    // One policy everywhere: a rejection is logged once with the request id and changes no outcome.
    const native = this.#fields.waitUntil;
    if (native) {
      native(Promise.resolve(promise).then(undefined, (error: unknown) => this.#logRejection(error)));
      return;
    }
    this.#unsettled++;
    this.#pending ??= [];
    this.#pending.push(
      Promise.resolve(promise).then(
        () => {
          this.#unsettled--;
        },
        (error: unknown) => {
          this.#unsettled--;
          this.#logRejection(error);
        },
      ),
    );
  }

  #logRejection(error: unknown): void {
    this.log.error("waitUntil promise rejected", { error: serializeError(error) });
  }

  /**
   * Waits for every collected `waitUntil` promise (including ones added meanwhile), at most until the
   * deadline signal fires, then clears the timers. Returns nothing when there is nothing to wait for.
   */
  settle(): Promise<void> | undefined {
    // Only #settlePending empties #pending, and settle() runs once per invocation.
    if (this.#pending === undefined) {
      this.#stopTimers();
      return undefined;
    }
    return this.#settlePending().finally(() => this.#stopTimers());
  }

  #stopTimers(): void {
    stopTimer(this.#signalTimer);
    stopTimer(this.#deadlineTimer);
    if (this.#deadlineEntry !== undefined) (this.#settings.deadlines as DeadlineQueue).finish(this.#deadlineEntry);
  }

  async #settlePending(): Promise<void> {
    // The waits end when the deadline signal would fire (a timer of their own: the signal may also abort for
    // another reason, such as a client that left, which must not cut background work short).
    let stop: Promise<true> | undefined;
    let stopAt: LongTimer | undefined;
    const deadline = this.deadline;
    if (deadline !== undefined) {
      const delay = this.#expired ? 0 : deadline - this.#settings.signalMarginMs - Date.now();
      stop = new Promise((resolve) => {
        if (delay <= 0) resolve(true);
        else stopAt = startTimer(() => resolve(true), delay);
      });
    }
    try {
      while (this.#pending !== undefined && this.#pending.length > 0) {
        const all = Promise.all(this.#pending);
        this.#pending = [];
        const stopped = stop === undefined ? await all : await Promise.race([all, stop]);
        if (stopped === true) {
          if (this.#unsettled > 0) {
            const count = this.#unsettled;
            this.log.error(
              `${count} waitUntil ${count === 1 ? "promise was" : "promises were"} still pending at the deadline; the invocation ends without them`,
              { pending: count },
            );
          }
          return;
        }
      }
    } finally {
      stopTimer(stopAt);
    }
  }
}
