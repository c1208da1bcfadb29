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

/** What `defineHandler` takes in place of a function when `Deps` is given: the error message names the fix. */
type HandlerWithoutInit = "a handler without init has no deps: write defineHandler<undefined, Env>(fn), or give { init, handle }";

/**
 * Defines a portable handler from a function, or from `{ init, handle }`. The type parameters are
 * `<Deps, Env>` in both forms: `defineHandler<undefined, Bindings>(fn)`, `defineHandler<Deps, Bindings>({ init, handle })`;
 * both are usually inferred (`Deps` from `init`, `Env` from an annotated `init(env: Bindings)` or `ctx`).
 */
export function defineHandler<Deps = undefined, Env = DefaultEnv>(
  definition: ([Deps] extends [undefined] ? Handler<undefined, Env> : HandlerWithoutInit) | HandlerDefinition<Deps, Env>,
): App<Deps, Env> {
  if (typeof definition === "function") return { init: undefined, handle: definition } as App<Deps, Env>;
  const { init, handle } = (definition ?? {}) as Partial<HandlerDefinition<Deps, Env>>;
  if (typeof handle !== "function") throw new TypeError("defineHandler expects a function or { init?, handle }");
  if (init !== undefined && typeof init !== "function") throw new TypeError("defineHandler: init must be a function");
  return { init, handle };
}
