// Behaviours of the conformance app for request bodies as they arrive (chunked, at the adapter's limit),
// `toRequest()` beside the event's own reads, an already-encoded plain result, and a client that leaves mid-response.
import { type Context, type HttpEvent, type HttpResult, json } from "@fnport/core";
import { GZIPPED_HELLO } from "./app-hostile.ts";

type HttpBehaviour = (event: HttpEvent) => Promise<HttpResult | undefined> | HttpResult | undefined;

/**
 * The largest request body the adapter reads under a harness with `http:body-limit-on-read` (its own limit, e.g.
 * `maxBodyBytes`, set to this): one byte more answers 413 when the handler reads the body.
 */
export const BODY_READ_LIMIT_BYTES: number = 1024 * 1024;

const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");

export const bodyBehaviours: Record<string, HttpBehaviour> = {
  // How many bytes the event's body has and their SHA-256: a large body checked without sending it back.
  "body-digest": async (event) => {
    const bytes = await event.bytes();
    return json({ bytes: bytes.byteLength, sha256: hex(await crypto.subtle.digest("SHA-256", bytes)) });
  },
  // toRequest() called but not read: the event still reads the body.
  "request-unread-then-event": async (event) => {
    event.toRequest();
    return json(await event.text());
  },
  // A plain result (not a Response) whose bytes are already gzip-encoded: they must go out as they are.
  "result-gzip": () => ({ status: 200, headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: GZIPPED_HELLO }),
};

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a watched stream runs at most, and how long `client-gone` and `background-done` wait. */
const WAIT_MS = 10_000;
/** How long the background work of `background-late` and `stream-then-signal` waits before it runs. */
const LATE_MS = 300;

/** Ticks every 20 ms for at most `WAIT_MS`, until `stop()` says so. */
async function* ticks(stop: () => boolean): AsyncGenerator<string> {
  for (let tick = 0; tick * 20 < WAIT_MS && !stop(); tick++) {
    yield `tick ${tick};`;
    await pause(20);
  }
}

/** The reason `signal` aborted with, once it did. */
const abortReason = (signal: AbortSignal): Promise<unknown> =>
  signal.aborted
    ? Promise.resolve(signal.reason)
    : new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));

/**
 * The behaviours of one app that watch what happens after the answer: a client that leaves
 * (`http:client-disconnect`) and work handed to `ctx.waitUntil`.
 * - `stream-until-gone` streams a tick every 20 ms until `ctx.signal` aborts (or 10 s pass);
 * - `stream-then-signal` streams ticks without looking at `ctx.signal`, and first reads it 300 ms later,
 *   in work handed to `ctx.waitUntil` (by then the client has left);
 * - `client-gone` answers, once the signal of the last of those aborted (or after 10 s), whether it did and why;
 * - `background-late` answers at once and hands `ctx.waitUntil` work that finishes 300 ms later;
 * - `background-done` answers, once that work finished (or after 10 s), whether it did;
 * - `ticks-until-cancelled` streams ticks (a Fetch `Response`, or with `?as=result` a streamed result) until its
 *   source is cancelled, and `body-cancelled` answers, once it was (or after 10 s), whether it was and why;
 * - `ticks-then-signal` sends one chunk, and first reads `ctx.signal` 300 ms later, in the body (the client has left);
 * - `response-fails-when-gone` sends one chunk, and its source fails once `ctx.signal` aborts (the client left);
 * - `answer-after-client-left` answers only once `ctx.signal` aborted (the client left before any answer): a Fetch
 *   `Response` whose body counts the chunks pulled from it, a streamed result (`?as=result`) of that body, or a
 *   `Response` without a body (`?as=empty`); `left-body` answers, once that body was cancelled (or after 10 s),
 *   how many chunks were pulled, and whether it was cancelled and why.
 */
