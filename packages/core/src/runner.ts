import { DeadlineQueue } from "./_deadline-queue.ts";
import { InvocationContext, type RunnerSettings } from "./_invocation-context.ts";
import { bindInvocation } from "./_invocation-of.ts";
import { describeKeys, unknownKeys } from "./_result-shape.ts";
import { isHttpError } from "./errors.ts";
import type { FnEvent, HttpEvent, MessagesEvent } from "./events.ts";
import type { App } from "./handler.ts";
import { JSON_TYPE } from "./http/_content-types.ts";
import { isBodyless } from "./http/fetch-response.ts";
import { emptyRecord } from "./http/headers.ts";
import { type EncodedHttpResponse, encodeHttpResult, isFetchResponse } from "./http/result.ts";
import { boundStream, isBufferLimitError } from "./http/stream-body.ts";
import { consoleWriter, type LogLevel, type LogWriter, serializeError } from "./logger.ts";
import type { HttpResult, MessagesResult } from "./results.ts";

/** How an adapter runs an app. */
export interface RunnerOptions {
  /** The `ctx.provider` value, e.g. `aws-lambda`. */
  provider: string;
  /** How long before the deadline `ctx.signal` aborts (default 500 ms). */
  signalMarginMs?: number;
  /** Lowest level `ctx.log` writes (default `info`). */
  logLevel?: LogLevel | undefined;
  /** Where log lines go (default: `console`). */
  write?: LogWriter | undefined;
  /**
   * Reads the deadline (epoch ms) from `InvocationInit.native` when `ctx.deadline` is first needed, for an
   * invocation without `deadline`: most invocations never need it, and reading the clock costs.
   */
  deadlineOf?: ((native: unknown) => number | undefined) | undefined;
  /**
   * Set it when the provider does not stop an invocation at its deadline (a Workers `timeoutMs`, Cloud
   * Run's request timeout, any Node server): the runner stops waiting there itself. An `http` handler
   * still running at the deadline is answered 504 and its later result dropped (it is not cancelled:
   * `ctx.signal` has told it to stop); a `messages` or other invocation rejects with a `TimeoutError`,
   * so the provider retries. Each case writes one log line. Leave it off where the provider ends the
   * invocation itself (Lambda). Either way, waiting for `waitUntil` promises ends when `ctx.signal` fires.
   */
  enforceDeadline?: boolean | undefined;
  /**
   * With `enforceDeadline`: one timer for every invocation's deadline instead of one each (cheaper on a Node
   * server under load). Never on Workers: there a timer belongs to the request that set it and cannot end
   * another request's wait (workerd then cancels that request as hung).
   */
  shareDeadlineTimer?: boolean | undefined;
  /**
   * Links the provider's own cancellation (a client that disconnects) to `ctx.signal`: called with
   * `InvocationInit.native` once, when the handler first reads `ctx.signal`, so no listener is added otherwise.
   */
  abortOn?: ((native: unknown, abort: (reason: unknown) => void) => void) | undefined;
  /** Fields added to every `ctx.log` line of an invocation (e.g. Cloud Logging's trace), read from `native` when it first logs. */
  logFieldsOf?: ((native: unknown) => Readonly<Record<string, unknown>> | undefined) | undefined;
  /** Reads `ctx.tenantId` from `InvocationInit.native` when the handler asks (Lambda's `context.tenantId`). */
  tenantIdOf?: ((native: unknown) => string | undefined) | undefined;
  /**
   * The adapter sends streamed bodies as they come: a streamed result (or a `Response`) answers with
   * `EncodedHttpResponse.stream` set, its failure already logged once with the request id (the adapter
   * then cuts the response off). Without it a streamed body is read whole into `body` first.
   */
  streams?: boolean | undefined;
  /**
   * Without `streams`: the most of a streamed body (or a `Response`'s) the runner reads into memory, for a
   * provider with a response limit (Lambda's 6 MB). Past it the read stops, the stream is cancelled and the
   * invocation answers 500, with one log line naming the limit. Default: no limit.
   */
  maxBufferedBytes?: number | undefined;
  /**
   * A Fetch `Response` result is passed on untouched in `EncodedHttpResponse.response` (its status in
   * `status`; no headers, cookies or body beside it), for an adapter that sends it itself (its status
   * text, its length): the runner's init, context and error policy still apply.
   */
  keepResponses?: boolean | undefined;
}

