import {
  type App,
  type Context,
  defineHandler,
  forEachMessage,
  HttpError,
  type HttpEvent,
  type HttpResult,
  json,
  redirect,
  type StandardSchemaV1,
  text,
} from "@fnport/core";
import { awsBehaviours } from "./app-aws.ts";
import { afterTheAnswer, bodyBehaviours } from "./app-bodies.ts";
import { BODY_UNREAD_BEHAVIOURS, FAIL_LOGGED, failLogged, hostileBehaviours, otherEvent } from "./app-hostile.ts";
import { withRawShape } from "./app-raw.ts";
import { AWS_RESPONSES } from "./app-responses.ts";
import { largeBody, type Production, streamingBehaviours } from "./app-streaming.ts";
import { upgradeBehaviours } from "./app-upgrade.ts";
import type { EventView } from "./types.ts";
import { eventView } from "./view.ts";

export { BODY_READ_LIMIT_BYTES } from "./app-bodies.ts";
// The verifier a `verified-deliveries` deployment of the app is given, beside it.
export { conformanceVerifier } from "./verifier.ts";

/** The request header that picks an HTTP behaviour of the conformance app (default `echo`). */
export const BEHAVIOUR_HEADER = "x-conformance-behaviour";
/** The `tenantId` field the `tenant` behaviour logs itself: written only where the invocation has no tenant. */
export const APP_TENANT_FIELD = "named by the app";
/** The path that answers with the recorded views (for harnesses whose app runs in another process). */
export const RECORDED_PATH = "/__conformance/recorded";
/** The path that answers `{ "bytes": N }`: how much of its `stream-large` body the app has produced so far (not recorded). */
export const PRODUCED_PATH = "/__conformance/produced";
/**
 * A request to this path (`?mark=TEXT`) writes the line `TEXT` to stdout and to stderr: once a harness
 * reading a runtime's output through pipes sees it on both, every line written before it is in.
 */
export const FLUSH_PATH = "/__conformance/flush";

// A hand-written Standard Schema, so the app has no validation library to bundle.
const CounterSchema: StandardSchemaV1<unknown, { n: number }> = {
  "~standard": {
    version: 1,
    vendor: "fnport-conformance",
    validate(value) {
      const n = (value as { n?: unknown } | null)?.n;
      if (typeof n === "number") return { value: { n } };
      return { issues: [{ message: "Expected a number", path: ["n"] }] };
    },
  },
};

const BINARY_BODY = new Uint8Array([0, 1, 2, 253, 254, 255]);

type HttpBehaviour = (event: HttpEvent, ctx: ConformanceContext) => Promise<HttpResult | undefined> | HttpResult | undefined;
type ConformanceContext = Context<undefined, unknown>;

