import { finiteDeadline } from "../_invocation-context.ts";
import { type LongTimer, startTimer, stopTimer } from "../_timer.ts";
import type { FnEvent, HttpEvent, MessagesEvent } from "../events.ts";
import type { App } from "../handler.ts";
import { type EncodedHttpResponse, responseBody } from "../http/result.ts";
import type { ResponseStream } from "../http/stream-body.ts";
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

/** An HTTP response from `invoke`, with the body also as text and JSON; a streamed body arrives read whole. */
export interface TestHttpResponse extends EncodedHttpResponse {
  /** The body as text (`""` without one). */
  readonly text: string;
  /** For a streamed body, its chunks as bytes, in order (empty for an empty stream); undefined for a plain body. */
  readonly chunks: readonly Uint8Array[] | undefined;
  /** The body parsed as JSON. */
  json(): unknown;
}

const runners = new WeakMap<object, Runner>();

function runnerFor<Deps, Env>(app: App<Deps, Env>, fresh: boolean): Runner {
  let runner = runners.get(app);
  if (runner === undefined || fresh) {
    runner = createRunner(app, { provider: "test", enforceDeadline: true, streams: true });
    runners.set(app, runner);
  }
  return runner;
}

function toTestResponse(response: EncodedHttpResponse, chunks?: readonly Uint8Array[]): TestHttpResponse {
  const text = response.body === null ? "" : typeof response.body === "string" ? response.body : new TextDecoder().decode(response.body);
  return { ...response, text, chunks, json: () => JSON.parse(text) };
}

/**
 * Reads a streamed body the way the strictest provider sends it: a failure mid-way rejects (a provider cuts
 * the response off; it is never a complete one), and so does a stream still running at the deadline (its
 * source is cancelled with the same error). `deadline` is finite or undefined (none).
 */
async function readStreamed(
  response: EncodedHttpResponse,
  stream: ResponseStream,
  deadline: number | undefined,
): Promise<TestHttpResponse> {
  const chunks: Uint8Array[] = [];
  let timer: LongTimer | undefined;
  const tooLate = new Error("The streamed body was still being sent at the deadline: a provider cuts the response off there");
  const late =
    deadline === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          // A long timer: a deadline days ahead must not fire after 1 ms, as `setTimeout` past 2^31−1 ms does.
          timer = startTimer(() => {
            void stream.cancel(tooLate);
            reject(tooLate);
          }, deadline - Date.now());
        });
  try {
    for (;;) {
      const chunk = await (late === undefined ? stream.read() : Promise.race([stream.read(), late]));
      if (chunk === undefined) break;
      chunks.push(chunk);
    }
  } catch (error) {
    if (error === tooLate) throw error;
    throw new Error(`The streamed body failed after ${chunks.length} chunks: a provider cuts the response off here`, { cause: error });
  } finally {
    stopTimer(timer);
  }
  const body = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return toTestResponse({ ...response, body: responseBody(body, response.headers), stream: undefined }, chunks);
}

/**
 * Runs `app` on `event` the way an adapter would: one instance per app (`init` once, `coldStart`
 * true then false), the same error policy. A streamed body is read whole (its `chunks` kept); one that fails
 * mid-way, or outlives the deadline, rejects. `http` events resolve to the response; `messages` to
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
  if (event.kind === "http") {
    const response = await runner.http(event, init);
    return response.stream === undefined
      ? toTestResponse(response)
      : readStreamed(response, response.stream, finiteDeadline(options.deadline));
  }
  if (event.kind === "messages") return { failed: await runner.messages(event, init) };
  return runner.event(event, init);
}
