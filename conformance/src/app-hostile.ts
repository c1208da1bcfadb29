// Behaviours of the conformance app for what an adversarial review found (issue 7): bytes that must
// arrive unchanged, results of the wrong shape, thrown values, bodies read two ways, deep JSON.
import {
  type Context,
  type FnEvent,
  forEachMessage,
  type HttpEvent,
  type HttpResult,
  json,
  type MessagesEvent,
  type MessagesResult,
} from "@fnport/core";

type HttpBehaviour = (event: HttpEvent, ctx: Context<undefined, unknown>) => Promise<HttpResult | undefined> | HttpResult | undefined;

/** `{"hello":"world"}` gzipped (Node's zlib, level 9): already encoded, so it must arrive as these bytes. */
export const GZIPPED_HELLO: Uint8Array = new Uint8Array([
  31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 202, 72, 205, 201, 201, 87, 178, 82, 42, 207, 47, 202, 73, 81, 170, 5, 0, 209, 65, 9, 216, 17,
  0, 0, 0,
]);

// What another copy of @fnport/core makes: an error branded with the same registered symbol.
const HTTP_ERROR_BRAND = Symbol.for("fnport.HttpError");
class OtherCopyHttpError extends Error {
  readonly status = 404;
  readonly headers = {};
  readonly details = {};
}
Object.defineProperty(OtherCopyHttpError.prototype, HTTP_ERROR_BRAND, { value: true });

/**
 * Behaviours whose event must not be read before they run (the recorded view leaves its body out); `body-digest`
 * (app-bodies.ts) reads a body that may be larger than the adapter reads.
 */
export const BODY_UNREAD_BEHAVIOURS: ReadonlySet<string> = new Set(["request-then-event", "request-unread-then-event", "body-digest"]);

/** How deep a JSON value nests through its `a` keys, and what is at the bottom. */
function depthOf(value: unknown): { depth: number; value: unknown } {
  let depth = 0;
  while (typeof value === "object" && value !== null && "a" in value) {
    value = (value as { a: unknown }).a;
    depth++;
  }
  return { depth, value };
}

/** Message text whose batch runs through `forEachMessage` with its default failure line (through `ctx.log`). */
export const FAIL_LOGGED = "fail-logged";

/** A batch holding a `fail-logged` message: `forEachMessage` without `onError`, that message throwing. */
export function failLogged(event: MessagesEvent): Promise<MessagesResult> {
  return forEachMessage(event, async (message) => {
    if ((await message.text()) === FAIL_LOGGED) throw new Error(`message ${message.id} failed on purpose`);
  });
}

/** The scheduled time of a schedule whose run hands `waitUntil` a promise that rejects. */
export const WAIT_UNTIL_REJECTS_AT = "2026-05-06T07:08:09.000Z";

/** Events other than http and messages: a schedule at `WAIT_UNTIL_REJECTS_AT` rejects in `waitUntil`. */
export function otherEvent(event: FnEvent, ctx: Context<undefined, unknown>): undefined {
  if (event.kind === "schedule" && event.scheduledTime.toISOString() === WAIT_UNTIL_REJECTS_AT)
    ctx.waitUntil(Promise.reject(new Error("background work failed")));
  return undefined;
}

export const hostileBehaviours: Record<string, HttpBehaviour> = {
  "response-gzip": () => new Response(GZIPPED_HELLO, { headers: { "content-type": "application/json", "content-encoding": "gzip" } }),
  "response-latin1": () =>
    new Response(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { headers: { "content-type": "text/plain; charset=iso-8859-1" } }),
  "response-untyped-bytes": () => new Response(new Uint8Array([0xff, 0x00, 0xfe])),
  "lambda-shape": () => ({ statusCode: 404, body: "not found" }) as never,
  "wait-until-rejects": (_event, ctx) => {
    ctx.waitUntil(Promise.reject(new Error("background work failed")));
    return json({ sent: true });
  },
  "foreign-http-error": () => {
    throw new OtherCopyHttpError("No route");
  },
  "to-request-url": (event) => json({ path: event.path, requestPath: new URL(event.toRequest().url).pathname }),
  "request-then-event": async (event) => {
    await event.toRequest().text();
    return json(await event.text());
  },
  "event-then-request": async (event) => json({ viaEvent: await event.text(), viaRequest: await event.toRequest().text() }),
  "json-depth": async (event) => json(depthOf(await event.json())),
  "throw-revoked-proxy": () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    throw proxy;
  },
  "log-line-separators": (_event, ctx) => {
    ctx.log.info("line\u2028separator\u2029paragraph", { note: "a\u2028b" });
    return { status: 204 };
  },
  "header-array-null": () => ({ headers: { "x-a": ["ok", null] }, body: "never sent" }) as never,
  // Node's http refuses these after the handler ran; every adapter must refuse them as core does, with a logged 500.
  "header-control-char": () => ({ headers: { "x-a": "a\u0001b" }, body: "never sent" }),
  "header-wide-char": () => ({ headers: { "content-disposition": 'attachment; filename="文件.pdf"' }, body: "never sent" }),
};
