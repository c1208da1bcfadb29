// A test worker for `fetch`: each path exercises one behaviour of the adapter.
import { defineHandler, HttpError, json, text } from "@fnport/core";
import { type ExecutionContext, type WorkerHandlers, type WorkerRequest, worker } from "../../src/index.ts";
import { GZIPPED_HELLO } from "./_gzip.ts";

interface Env {
  GREETING: string;
}

// workerd globals this worker uses (the test tsconfig has Node's types, not workers-types).
interface WorkerWebSocket {
  accept(): void;
  send(message: string): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}
declare const WebSocketPair: new () => { 0: WorkerWebSocket; 1: WorkerWebSocket };

let initCalls = 0;
let waited = false;
/** Background work held until a later request releases it (by key). */
const held = new Map<string, { done: boolean; released: boolean }>();
let lastNativeResponse: Response | undefined;

const app = defineHandler<{ greeting: string }, Env>({
  init(env) {
    initCalls++;
    return { greeting: env.GREETING };
  },
  async handle(event, ctx) {
    if (event.kind !== "http") throw new Error(`http only, got ${event.kind}`);
    switch (event.path) {
      case "/context":
        return json({
          provider: ctx.provider,
          requestId: ctx.requestId,
          coldStart: ctx.coldStart,
          deadline: ctx.deadline ?? null,
          remainingMs: String(ctx.remainingMs()),
          signalAborted: ctx.signal.aborted,
          greeting: ctx.deps.greeting,
          envGreeting: ctx.env.GREETING,
          initCalls,
          nativeHasWaitUntil: typeof (ctx.native as ExecutionContext).waitUntil === "function",
        });
      case "/to-request": {
        const request = event.toRequest();
        return json({
          same: request === event.raw && request === event.toRequest(),
          isRequest: request instanceof Request,
          bodyUsed: request.bodyUsed,
          url: request.url,
          body: await request.text(),
        });
      }
      case "/read-after-to-request":
        await event.toRequest().text();
        return text(await event.text());
      case "/read-after-raw":
        await (event.raw as Request).text();
        return text(await event.text());
      case "/to-request-after-empty-read": {
        const viaEvent = await event.text();
        return json({ viaEvent, url: event.toRequest().url, native: event.toRequest() === event.raw });
      }
      case "/to-request-after-read": {
        const viaEvent = await event.text();
        const request = event.toRequest();
        return json({
          viaEvent,
          viaRequest: await request.text(),
          url: request.url,
          method: request.method,
          native: request === event.raw,
        });
      }
      case "/response":
      case "/response-identity": {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("streamed "));
            controller.enqueue(new TextEncoder().encode("natively"));
            controller.close();
          },
        });
        lastNativeResponse = new Response(body, { status: 299, statusText: "Fine", headers: { "x-native": "yes" } });
        return lastNativeResponse;
      }
      case "/websocket": {
        const { 0: client, 1: server } = new WebSocketPair();
        server.accept();
        server.addEventListener("message", (message) => server.send(`echo ${String(message.data)}`));
        return new Response(null, { status: 101, webSocket: client } as ResponseInit);
      }
      case "/cookies":
        return text("ok", { cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"] });
      case "/binary":
        return { headers: { "content-type": "application/octet-stream" }, body: Uint8Array.from({ length: 256 }, (_, i) => i) };
      case "/gzip-result":
        return { headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: GZIPPED_HELLO };
      case "/gzip-response":
        return new Response(GZIPPED_HELLO, { headers: { "content-type": "application/json", "content-encoding": "gzip" } });
      case "/lambda-shape":
        return { statusCode: 404, body: "not found" } as never;
      case "/untyped":
        return { body: "no content type" };
      case "/no-content":
        return { status: 204, body: "dropped" };
      case "/http-error":
        throw new HttpError(403, "Not for you", { headers: { "x-reason": "test" } });
      case "/throw":
        throw new Error("secret internal detail");
      case "/json":
        return json({ received: await event.json() });
      case "/wait-until":
        ctx.waitUntil(
          new Promise((resolve) => setTimeout(resolve, 50)).then(() => {
            waited = true;
          }),
        );
        return json({ waited });
      case "/wait-until-rejects":
        ctx.waitUntil(Promise.reject(new Error("analytics down")));
        return json({ sent: true });
      case "/waited":
        return json({ waited });
      case "/wait-until-held": {
        const key = event.query.key ?? "";
        const entry = { done: false, released: false };
        held.set(key, entry);
        // Polls with its own timers: workerd wakes a request only for its own I/O, not for a promise another request resolves.
        const work = async () => {
          for (let i = 0; i < 1000 && !entry.released; i++) await new Promise((resolve) => setTimeout(resolve, 10));
          entry.done = entry.released;
        };
        ctx.waitUntil(work());
        return json({ held: key, done: entry.done });
      }
      case "/release": {
        const entry = held.get(event.query.key ?? "");
        if (entry) entry.released = true;
        return json({ released: event.query.key });
      }
      case "/held":
        return json({ done: held.get(event.query.key ?? "")?.done === true });
      case "/bodyless":
        return { status: Number(event.query.status), headers: { "x-kept": "yes" }, body: "dropped" };
      case "/ip":
        return json({ ip: event.ip });
      case "/length":
        return json({ bytes: (await event.bytes()).byteLength, contentLength: event.headers["content-length"] ?? null });
      case "/length-refused": {
        // The refusal, then what is left of the body for a handler that reads it through event.raw instead.
        const refused = await event.bytes().then(
          () => "nothing",
          (error: Error) => error.name,
        );
        const raw = event.raw as Request;
        return json({ refused, bodyUsed: raw.bodyUsed, rawBytes: (await raw.arrayBuffer()).byteLength });
      }
      default:
        return json({
          method: event.method,
          path: event.path,
          rawQuery: event.rawQuery,
          query: event.query,
          queryAll: event.queryAll("q"),
          headers: event.headers,
          cookies: event.cookies,
          ip: event.ip ?? null,
          text: await event.text(),
        });
    }
  },
});

// A small limit, so the tests can cross it (no named export: workerd would take it for an entrypoint).
const handlers = worker(app, { maxBodyBytes: 1024 });

const withIdentityCheck: WorkerHandlers<Env> = {
  ...handlers,
  async fetch(request: WorkerRequest, env: Env, ctx: ExecutionContext): Promise<Response> {
    const response = await handlers.fetch(request, env, ctx);
    if (request.url.endsWith("/response-identity")) {
      return Response.json({ same: response === lastNativeResponse, status: response.status, statusText: response.statusText });
    }
    return response;
  },
};
export default withIdentityCheck;
