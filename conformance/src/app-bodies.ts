// Behaviours of the conformance app for request bodies as they arrive (chunked, at the adapter's limit),
// `toRequest()` beside the event's own reads, an already-encoded plain result, and a client that leaves mid-response.
import { type Context, type HttpEvent, type HttpResult, json } from "@fnport/core";
import { GZIPPED_HELLO } from "./app-hostile.ts";

type HttpBehaviour = (event: HttpEvent) => Promise<HttpResult | undefined> | HttpResult | undefined;

/**
 * The largest request body the adapter reads under a harness with `http:body-limit` (its own limit, e.g.
 * `maxBodyBytes`, set to this): one byte more answers 413 when the handler reads the body.
 */
export const BODY_LIMIT_BYTES: number = 256 * 1024;

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

/** How long `stream-until-gone` streams at most, and how long `client-gone` waits for its client to leave. */
const GONE_WITHIN_MS = 10_000;

/**
 * The behaviours of one app that watch a client leave (`http:client-disconnect`): `stream-until-gone`
 * streams a tick every 20 ms until `ctx.signal` aborts (or 10 s pass); `client-gone` answers, once that
 * happened (or after 10 s), whether the signal aborted and with which reason.
 */
export function clientWatch(): Record<string, (event: HttpEvent, ctx: Context<undefined, unknown>) => Promise<HttpResult> | HttpResult> {
  let gone: Promise<unknown> | undefined;
  return {
    "stream-until-gone": (_event, ctx) => {
      const signal = ctx.signal;
      gone = new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));
      async function* ticks(): AsyncGenerator<string> {
        for (let tick = 0; tick * 20 < GONE_WITHIN_MS && !signal.aborted; tick++) {
          yield `tick ${tick};`;
          await pause(20);
        }
      }
      return { headers: { "content-type": "text/plain; charset=utf-8" }, body: ticks() };
    },
    "client-gone": async () => {
      const reason = await Promise.race([gone, pause(GONE_WITHIN_MS).then(() => undefined)]);
      if (reason === undefined) return json({ aborted: false });
      const { name, message } = reason as Error;
      return json({ aborted: true, reason: { name, message } });
    },
  };
}