/** What an adapter knows about one invocation. */
export interface InvocationInit {
  /**
   * The provider's request id. Without one, the runner sets it to a random UUID when the invocation's id is
   * first read, so an adapter's own lines about the invocation can share it: read it with `requestIdOf(init)`.
   */
  requestId?: string | undefined;
  /**
   * Epoch ms when the provider stops the invocation; with `RunnerOptions.enforceDeadline`, when the runner
   * does. `Infinity` or `NaN` mean no deadline. An adapter with a timeout option passes `Date.now() + timeoutMs`.
   */
  deadline?: number | undefined;
  /** Environment or bindings, passed to `init` on the first invocation and exposed as `ctx.env`. */
  env: unknown;
  /** The provider's own context object. */
  native?: unknown;
  /** The provider's own `waitUntil`; without it, promises are awaited before the invocation returns. */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  /** Overrides the runner's log writer for this invocation (used by `@fnport/core/testing`). */
  write?: LogWriter | undefined;
  /**
   * Links this invocation's own cancellation to `ctx.signal`, for a provider whose cancellation is not on
   * `native` (Workers' `request.signal`, Lambda's response stream): called once, when the handler first reads
   * `ctx.signal`, beside `RunnerOptions.abortOn`.
   */
  abortOn?: ((abort: (reason: unknown) => void) => void) | undefined;
}

/** Runs an app's invocations with its init, its context and its error policy; one runner per instance. */
export interface Runner {
  /**
   * Runs an `http` event and always resolves to a response: `HttpError` → its status, a throw → a
   * generic 500 (logged with the request id, never sent), a throw after the deadline signal → 504, no
   * answer by an enforced deadline → 504. A 204, 205 or 304 response, and any response to HEAD, has no body.
   */
  http(event: HttpEvent, init: InvocationInit): Promise<EncodedHttpResponse>;
  /**
   * Like `http(event, init).then(encode)`, one promise fewer: `encode` turns the response into the native
   * one. When `encode` throws (a result the integration cannot carry), the error is logged and a generic
   * 500 is encoded instead; it rejects only if `encode` cannot encode that either.
   */
  http<Native>(event: HttpEvent, init: InvocationInit, encode: (response: EncodedHttpResponse) => Native): Promise<Native>;
  /**
   * `http(event, init, encode)` for an adapter that drops the promise (a node server's request listener):
   * the same answer, `encode` called once with it, and no promise made for the result. What `encode`
   * returns is not waited for. When even the generic 500 cannot be encoded, the error is an unhandled
   * rejection, as it would be of the dropped promise.
   */
  serveHttp(event: HttpEvent, init: InvocationInit, encode: (response: EncodedHttpResponse) => unknown): void;
  /**
   * Runs a `messages` event; resolves to the ids of the failed messages (empty: all done); in an ordered
   * batch, the first failed one and every one after it. Rejects when the handler throws or names an id
   * that is not in the batch: the whole batch failed.
   */
  messages(event: MessagesEvent, init: InvocationInit): Promise<readonly string[]>;
  /** Runs a `storage`, `schedule` or `cloudevent` event; rejects when the handler throws. */
  event(event: FnEvent, init: InvocationInit): Promise<void>;
}

