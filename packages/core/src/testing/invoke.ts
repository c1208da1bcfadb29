import type { FnEvent, HttpEvent, MessagesEvent } from "../events.ts";
import type { App } from "../handler.ts";
import type { EncodedHttpResponse } from "../http/result.ts";
import type { MessagesResult } from "../results.ts";
import { createRunner, type Runner } from "../runner.ts";

/** Options of `invoke`. */
export interface InvokeOptions<Env> {
  /** `ctx.env`, also passed to `init` (default `{}`). */
  env?: Env;
  requestId?: string;
  /**
   * `ctx.deadline` in epoch ms, held the way the strictest provider holds it: `ctx.signal` fires 500 ms
   * before, and a handler still running at the deadline gets a 504 (`http`) or a `TimeoutError` rejection.
   */
  deadline?: number;
  /** Start a new instance: `init` runs again and `ctx.coldStart` is true. */
  freshInstance?: boolean;
  /** Collects every log line (as parsed JSON) instead of printing it. */
  logs?: Array<Record<string, unknown>>;
}

/** An HTTP response from `invoke`, with the body also as text and JSON. */
export interface TestHttpResponse extends EncodedHttpResponse {
  /** The body as text (`""` without one). */
  readonly text: string;
  /** The body parsed as JSON. */
  json(): unknown;
}

const runners = new WeakMap<object, Runner>();

function runnerFor<Deps, Env>(app: App<Deps, Env>, fresh: boolean): Runner {
  let runner = runners.get(app);
  if (runner === undefined || fresh) {
    runner = createRunner(app, { provider: "test", enforceDeadline: true });
    runners.set(app, runner);
  }
  return runner;
}

function toTestResponse(response: EncodedHttpResponse): TestHttpResponse {
  const text = response.body === null ? "" : typeof response.body === "string" ? response.body : new TextDecoder().decode(response.body);
  return { ...response, text, json: () => JSON.parse(text) };
}

/**
 * Runs `app` on `event` the way an adapter would: one instance per app (`init` once, `coldStart`
 * true then false), the same error policy. `http` events resolve to the response; `messages` to
 * `{ failed }` (a throw rejects: the whole batch failed); other kinds to nothing.
 */
export function invoke<Deps, Env>(app: App<Deps, Env>, event: HttpEvent, options?: InvokeOptions<Env>): Promise<TestHttpResponse>;
export function invoke<Deps, Env>(app: App<Deps, Env>, event: MessagesEvent, options?: InvokeOptions<Env>): Promise<MessagesResult>;
export function invoke<Deps, Env>(app: App<Deps, Env>, event: FnEvent, options?: InvokeOptions<Env>): Promise<unknown>;
export async function invoke<Deps, Env>(app: App<Deps, Env>, event: FnEvent, options: InvokeOptions<Env> = {}): Promise<unknown> {
  const runner = runnerFor(app, options.freshInstance === true);
  const logs = options.logs;
  const init = {
    env: options.env ?? {},
    requestId: options.requestId,
    deadline: options.deadline,
    write: logs ? (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) : undefined,
  };
  if (event.kind === "http") return toTestResponse(await runner.http(event, init));
  if (event.kind === "messages") return { failed: await runner.messages(event, init) };
  return runner.event(event, init);
}