/** What the app does for each value of the behaviour header. */
const httpBehaviours: Record<string, HttpBehaviour> = {
  echo: async (event) => json(await eventView(event)),
  json: () => json({ ok: true, items: [1, "two", null] }, { status: 201 }),
  text: () => text("plain text, ünïcödé"),
  binary: () => ({ status: 200, headers: { "content-type": "application/octet-stream" }, body: BINARY_BODY }),
  "one-cookie": () => text("ok", { cookies: ["a=1; Path=/; HttpOnly"] }),
  "two-cookies": () => text("ok", { cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"] }),
  "no-content": () => ({ status: 204 }),
  // The status named by the query (`?status=202`), with a short text body.
  status: (event) => text(`status ${event.query.status}`, { status: Number(event.query.status) }),
  "response-text": () =>
    new Response("from a Response, ünïcödé", {
      status: 201,
      headers: { "content-type": "text/plain; charset=utf-8", "x-from": "response" },
    }),
  "response-binary": () => new Response(BINARY_BODY, { headers: { "content-type": "application/octet-stream" } }),
  // Fetch Responses without a body (a null-body status, or none given): answered without one.
  "response-no-content": () => new Response(null, { status: 204, headers: { "x-a": "1" } }),
  "response-reset-content": () => new Response(null, { status: 205, headers: { "x-a": "1" } }),
  "response-not-modified": () => new Response(null, { status: 304, headers: { etag: '"v1"' } }),
  "response-empty": () => new Response(null, { status: 200, headers: { "x-a": "1" } }),
  "response-cookies": () => {
    const headers = new Headers({ "content-type": "text/plain; charset=utf-8" });
    headers.append("set-cookie", "a=1; Path=/; HttpOnly");
    headers.append("set-cookie", "b=2; Path=/; Secure");
    return new Response("ok", { headers });
  },
  "cookie-attributes": () =>
    text("ok", {
      cookies: [
        "session=a%20b; Domain=example.test; Path=/app; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Lax",
        "old=; Path=/; Max-Age=0",
      ],
    }),
  // Still running a while after the harness saw its event (`http:drain` stops the instance meanwhile).
  "slow-text": async () => {
    await sleep(DRAIN_WINDOW_MS);
    return text("answered while draining");
  },
  // Its head and first chunk at once (before the harness stops the instance), the rest as late as `slow-text`'s answer.
  "slow-stream": () => ({ headers: { "content-type": "text/plain; charset=utf-8" }, body: slowStream() }),
  "untyped-text": () => ({ status: 200, headers: { "x-a": "1" }, body: "no type given" }),
  "no-content-with-body": () => ({ status: 204, headers: { "x-a": "1" }, body: "dropped" }),
  "not-modified": () => ({ status: 304, headers: { etag: '"v1"' }, body: "dropped" }),
  "reset-content-with-body": () => ({ status: 205, headers: { "x-a": "1" }, body: "dropped" }),
  // Lengths a handler claims or leaves out (`http:content-length`): the adapter writes the body's own.
  "empty-result": () => ({ status: 200, headers: { "x-a": "1" } }),
  "claimed-length": () => ({ status: 200, headers: { "x-a": "1", "content-length": "999" }, body: "abc" }),
  // A proxied response's hop-by-hop headers (`http:drain` reports them): the server frames and holds the connection itself.
  "response-framing": () =>
    new Response("abc", {
      headers: { "x-a": "1", connection: "close", "keep-alive": "max=1000", "transfer-encoding": "chunked", "content-length": "3" },
    }),
  // A Response as fetch() gives it for a gzip upstream: its body decoded, the upstream's encoding and (compressed) length kept.
  "fetched-gzip": () => {
    const headers = { "x-a": "1", "content-type": "text/plain", "content-encoding": "gzip", "content-length": "3" };
    const response = new Response("decoded by fetch", { headers });
    Object.defineProperty(response, "url", { value: "https://upstream.example/page" });
    return response;
  },
  "claimed-chunked": () => ({ status: 200, headers: { "x-a": "1", "transfer-encoding": "chunked" }, body: "abc" }),
  "no-content-claimed": () => ({ status: 204, headers: { "x-a": "1", "content-length": "5" }, body: "dropped" }),
  "not-modified-claimed": () => ({ status: 304, headers: { "x-a": "1", "content-length": "5" }, body: "dropped" }),
  "response-no-content-claimed": () => new Response(null, { status: 204, headers: { "x-a": "1", "content-length": "5" } }),
  redirect: () => redirect("/elsewhere?x=1", 302),
  "http-error": () => {
    throw new HttpError(403, "Not for you", { headers: { "x-reason": "conformance" } });
  },
  throw: () => {
    throw new Error("secret internal detail");
  },
  "json-body": async (event) => json({ received: await event.json() }),
  schema: async (event) => json(await event.json(CounterSchema)),
  context: (_event, ctx) =>
    json({
      provider: ctx.provider,
      requestId: ctx.requestId,
      coldStart: ctx.coldStart,
      deadline: ctx.deadline ?? null,
      remainingPositive: ctx.remainingMs() > 0,
      signalAborted: ctx.signal.aborted,
    }),
  // Ignores ctx.signal and answers 200 ms after ctx.deadline (at once without one): an adapter that enforces the
  // deadline has answered by then (`deploy-timeout`).
  "outlive-deadline": async (_event, ctx) => {
    await outliveDeadline(ctx.deadline);
    return text("answered after the deadline");
  },
  log: (_event, ctx) => {
    ctx.log.info("hello from the handler", { n: 1 });
    ctx.log.debug("below the default level");
    return { status: 204 };
  },
  // One line at each level, lowest first: which ones are written shows the level the adapter logs at.
  "log-levels": (_event, ctx) => {
    ctx.log.debug("at debug");
    ctx.log.info("at info");
    ctx.log.warn("at warn");
    ctx.log.error("at error");
    return { status: 204 };
  },
  // The deployment's setting `CONFORMANCE_SETTING` as `ctx.env` holds it (null without one).
  env: (_event, ctx) => json({ setting: (ctx.env as Readonly<Record<string, unknown>> | undefined)?.CONFORMANCE_SETTING ?? null }),
  // The tenant the invocation is for (null without one), and a line logged with the app's own `tenantId`
  // field, which an adapter naming the invocation's tenant in every line must not let replace it.
  tenant: (_event, ctx) => {
    ctx.log.info("for the tenant", { tenantId: APP_TENANT_FIELD });
    return json({ tenantId: ctx.tenantId ?? null });
  },
  "invalid-header": () => ({ status: 200, headers: { "bad\r\nname": "x" }, body: "never sent" }),
  ...hostileBehaviours,
  ...Object.fromEntries(Object.entries(AWS_RESPONSES).map(([name, result]) => [name, () => structuredClone(result)])),
  ...streamingBehaviours,
  ...awsBehaviours,
  ...bodyBehaviours,
  ...upgradeBehaviours,
};

/** What the app records of an event whose body it could not read: the error, and its issues when it carries some (an `InvalidBodyError`). */
function unreadableView(error: unknown): EventView {
  const issues = error instanceof Error && "issues" in error ? error.issues : undefined;
  return Array.isArray(issues) ? { kind: "unreadable", error: String(error), issues } : { kind: "unreadable", error: String(error) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long past its deadline the `outlive-deadline` behaviour answers. */
const OUTLIVE_MS = 200;
/** Waits until `OUTLIVE_MS` after `deadline` (not at all without one). */
const outliveDeadline = async (deadline: number | undefined): Promise<void> => {
  if (deadline !== undefined) await sleep(deadline + OUTLIVE_MS - Date.now());
};
/** The scheduled time of a schedule whose handler answers `OUTLIVE_MS` after its deadline. */
export const OUTLIVE_DEADLINE_AT = "2026-07-08T09:10:11.000Z";
/** A message whose text holds this fails (for native records whose text the case cannot set whole, e.g. a DynamoDB stream record). */
export const FAIL_MARKER = "conformance-fail";

/** Long enough that an adapter reporting before the handler finished would be seen doing it. */
const SLOW_MS = 30;
/** `first;`, then `answered while draining` once `DRAIN_WINDOW_MS` passed (the `slow-stream` behaviour's body). */
async function* slowStream(): AsyncGenerator<string> {
  yield "first;";
  await sleep(DRAIN_WINDOW_MS);
  yield "answered while draining";
}

/** How long the `slow-text` behaviour runs: the harness stops the instance within it (`http:drain`). */
const DRAIN_WINDOW_MS = 1500;

/**
 * Messages: a message whose text is `throw-batch` makes the handler throw (whole batch fails), `throw-null` throw null;
 * `return-failed` makes it return `{ failed: [that id] }` itself;
 * `fail` (or text containing `conformance-fail`) fails that message; `slow-ok` / `slow-fail` succeed / fail after a while;
 * `outlive-deadline` makes the handler answer `OUTLIVE_MS` after `deadline` (at once without one); text starting
 * with `{"n"` must match `{ n: number }`; the rest succeed.
 */
async function handleBatch(event: Parameters<typeof forEachMessage>[0], deadline: number | undefined) {
  for (const message of event.messages) {
    const body = await message.text();
    if (body === "throw-batch") throw new Error("batch handler threw");
    // A thrown value that is no Error, on purpose (messages.handler-throws-null).
    if (body === "throw-null") throw null;
    if (body === "outlive-deadline") await outliveDeadline(deadline);
    // The handler's own { failed }, not forEachMessage's: in an ordered batch every later message fails too.
    if (body === "return-failed") return { failed: [message.id] };
    if (body === FAIL_LOGGED) return failLogged(event);
  }
  return forEachMessage(
    event,
    async (message) => {
      const body = await message.text();
      if (body.startsWith("slow-")) await sleep(SLOW_MS);
      if (body === "fail" || body === "slow-fail" || body.includes(FAIL_MARKER)) throw new Error(`message ${message.id} failed on purpose`);
      if (body.startsWith('{"n"')) await message.json(CounterSchema);
    },
    { onError: () => {} },
  );
}

/** The conformance app and the views it recorded, oldest first. */
export interface ConformanceApp {
  app: App<undefined, unknown>;
  recorded: EventView[];
}

/** Creates the app every harness runs: it records each event's portable view and behaves as its input asks. */
export function createConformanceApp(): ConformanceApp {
  const recorded: EventView[] = [];
  const production: Production = { bytes: 0 };
  const watching = afterTheAnswer();
  const app = defineHandler<undefined, unknown>(async (event, ctx) => {
    if (event.kind === "http" && event.path === RECORDED_PATH) return json(recorded);
    if (event.kind === "http" && event.path === PRODUCED_PATH) return json({ bytes: production.bytes });
    if (event.kind === "http" && event.path === FLUSH_PATH) {
      console.log(event.query.mark);
      console.error(event.query.mark);
      return { status: 204 };
    }
    const readBody = event.kind !== "http" || !BODY_UNREAD_BEHAVIOURS.has(event.headers[BEHAVIOUR_HEADER] ?? "");
    recorded.push(await eventView(event, readBody).then((view) => withRawShape(event, view), unreadableView));
    switch (event.kind) {
      case "http": {
        // A body of `?bytes=N`, produced as it is pulled (the backpressure case reads it slowly).
        if (event.headers[BEHAVIOUR_HEADER] === "stream-large") {
          return { headers: { "content-type": "application/octet-stream" }, body: largeBody(Number(event.query.bytes), production) };
        }
        const watch = Object.hasOwn(watching, event.headers[BEHAVIOUR_HEADER] ?? "")
          ? watching[event.headers[BEHAVIOUR_HEADER] as string]
          : undefined;
        if (watch) return watch(event, ctx);
        const behaviour = httpBehaviours[event.headers[BEHAVIOUR_HEADER] ?? "echo"];
        if (!behaviour) throw new HttpError(400, `Unknown conformance behaviour ${event.headers[BEHAVIOUR_HEADER]}`);
        return behaviour(event, ctx);
      }
      case "messages":
        return handleBatch(event, ctx.deadline);
      default:
        // A schedule at OUTLIVE_DEADLINE_AT answers OUTLIVE_MS after its deadline (`deploy-timeout`).
        if (event.kind === "schedule" && event.scheduledTime.toISOString() === OUTLIVE_DEADLINE_AT) await outliveDeadline(ctx.deadline);
        return otherEvent(event, ctx);
    }
  });
  return { app, recorded };
}
