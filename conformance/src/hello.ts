// @fnport/conformance/hello: the app the meter measures behind every adapter, and the contract a raw
// hand-written hello for the same provider keeps. Imports `@fnport/core` only, so it bundles anywhere.
import { type App, defineHandler, HttpError, json, type StandardSchemaV1 } from "@fnport/core";

/** A `validateHello` outcome, shaped like a Standard Schema result. */
export type HelloValidation = { value: { name: string } } | { issues: Array<{ message: string; path: string[] }> };

/**
 * Validates a parsed `POST /hello` body: `name` defaults to `"world"`, must be a non-empty string. Both
 * hellos call it (the fnport one through `event.json(HelloSchema)`), so the meter's ratios are what the
 * adapter adds, not what validation costs.
 */
export function validateHello(value: unknown): HelloValidation {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { issues: [{ message: "Expected an object", path: [] }] };
  const name = (value as { name?: unknown }).name ?? "world";
  if (typeof name !== "string") return { issues: [{ message: "name must be a string", path: ["name"] }] };
  if (name === "") return { issues: [{ message: "name must not be empty", path: ["name"] }] };
  return { value: { name } };
}

/** `validateHello` as a Standard Schema, for `event.json(HelloSchema)`. */
export const HelloSchema: StandardSchemaV1<unknown, { name: string }> = {
  "~standard": { version: 1, vendor: "fnport-conformance", validate: validateHello },
};

/**
 * The hello app: `POST /hello` with `{"name": "..."}` answers `{"message": "hello, <name>"}`; another path
 * is a 404, another method a 405 with `allow: POST`, a bad body a 400. The same app as `examples/hello`,
 * with `HelloSchema` in place of zod so that it depends on `@fnport/core` alone.
 */
export const helloApp: App<{ greeting: string }, unknown> = /* @__PURE__ */ defineHandler({
  init: () => ({ greeting: "hello" }),
  async handle(event, ctx) {
    if (event.kind !== "http") throw new Error(`hello handles http events only, got a ${event.kind} event`);
    if (event.path !== "/hello") throw new HttpError(404, `No route for ${event.path}`);
    if (event.method !== "POST") throw new HttpError(405, "Use POST", { headers: { allow: "POST" } });
    const { name } = await event.json(HelloSchema);
    return json({ message: `${ctx.deps.greeting}, ${name}` });
  },
});

/** The request the meter sends to both hellos. */
export const HELLO_REQUEST: {
  readonly method: "POST";
  readonly path: "/hello";
  readonly headers: { readonly "content-type": "application/json" };
  readonly body: string;
} = { method: "POST", path: "/hello", headers: { "content-type": "application/json" }, body: '{"name":"meter"}' };

/** What both hellos answer to `HELLO_REQUEST`; the meter checks it on every cold start. */
export const HELLO_ANSWER: {
  readonly status: 200;
  readonly headers: { readonly "content-type": "application/json; charset=utf-8" };
  readonly body: string;
} = { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"message":"hello, meter"}' };

/** The streamed hello's two chunks and the pause between them (long enough that a buffered answer shows in time to first byte). */
export const STREAMED_HELLO: {
  readonly method: "GET";
  readonly path: "/hello/stream";
  readonly status: 200;
  readonly headers: { readonly "content-type": "text/plain; charset=utf-8" };
  readonly chunks: readonly [string, string];
  readonly pauseMs: number;
} = {
  method: "GET",
  path: "/hello/stream",
  status: 200,
  headers: { "content-type": "text/plain; charset=utf-8" },
  chunks: ["hello, ", "stream"],
  pauseMs: 5,
};

const encoder = /* @__PURE__ */ new TextEncoder();

async function* streamedHello(): AsyncGenerator<Uint8Array> {
  yield encoder.encode(STREAMED_HELLO.chunks[0]);
  await new Promise((resolve) => setTimeout(resolve, STREAMED_HELLO.pauseMs));
  yield encoder.encode(STREAMED_HELLO.chunks[1]);
}

/**
 * The meter's streamed hello: `GET /hello/stream` answers `STREAMED_HELLO.chunks[0]` at once and the second
 * chunk `pauseMs` later, as a streamed body; a raw baseline writes the same two chunks with the same pause.
 */
export const streamedHelloApp: App<undefined, unknown> = /* @__PURE__ */ defineHandler<undefined, unknown>((event) => {
  if (event.kind !== "http") throw new Error(`the streamed hello handles http events only, got a ${event.kind} event`);
  if (event.path !== STREAMED_HELLO.path) throw new HttpError(404, `No route for ${event.path}`);
  return { status: STREAMED_HELLO.status, headers: { ...STREAMED_HELLO.headers }, body: streamedHello() };
});