/** The response for a thrown error: the `HttpError`'s own, 504 after the deadline signal, else a generic 500. */
export function errorResponse(error: unknown, timedOut = false): EncodedHttpResponse {
  const headers = emptyRecord<string>();
  const cookies: string[] = [];
  if (isHttpError(error)) {
    const encoded = encodeHttpResult({ status: error.status, headers: error.headers }) as EncodedHttpResponse;
    Object.assign(headers, encoded.headers);
    cookies.push(...encoded.cookies);
    headers["content-type"] = JSON_TYPE;
    const body: Record<string, unknown> = { error: error.message, ...error.details };
    body.error = error.message; // details never replace the message
    return { status: error.status, headers, cookies, body: JSON.stringify(body) };
  }
  headers["content-type"] = JSON_TYPE;
  if (timedOut) return { status: 504, headers, cookies, body: '{"error":"Gateway Timeout"}' };
  return { status: 500, headers, cookies, body: '{"error":"Internal Server Error"}' };
}

const MESSAGES_RESULT_KEYS: readonly string[] = ["failed"];

/** Why a messages handler's result is not nothing or `{ failed: string[] }`, or undefined when it is. */
function invalidMessagesResult(result: unknown): string | undefined {
  if (typeof result !== "object" || result === null) return `got ${typeof result === "string" ? "a string" : String(result)}`;
  const unknown = unknownKeys(result, MESSAGES_RESULT_KEYS);
  if (unknown !== undefined) return describeKeys(unknown);
  const { failed } = result as Partial<MessagesResult>;
  if (!Array.isArray(failed))
    return failed === undefined ? "got an object without failed" : `failed is ${typeof failed}, not an array of ids`;
  return undefined;
}

/** The index of the message with `id`, or -1. */
function positionOf(messages: MessagesEvent["messages"], id: string): number {
  for (let i = 0; i < messages.length; i++) if ((messages[i] as { id: string }).id === id) return i;
  return -1;
}

/** Each id's position in the batch: its first message's, as `positionOf` finds it. */
function positionsOf(messages: MessagesEvent["messages"]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let i = messages.length - 1; i >= 0; i--) positions.set((messages[i] as { id: string }).id, i);
  return positions;
}

function failedIds(event: MessagesEvent, result: unknown): readonly string[] {
  if (result === undefined || result === null) return [];
  const invalid = invalidMessagesResult(result);
  if (invalid !== undefined) throw new TypeError(`A messages handler must return nothing or { failed: string[] }: ${invalid}`);
  const { failed } = result as MessagesResult;
  if (failed.length === 0) return failed;
  const { messages } = event;
  // A scan per failed id, not a Map of the batch: a batch holds at most a few thousand messages, and most
  // report one failure or none (a Map costs more than the scans it saves until many fail).
  const positions = failed.length > 8 ? positionsOf(messages) : undefined;
  let first = messages.length;
  for (const id of failed) {
    const position = positions === undefined ? positionOf(messages, id) : (positions.get(id) ?? -1);
    if (position === -1) throw new TypeError(`The handler reported message ${JSON.stringify(id)} as failed, but it is not in this batch`);
    if (position < first) first = position;
  }
  // An ordered batch (SQS FIFO, streams) must not move past a failure: every later message failed too, as
  // Lambda's SQS guide asks of FIFO consumers (stop at the first failure, report it and all unprocessed ones).
  return event.ordered ? messages.slice(first).map((message) => message.id) : failed;
}

/** Turns an encoded response into the provider's native one. */
type Encode = (response: EncodedHttpResponse) => unknown;

/** A value or a promise of it, as a promise (a promise is kept: wrapping it again would cost a microtask). */
function settled(value: unknown): Promise<unknown> {
  return value instanceof Promise ? value : Promise.resolve(value);
}

