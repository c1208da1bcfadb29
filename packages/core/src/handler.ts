import type { Context, DefaultEnv } from "./context.ts";
import type { FnEvent } from "./events.ts";
import type { HandlerResult } from "./results.ts";

/** A portable handler: one function for every kind of event, narrowed with `event.kind`. */
export type Handler<Deps = undefined, Env = DefaultEnv> = (
  event: FnEvent,
  ctx: Context<Deps, Env>,
) => HandlerResult | Promise<HandlerResult>;

/** A handler with a per-instance `init` whose result reaches every invocation as `ctx.deps`. */
export interface HandlerDefinition<Deps, Env = DefaultEnv> {
  /** Runs once per instance (on the first invocation), with the environment or bindings. A rejection is retried on the next invocation. */
  init?: (env: Env) => Deps | Promise<Deps>;
  handle: Handler<Deps, Env>;
}

/** What `defineHandler` returns and every adapter takes. */
export interface App<Deps = unknown, Env = DefaultEnv> {
  readonly init: ((env: Env) => Deps | Promise<Deps>) | undefined;
  readonly handle: Handler<Deps, Env>;
}

/** Defines a portable handler from a function, or from `{ init, handle }`. */
export function defineHandler<Env = DefaultEnv>(handle: Handler<undefined, Env>): App<undefined, Env>;
export function defineHandler<Deps, Env = DefaultEnv>(definition: HandlerDefinition<Deps, Env>): App<Deps, Env>;
export function defineHandler<Deps, Env>(definition: Handler<Deps, Env> | HandlerDefinition<Deps, Env>): App<Deps, Env> {
  if (typeof definition === "function") return { init: undefined, handle: definition };
  if (typeof definition?.handle !== "function") throw new TypeError("defineHandler expects a function or { init?, handle }");
  if (definition.init !== undefined && typeof definition.init !== "function") throw new TypeError("defineHandler: init must be a function");
  return { init: definition.init, handle: definition.handle };
}
