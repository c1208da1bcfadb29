// Behaviours of the conformance app whose body is a stream (issue 14): chunks produced over time, an
// empty stream with a status and cookies, a stream that fails after its first chunk.
import type { Context, HttpEvent, HttpResult } from "@fnport/core";

type HttpBehaviour = (event: HttpEvent, ctx: Context<undefined, unknown>) => Promise<HttpResult | undefined> | HttpResult | undefined;

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));

async function* produced(...chunks: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const chunk of chunks) {
    await tick();
    yield chunk;
  }
}

async function* failsAfterFirst(): AsyncGenerator<string> {
  yield "first;";
  await tick();
  throw new Error("the stream's source failed");
}

/** How long past the deadline the `stream-outlives-deadline` bodies would send their second chunk. */
const OUTLIVE_MS = 200;

/** A first chunk at once, a second 200 ms after `deadline` (at once without one): an adapter that cuts the stream at the deadline never sends it. */
async function* outlivesDeadline(deadline: number | undefined): AsyncGenerator<string> {
  yield "first;";
  if (deadline !== undefined) await new Promise((resolve) => setTimeout(resolve, deadline + OUTLIVE_MS - Date.now()));
  yield "after the deadline";
}

/** The message of the log line a body still streaming at the deadline writes when the adapter cuts it (once, with the request id). */
export const STREAM_TIMED_OUT = "the streamed Response was still sending at the request timeout; the connection was cut";

/** What the `stream-outlives-deadline` Fetch `Response` body logs when it is cancelled, with the reason's name and message. */
export const STREAM_CANCELLED = "the response body was cancelled";

/** The message of the log line a stream that fails after the status went out writes (once, with the request id). */
export const STREAM_FAILED = "http response body failed while streaming";

export const streamingBehaviours: Record<string, HttpBehaviour> = {
  "stream-chunks": () => ({
    status: 201,
    headers: { "content-type": "text/plain; charset=utf-8", "x-streamed": "yes" },
    cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"],
    body: produced("one;", new TextEncoder().encode("two;"), "", "thrée"),
  }),
  "stream-empty": () => ({ status: 202, headers: { "x-empty": "yes" }, cookies: ["e=1; Path=/"], body: produced() }),
  "stream-readable": () => ({
    headers: { "content-type": "application/octet-stream" },
    body: new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([0, 1, 2]));
        controller.enqueue(new Uint8Array([253, 254, 255]));
        controller.close();
      },
    }),
  }),
  "stream-fails": () => ({ headers: { "content-type": "text/plain; charset=utf-8" }, body: failsAfterFirst() }),
  // A Fetch `Response` of `?bytes=N` bytes of "x" (made 64 KiB at a time, as they are pulled) that declares its length.
  "response-declared-length": (event) => {
    const bytes = Number(event.query.bytes);
    let left = bytes;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (left === 0) return controller.close();
        const chunk = new Uint8Array(Math.min(LARGE_CHUNK_BYTES, left)).fill(0x78);
        left -= chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return new Response(body, { headers: { "content-type": "application/octet-stream", "content-length": String(bytes) } });
  },
  // A Fetch `Response` with the status text `?text=` (none without it), and no body with `?empty=1`.
  "response-status-text": (event) => {
    const init = { status: 200, ...(event.query.text === undefined ? {} : { statusText: event.query.text }) };
    if (event.query.empty === "1") return new Response(null, init);
    return new Response("with a status text", { ...init, headers: { "content-type": "text/plain; charset=utf-8" } });
  },
  // The same failing body as a Fetch `Response` (what a proxied upstream that goes away gives).
  "response-stream-fails": () => {
    return new Response(byteStream(failsAfterFirst()), { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
  // The same body as a streamed result and as a Fetch `Response` (`?as=response`), still sending at the deadline;
  // the `Response` body logs why it was cancelled.
  "stream-outlives-deadline": (event, ctx) => {
    const headers = { "content-type": "text/plain; charset=utf-8" };
    const body = outlivesDeadline(ctx.deadline);
    if (event.query.as !== "response") return { headers, body };
    const stream = byteStream(body, (reason) => {
      const { name, message } = reason instanceof Error ? reason : { name: typeof reason, message: String(reason) };
      ctx.log.warn(STREAM_CANCELLED, { reason: { name, message } });
      void body.return(undefined);
    });
    return new Response(stream, { headers });
  },
};

/** A Fetch body stream of a string generator's chunks as UTF-8, pulled one at a time. */
function byteStream(body: AsyncGenerator<string>, cancel: (reason: unknown) => void = () => {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const step = await body.next();
      if (step.done === true) controller.close();
      else controller.enqueue(encoder.encode(step.value));
    },
    cancel,
  });
}

/** The size of each chunk of the `stream-large` body. */
export const LARGE_CHUNK_BYTES: number = 64 * 1024;

/** How much of the `stream-large` body one app has produced so far (read through `PRODUCED_PATH`). */
export interface Production {
  bytes: number;
}

/**
 * The `stream-large` body: `bytes` in chunks of 64 KiB, chunk `i` filled with the byte `i % 251`, each made only
 * when the adapter pulls it, and counted in `production` as it is handed over.
 */
export async function* largeBody(bytes: number, production: Production): AsyncGenerator<Uint8Array> {
  production.bytes = 0;
  for (let index = 0; production.bytes < bytes; index++) {
    const chunk = new Uint8Array(Math.min(LARGE_CHUNK_BYTES, bytes - production.bytes)).fill(index % 251);
    production.bytes += chunk.byteLength;
    yield chunk;
  }
}