/** Creates the runner an adapter keeps for its instance; `init` runs on its first invocation. */
export function createRunner<Deps, Env>(app: App<Deps, Env>, options: RunnerOptions): Runner {
  const settings: RunnerSettings = {
    provider: options.provider,
    signalMarginMs: options.signalMarginMs ?? 500,
    logLevel: options.logLevel ?? "info",
    write: options.write ?? consoleWriter,
    deadlineOf: options.deadlineOf,
    enforceDeadline: options.enforceDeadline === true,
    deadlines: options.enforceDeadline === true && options.shareDeadlineTimer === true ? new DeadlineQueue() : undefined,
    abortOn: options.abortOn,
    logFieldsOf: options.logFieldsOf,
    tenantIdOf: options.tenantIdOf,
  };
  let coldStart = true;
  let deps: Deps | undefined;
  let depsPromise: Promise<Deps> | undefined;
  const streams = options.streams === true;
  const keepResponses = options.keepResponses === true;
  const maxBufferedBytes = options.maxBufferedBytes ?? Number.POSITIVE_INFINITY;

  function ensureDeps(env: unknown): Deps | Promise<Deps> | undefined {
    if (app.init === undefined || deps !== undefined) return deps;
    depsPromise ??= Promise.resolve(app.init(env as Env)).then(
      (value) => {
        deps = value;
        return value;
      },
      (error: unknown) => {
        depsPromise = undefined; // retried on the next invocation
        throw error;
      },
    );
    return depsPromise;
  }

  function context(init: InvocationInit, resolvedDeps: unknown): InvocationContext {
    const cold = coldStart;
    coldStart = false;
    return new InvocationContext(settings, init, resolvedDeps, cold);
  }

  /** Resolves init (once), builds the context and calls the handler; a failure keeps the context for logging. */
  async function invoke(event: FnEvent, init: InvocationInit): Promise<{ ctx: InvocationContext; result: unknown }> {
    const pendingDeps = ensureDeps(init.env);
    const ctx = context(init, pendingDeps instanceof Promise ? await pendingDeps : pendingDeps);
    if (event.kind === "messages") bindInvocation(event, ctx);
    try {
      return { ctx, result: await ctx.withinDeadline(app.handle(event, ctx as never)) };
    } catch (error) {
      throw new HandlerFailure(ctx, error);
    }
  }

  async function fail(init: InvocationInit, error: unknown, kind: string): Promise<never> {
    if (error instanceof HandlerFailure) {
      const { ctx } = error;
      if (ctx.expired) ctx.log.error(`${kind} handler did not finish by the deadline`, { deadline: isoDate(ctx.deadline) });
      else ctx.log.error(`${kind} handler threw`, { error: serializeError(error.cause) });
      await error.ctx.settle();
      throw error.cause;
    }
    context(init, undefined).log.error("init failed", { error: serializeError(error) });
    throw error;
  }

  /** A handler's result encoded; with `keepResponses`, a Fetch `Response` is passed on as it is. */
  function encodeReturned(result: unknown): EncodedHttpResponse | Promise<EncodedHttpResponse> {
    if (keepResponses && isFetchResponse(result))
      return { status: result.status, headers: emptyRecord(), cookies: [], body: null, response: result };
    return encodeHttpResult(result as HttpResult | undefined, streams, maxBufferedBytes);
  }

  /** The response to an `http` invocation that failed (the failure logged once); `ctx` is undefined when init failed. */
  function failedHttp(init: InvocationInit, ctx: InvocationContext | undefined, error: unknown): [InvocationContext, EncodedHttpResponse] {
    if (ctx === undefined) {
      ctx = context(init, undefined);
      ctx.log.error("init failed", { error: serializeError(error) });
    } else if (ctx.expired) {
      ctx.log.error("http handler did not answer by the deadline", { deadline: isoDate(ctx.deadline) });
    } else if (isBufferLimitError(error)) {
      ctx.log.error("http response could not be encoded for the provider", { error: serializeError(error) });
    } else if (!isHttpError(error)) {
      // Serialised here: a thrown value may be unreadable (a revoked Proxy) and must still be logged.
      ctx.log.error(ctx.timedOut ? "http handler timed out" : "http handler failed", { error: serializeError(error) });
    }
    try {
      return [ctx, errorResponse(error, ctx.timedOut)];
    } catch (encodeError) {
      // An HttpError whose headers cannot be sent: still answer (a generic 500), never reject.
      ctx.log.error("http handler failed", { error: serializeError(encodeError) });
      return [ctx, errorResponse(encodeError)];
    }
  }

  /** The last steps of an `http` invocation: a value when nothing is left to wait for, else a promise. */
  function finishHttp(event: HttpEvent, ctx: InvocationContext, response: EncodedHttpResponse, encode: Encode | undefined): unknown {
    if (response.body !== null && isBodyless(response.status, event.method)) response = { ...response, body: null };
    if (response.stream !== undefined) response = boundStream(response, event.method, ctx.log);
    const pending = ctx.settle();
    if (pending !== undefined) return pending.then(() => encodeNative(ctx, response, encode));
    return encodeNative(ctx, response, encode);
  }

  function encodeNative(ctx: InvocationContext, response: EncodedHttpResponse, encode: Encode | undefined): unknown {
    if (encode === undefined) return response;
    try {
      return encode(response);
    } catch (error) {
      // A result the integration cannot carry (e.g. 513 cookies on ALB): answer, never reject.
      ctx.log.error("http response could not be encoded for the provider", { error });
      void response.stream?.cancel(error);
      return encode(errorResponse(undefined));
    }
  }

  /** Finishes with the handler's encoded result, or with the failure that stopped it. */
  function answerHttp(
    event: HttpEvent,
    init: InvocationInit,
    ctx: InvocationContext,
    encoded: EncodedHttpResponse | Promise<EncodedHttpResponse>,
    encode: Encode | undefined,
  ): unknown {
    if (!(encoded instanceof Promise)) return finishHttp(event, ctx, encoded, encode);
    return encoded.then(
      (response) => finishHttp(event, ctx, response, encode),
      (error: unknown) => finishHttp(event, ...failedHttp(init, ctx, error), encode),
    );
  }

  /** The handler's result encoded, or the failure's response when it cannot be. */
  function encodeResult(
    event: HttpEvent,
    init: InvocationInit,
    ctx: InvocationContext,
    result: unknown,
    encode: Encode | undefined,
  ): unknown {
    let encoded: EncodedHttpResponse | Promise<EncodedHttpResponse>;
    try {
      encoded = encodeReturned(result);
    } catch (error) {
      return finishHttp(event, ...failedHttp(init, ctx, error), encode);
    }
    // A Response's body is read asynchronously: with an enforced deadline, that read races it too.
    if (encoded instanceof Promise && settings.enforceDeadline) encoded = ctx.withinDeadline(encoded);
    return answerHttp(event, init, ctx, encoded, encode);
  }

  /**
   * An async handler's answer raced against an enforced deadline (its `Response` body's read too): whichever
   * comes first answers, in one `then` on the handler's promise. The answer goes to `resolve` (a failure to
   * encode even the generic 500, to `reject`).
   */
  function raceHttp(
    event: HttpEvent,
    init: InvocationInit,
    ctx: InvocationContext,
    returned: PromiseLike<unknown>,
    encode: Encode | undefined,
    resolve: (answer: unknown) => void,
    reject: (error: unknown) => void,
  ): void {
    let answered = false;
    const answer = (response: EncodedHttpResponse, answering: InvocationContext = ctx): void => {
      if (answered) return;
      answered = true;
      try {
        resolve(finishHttp(event, answering, response, encode));
      } catch (error) {
        reject(error); // only when `encode` cannot encode the generic 500 either
      }
    };
    const fail = (error: unknown): void => {
      if (answered) return;
      const [failedCtx, response] = failedHttp(init, ctx, error);
      answer(response, failedCtx);
    };
    ctx.expireAtDeadline(fail);
    Promise.resolve(returned).then((result) => {
      if (answered) return;
      let encoded: EncodedHttpResponse | Promise<EncodedHttpResponse>;
      try {
        encoded = encodeReturned(result);
      } catch (error) {
        fail(error);
        return;
      }
      if (encoded instanceof Promise) encoded.then(answer, fail);
      else answer(encoded);
    }, fail);
  }

  /**
   * Runs the handler with its context: one `then` for an async handler's result, none for a sync one's.
   * `detached`: the caller drops the result, so an enforced deadline's race makes no promise of its own.
   */
  function runHttp(event: HttpEvent, init: InvocationInit, ctx: InvocationContext, encode: Encode | undefined, detached: boolean): unknown {
    let returned: unknown;
    try {
      returned = app.handle(event, ctx as never);
    } catch (error) {
      return finishHttp(event, ...failedHttp(init, ctx, error), encode);
    }
    // A sync result is in before any deadline timer can fire: it needs no race.
    if (typeof (returned as PromiseLike<unknown> | null)?.then !== "function") return encodeResult(event, init, ctx, returned, encode);
    if (settings.enforceDeadline) {
      if (detached) return raceHttp(event, init, ctx, returned as PromiseLike<unknown>, encode, ignore, unhandled);
      return new Promise<unknown>((resolve, reject) =>
        raceHttp(event, init, ctx, returned as PromiseLike<unknown>, encode, resolve, reject),
      );
    }
    return settled(returned).then(
      (result) => encodeResult(event, init, ctx, result, encode),
      (error: unknown) => finishHttp(event, ...failedHttp(init, ctx, error), encode),
    );
  }

  /** Builds the context (it only copies `init`'s fields: nothing there throws) and runs the handler. */
  function startHttp(event: HttpEvent, init: InvocationInit, deps: unknown, encode: Encode | undefined, detached = false): unknown {
    return runHttp(event, init, context(init, deps), encode, detached);
  }

  // The hot path: no `async` function and no promise hop that the handler itself does not need.
  function http(event: HttpEvent, init: InvocationInit, encode?: Encode): Promise<unknown> {
    try {
      let deps: unknown;
      try {
        deps = ensureDeps(init.env);
      } catch (error) {
        return settled(finishHttp(event, ...failedHttp(init, undefined, error), encode));
      }
      if (deps instanceof Promise) {
        return deps.then(
          (resolved) => startHttp(event, init, resolved, encode),
          (error: unknown) => finishHttp(event, ...failedHttp(init, undefined, error), encode),
        );
      }
      return settled(startHttp(event, init, deps, encode));
    } catch (error) {
      // Only when `encode` cannot encode the generic 500 either.
      return Promise.reject(error);
    }
  }

  // `http` without a promise of the result, for a caller that drops it.
  function serveHttp(event: HttpEvent, init: InvocationInit, encode: Encode): void {
    try {
      let deps: unknown;
      try {
        deps = ensureDeps(init.env);
      } catch (error) {
        finishHttp(event, ...failedHttp(init, undefined, error), encode);
        return;
      }
      if (deps instanceof Promise) {
        deps.then(
          (resolved) => startHttp(event, init, resolved, encode, true),
          (error: unknown) => finishHttp(event, ...failedHttp(init, undefined, error), encode),
        );
        return;
      }
      startHttp(event, init, deps, encode, true);
    } catch (error) {
      unhandled(error); // only when `encode` cannot encode the generic 500 either
    }
  }

  return {
    http: http as Runner["http"],
    serveHttp,

    async messages(event, init) {
      let invocation: { ctx: InvocationContext; result: unknown };
      try {
        invocation = await invoke(event, init);
      } catch (error) {
        return fail(init, error, "messages");
      }
      try {
        return failedIds(event, invocation.result);
      } catch (error) {
        invocation.ctx.log.error("messages handler returned an invalid result", { error });
        throw error;
      } finally {
        await invocation.ctx.settle();
      }
    },

    async event(event, init) {
      let invocation: { ctx: InvocationContext; result: unknown };
      try {
        invocation = await invoke(event, init);
      } catch (error) {
        return fail(init, error, event.kind);
      }
      await invocation.ctx.settle();
    },
  };
}

function ignore(): void {}

/** What a dropped promise rejected with would have been: an unhandled rejection. */
function unhandled(error: unknown): void {
  void Promise.reject(error);
}

function isoDate(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : new Date(epochMs).toISOString();
}

class HandlerFailure extends Error {
  readonly ctx: InvocationContext;
  constructor(ctx: InvocationContext, cause: unknown) {
    super("handler failed", { cause });
    this.ctx = ctx;
  }
}
