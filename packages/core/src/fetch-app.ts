import type { Context, DefaultEnv } from "./context.ts";
import type { FnEvent } from "./events.ts";
import { JSON_TYPE } from "./http/_content-types.ts";
import type { RouteResult } from "./router/router.ts";

/** What a Fetch framework gets as its third `fetch` argument: Workers' `ExecutionContext` shape, backed by fnport's context. */
export interface FetchExecutionContext {
  /** `ctx.waitUntil`: native on Workers, awaited before the invocation returns elsewhere. */
  waitUntil(promise: Promise<unknown>): void;
  /** Does nothing: fnport answers every error itself (a thrown error is a 500 or the `HttpError`'s answer). */
  passThroughOnException(): void;
  /** The Workers `ctx.props` where there is one, else `{}`. */
  readonly props: unknown;
}

/** A Fetch framework's entry point, as Hono's `app.fetch`, itty-router's `router.fetch` or h3's `app.fetch`. */
export type FetchFunction<Env = DefaultEnv> = (
  request: Request,
  env: Env,
  executionCtx: FetchExecutionContext,
) => Response | undefined | Promise<Response | undefined>;

/** A Fetch framework's app: its `fetch` function, or an object with a `fetch` method (called on the object). */
export type FetchApp<Env = DefaultEnv> = FetchFunction<Env> | { fetch: FetchFunction<Env> };

/** What `fromFetch` returns: a handler for `http` events that fits `defineHandler`, a route, a mount or a router's `notFound`. */
export type FetchAppHandler<Deps = undefined, Env = DefaultEnv> = (
  event: FnEvent,
  ctx: Context<Deps, Env>,
) => RouteResult | Promise<RouteResult>;

const contexts = new WeakMap<Request, Context<unknown, unknown>>();

class BridgeExecutionContext implements FetchExecutionContext {
  readonly #ctx: Context<unknown, unknown>;
  constructor(ctx: Context<unknown, unknown>) {
    this.#ctx = ctx;
  }
  waitUntil(promise: Promise<unknown>): void {
    this.#ctx.waitUntil(promise);
  }
  passThroughOnException(): void {}
  get props(): unknown {
    return (this.#ctx.native as { props?: unknown } | null | undefined)?.props ?? {};
  }
}

/** Duck-typed (a Response from another realm or a polyfill passes); `toResult` has answered null and undefined already. */
function isResponse(value: unknown): value is Response {
  return typeof value === "object" && typeof (value as Partial<Response>).arrayBuffer === "function";
}

/** What a fetch returned instead of a Response (never null or undefined: those are a 404). */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

/** itty-router's `Router` resolves to nothing when no route matched: that is a 404, like fnport's router answers. */
function toResult(response: Response | undefined): Response | { status: number; headers: Record<string, string>; body: string } {
  if (response === undefined || response === null)
    return { status: 404, headers: { "content-type": JSON_TYPE }, body: '{"error":"Not Found"}' };
  if (!isResponse(response)) {
    throw new TypeError(`fromFetch(): the app's fetch returned ${describeValue(response)}, expected a Response`);
  }
  return response;
}

/**
 * Runs a Fetch framework's app (Hono, itty-router, h3, ...) as a handler for `http` events:
 * `defineHandler(fromFetch(app))`, or `fromFetch(app)(event, ctx)` from your own handler, or as a
 * route (`router.mount("/legacy", fromFetch(app))`). The app gets `event.toRequest()`, `ctx.env` as
 * its env (Hono's `c.env`) and an execution context whose `waitUntil` is `ctx.waitUntil`;
 * `contextOf(request)` gives it the rest of `ctx` (`log`, `requestId`, `deps`, ...). An `HttpError`
 * thrown inside keeps its status and JSON body (Hono answers it through `getResponse()`; frameworks
 * that let errors through leave it to fnport, as any other throw).
 */
export function fromFetch<Deps = undefined, Env = DefaultEnv>(app: FetchApp<NoInfer<Env>>): FetchAppHandler<Deps, Env> {
  let fetch: FetchFunction<Env>;
  if (typeof app === "function") fetch = app;
  else if (typeof app === "object" && app !== null && typeof app.fetch === "function") {
    fetch = (request, env, executionCtx) => app.fetch(request, env, executionCtx);
  } else {
    throw new TypeError("fromFetch() takes a fetch function (request, env, ctx) => Response, or an app with a fetch method");
  }
  return (event: FnEvent, ctx: Context<Deps, Env>) => {
    if (event.kind !== "http") {
      throw new TypeError(`fromFetch() handles http events, not ${event.kind} events: check event.kind before calling it`);
    }
    const request = event.toRequest();
    contexts.set(request, ctx as Context<unknown, unknown>);
    const response = fetch(request, ctx.env, new BridgeExecutionContext(ctx as Context<unknown, unknown>));
    return response instanceof Promise ? response.then(toResult) : toResult(response);
  };
}

/**
 * The fnport context of a request `fromFetch()` handed to an app: `contextOf(c.req.raw).log.info(...)`
 * in Hono, `contextOf(request)` in itty-router. Throws for any other request (one a middleware
 * replaced, or built by the app itself).
 */
export function contextOf<Deps = unknown, Env = DefaultEnv>(request: Request): Context<Deps, Env> {
  const ctx = contexts.get(request);
  if (ctx === undefined) {
    throw new TypeError("contextOf(): this request did not come from fromFetch() (in Hono, pass c.req.raw, not c.req)");
  }
  return ctx as Context<Deps, Env>;
}
