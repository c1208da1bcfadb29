import type { App, LogLevel } from "@fnport/core";
import { createRunner, type InvocationInit, type LogWriter } from "@fnport/core/adapter";
import { checkedOptions } from "./_options.ts";
import { asSent, toHttpEvent, toResponse } from "./fetch.ts";
import type { ExecutionContext, MessageBatch, ScheduledController, WorkerRequest } from "./native-types.ts";
import { settleBatch, toMessagesEvent } from "./queue.ts";
import { toScheduleEvent } from "./scheduled.ts";

/** Options of `worker()`. */
export interface WorkerOptions {
  /**
   * The largest request body `event.text()`, `bytes()` and `json()` read (default 32 MiB); a larger one
   * answers 413. `event.toRequest()` is not limited: stream big uploads from there.
   */
  maxBodyBytes?: number;
  /**
   * A wall-clock limit for every invocation, in ms (default: none; Workers limit CPU time, and a `fetch`
   * runs as long as its client waits). With it, `ctx.deadline` is the invocation's start plus `timeoutMs`,
   * `ctx.signal` fires 500 ms before, and a handler still running at the deadline is answered 504 (`fetch`)
   * or fails its invocation (`queue`: every message is retried; `scheduled`: the run is an exception).
   */
  timeoutMs?: number;
  /** Lowest level `ctx.log` writes (default `info`). */
  logLevel?: LogLevel;
  /** Where log lines go (default: `console`, which Workers Logs and `wrangler tail` read). */
  write?: LogWriter;
}

/** The module object a Worker exports as its default: `fetch`, `queue` and `scheduled` handlers. */
export interface WorkerHandlers<Env = unknown> {
  fetch(request: WorkerRequest, env: Env, ctx: ExecutionContext): Promise<Response>;
  queue(batch: MessageBatch, env: Env, ctx: ExecutionContext): Promise<void>;
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void>;
}

/**
 * A client that disconnects aborts `ctx.signal`: workerd aborts `request.signal` then, with the
 * `enable_request_signal` compatibility flag (developers.cloudflare.com/changelog/2025-05-22-handle-request-cancellation).
 */
function abortOnDisconnect(request: WorkerRequest): (abort: (reason: unknown) => void) => void {
  return (abort) => {
    const signal = request.signal;
    if (signal === undefined) return;
    const disconnected = (): void => abort(new DOMException("The client disconnected", "AbortError"));
    if (signal.aborted) disconnected();
    else signal.addEventListener("abort", disconnected, { once: true });
  };
}

/**
 * Runs `app` on Cloudflare Workers: `export default worker(app)`. `init` runs once per isolate, with the
 * bindings; `ctx.env` is the bindings, `ctx.waitUntil` the native one, `ctx.deadline` undefined (Workers
 * limit CPU time, not wall-clock time) unless `timeoutMs` sets one.
 */
export function worker<Deps, Env>(app: App<Deps, Env>, options: WorkerOptions = {}): WorkerHandlers<Env> {
  const { maxBodyBytes: givenMaxBodyBytes, timeoutMs: givenTimeoutMs, ...runnerOptions } = options;
  const { maxBodyBytes, timeoutMs } = checkedOptions(givenMaxBodyBytes, givenTimeoutMs);
  const runner = createRunner(app, {
    provider: "cloudflare-workers",
    ...runnerOptions,
    // Nothing stops a Worker at a wall-clock deadline: the runner does.
    enforceDeadline: timeoutMs !== undefined,
    // A streamed result goes out as a pulled ReadableStream.
    streams: true,
    // A handler's own `Response` goes out untouched (streams, status 101 WebSocket upgrades, `cf` options).
    keepResponses: true,
  });
  // `waitUntil` must be called on its ExecutionContext ("Illegal invocation" otherwise).
  const invocation = (env: unknown, ctx: ExecutionContext, requestId?: string, abortOn?: InvocationInit["abortOn"]): InvocationInit => ({
    requestId,
    abortOn,
    deadline: timeoutMs === undefined ? undefined : Date.now() + timeoutMs,
    env,
    native: ctx,
    waitUntil: (promise) => ctx.waitUntil(promise),
  });

  return {
    async fetch(request, env, ctx) {
      const event = toHttpEvent(request, maxBodyBytes);
      const init = invocation(env, ctx, request.headers.get("cf-ray") ?? undefined, abortOnDisconnect(request));
      const encoded = await runner.http(event, init);
      return encoded.response === undefined ? toResponse(encoded) : asSent(encoded.response);
    },

    async queue(batch, env, ctx) {
      let failed: readonly string[];
      try {
        failed = await runner.messages(toMessagesEvent(batch), invocation(env, ctx));
      } catch (error) {
        // The whole batch goes back; rethrowing also marks the invocation as failed.
        batch.retryAll();
        throw error;
      }
      settleBatch(batch, failed);
    },

    async scheduled(controller, env, ctx) {
      // A rejection fails the invocation: Cron Triggers report it as an exception.
      await runner.event(toScheduleEvent(controller), invocation(env, ctx));
    },
  };
}