export function afterTheAnswer(): Record<string, (event: HttpEvent, ctx: Context<undefined, unknown>) => Promise<HttpResult> | HttpResult> {
  let gone: Promise<unknown> | undefined;
  let background: Promise<void> | undefined;
  let cancelled: Promise<unknown> | undefined;
  let leftBody: { pulled: () => number; cancelled: Promise<{ reason: unknown }> } | undefined;
  const within = <T>(promise: Promise<T> | undefined): Promise<T | undefined> =>
    Promise.race([promise ?? Promise.resolve(undefined), pause(WAIT_MS).then(() => undefined)]);
  return {
    "stream-until-gone": (_event, ctx) => {
      const signal = ctx.signal;
      gone = abortReason(signal);
      return { headers: { "content-type": "text/plain; charset=utf-8" }, body: ticks(() => signal.aborted) };
    },
    "stream-then-signal": (_event, ctx) => {
      let signalled: (reason: unknown) => void = () => {};
      gone = new Promise((resolve) => {
        signalled = resolve;
      });
      ctx.waitUntil(pause(LATE_MS).then(() => abortReason(ctx.signal).then(signalled)));
      return { headers: { "content-type": "text/plain; charset=utf-8" }, body: ticks(() => false) };
    },
    "client-gone": async () => {
      const reason = await within(gone);
      if (reason === undefined) return json({ aborted: false });
      const { name, message } = reason as Error;
      return json({ aborted: true, reason: { name, message } });
    },
    "ticks-until-cancelled": (event) => {
      let tick = 0;
      let onCancel: (reason: unknown) => void = () => {};
      cancelled = new Promise((resolve) => {
        onCancel = resolve;
      });
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (tick > 0) await pause(20);
          if (tick * 20 >= WAIT_MS) controller.close();
          else controller.enqueue(encoder.encode(`tick ${tick++};`));
        },
        cancel: (reason) => onCancel(reason),
      });
      const headers = { "content-type": "text/plain; charset=utf-8" };
      return event.query.as === "result" ? { headers, body } : new Response(body, { headers });
    },
    "body-cancelled": async () => {
      const reason = await within(cancelled);
      if (reason === undefined) return json({ cancelled: false });
      const { name, message } = reason as Error;
      return json({ cancelled: true, reason: { name, message } });
    },
    "ticks-then-signal": (_event, ctx) => {
      let signalled: (reason: unknown) => void = () => {};
      gone = new Promise((resolve) => {
        signalled = resolve;
      });
      async function* body(): AsyncGenerator<string> {
        yield "tick 0;";
        await pause(LATE_MS);
        signalled(ctx.signal.aborted ? ctx.signal.reason : undefined);
        yield "tick 1;";
      }
      return { headers: { "content-type": "text/plain; charset=utf-8" }, body: body() };
    },
    "response-fails-when-gone": (_event, ctx) => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(encoder.encode("first;")),
        async pull() {
          await abortReason(ctx.signal);
          throw new Error("the source failed after the client left");
        },
      });
      return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
    },
    "answer-after-client-left": async (event, ctx) => {
      await within(abortReason(ctx.signal));
      if (event.query.as === "empty") return new Response(null, { status: 200 });
      let pulled = 0;
      let onCancel: (cancel: { reason: unknown }) => void = () => {};
      leftBody = { pulled: () => pulled, cancelled: new Promise((resolve) => (onCancel = resolve)) };
      const encoder = new TextEncoder();
      // Pulled only when read (no high-water mark): what the adapter read of it shows in `pulled`.
      const body = new ReadableStream<Uint8Array>(
        {
          pull: (controller) => controller.enqueue(encoder.encode(`tick ${pulled++};`)),
          cancel: (reason) => onCancel({ reason }),
        },
        { highWaterMark: 0 },
      );
      const headers = { "content-type": "text/plain; charset=utf-8" };
      return event.query.as === "result" ? { headers, body } : new Response(body, { headers });
    },
    "left-body": async () => {
      const cancel = await within(leftBody?.cancelled);
      const pulled = leftBody?.pulled() ?? 0;
      if (cancel === undefined) return json({ pulled, cancelled: false });
      const { name, message } = (cancel.reason ?? {}) as Partial<Error>;
      return json({ pulled, cancelled: true, reason: cancel.reason === undefined ? null : { name, message } });
    },
    "background-late": (_event, ctx) => {
      let done = false;
      const work = pause(LATE_MS).then(() => {
        done = true;
      });
      background = work.then(() => undefined);
      ctx.waitUntil(work);
      return json({ done });
    },
    "background-done": async () => {
      const finished = await within(background?.then(() => true));
      return json({ done: finished === true });
    },
  };
}
