import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logLine, startWorker, type WorkerLogs, wireRequest } from "./_workerd.ts";
import { GZIPPED_HELLO } from "./workers/_gzip.ts";

const entry = new URL("./workers/http.ts", import.meta.url);
const JSON_TYPE = "application/json; charset=utf-8";

describe("a fresh isolate", { timeout: 20_000 }, () => {
  // Its own worker: whatever order the tests run in, this isolate has served nothing before.
  it("runs init once per isolate with the bindings; coldStart is true, then false", async () => {
    const { mf } = await startWorker(entry, { bindings: { GREETING: "howdy" } });
    try {
      const first = await (await mf.dispatchFetch("http://worker.test/context")).json();
      const second = await (await mf.dispatchFetch("http://worker.test/context")).json();
      expect(first).toMatchObject({ coldStart: true, greeting: "howdy", envGreeting: "howdy", initCalls: 1 });
      expect(second).toMatchObject({ coldStart: false, greeting: "howdy", initCalls: 1 });
    } finally {
      await mf.dispose();
    }
  });
});

describe("fetch in workerd", { timeout: 20_000 }, () => {
  let mf: Miniflare;
  let logs: WorkerLogs;
  const get = (path: string, init?: RequestInit) => mf.dispatchFetch(`http://worker.test${path}`, init as never);

  beforeAll(async () => {
    ({ mf, logs } = await startWorker(entry, { bindings: { GREETING: "howdy" } }));
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  it("gives the provider, no deadline, the native context, and the request id from cf-ray", async () => {
    const body = await (await get("/context", { headers: { "cf-ray": "8f1e2d3c4b5a6978-DFW" } })).json();
    expect(body).toMatchObject({
      provider: "cloudflare-workers",
      requestId: "8f1e2d3c4b5a6978-DFW",
      deadline: null,
      remainingMs: "Infinity",
      signalAborted: false,
      nativeHasWaitUntil: true,
    });
  });

  it("makes up a random request id without cf-ray", async () => {
    const body = (await (await get("/context")).json()) as { requestId: string };
    expect(body.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("builds the event from the request: path and query as sent, lower-case headers, cookies, ip, body", async () => {
    const response = await get("/a%20b/c?q=1&q=2&name=J%C3%BCrgen&plus=a+b", {
      method: "POST",
      headers: { "X-Multi": "one", Cookie: "session=abc; theme=dark", "Content-Type": "text/plain" },
      body: "hello body",
    });
    expect(response.status).toBe(200);
    const event = await response.json();
    expect(event).toMatchObject({
      method: "POST",
      path: "/a%20b/c",
      rawQuery: "q=1&q=2&name=J%C3%BCrgen&plus=a+b",
      query: { q: "1", name: "Jürgen", plus: "a b" },
      queryAll: ["1", "2"],
      headers: { "x-multi": "one", cookie: "session=abc; theme=dark", "content-type": "text/plain" },
      cookies: { session: "abc", theme: "dark" },
      // Miniflare sets cf-connecting-ip like the edge does.
      ip: "127.0.0.1",
      text: "hello body",
    });
  });

  it("toRequest() returns the native request itself, its body unread", async () => {
    const response = await get("/to-request?x=1", { method: "PUT", body: "raw body" });
    expect(await response.json()).toEqual({
      same: true,
      isRequest: true,
      bodyUsed: false,
      url: "http://worker.test/to-request?x=1",
      body: "raw body",
    });
  });

  it("a body read through toRequest() cannot be read again through the event: 500, with the reason logged", async () => {
    const response = await get("/read-after-to-request", { method: "POST", body: "once" });
    expect(response.status).toBe(500);
    expect(JSON.parse((await logLine(logs, "already read through event.toRequest()")) ?? "{}")).toMatchObject({
      level: "error",
      message: "http handler failed",
      error: {
        name: "TypeError",
        message: "The request body was already read through event.toRequest(): read it there, or through the event",
      },
    });
  });

  it("a body read through event.raw cannot be read again through the event: 500, with the reason logged", async () => {
    const response = await get("/read-after-raw", { method: "POST", body: "once" });
    expect(response.status).toBe(500);
    expect(JSON.parse((await logLine(logs, "already read through event.raw")) ?? "{}")).toMatchObject({
      level: "error",
      message: "http handler failed",
      error: { name: "TypeError", message: "The request body was already read through event.raw: read it there, or through the event" },
    });
  });

  it("a GET whose (empty) body the event read still hands back the native request", async () => {
    expect(await (await get("/to-request-after-empty-read")).json()).toEqual({
      viaEvent: "",
      url: "http://worker.test/to-request-after-empty-read",
      native: true,
    });
  });

  it("a body read through the event first reaches toRequest() too: a copy of the request carrying it", async () => {
    const response = await get("/to-request-after-read?x=1", { method: "POST", body: "both ways" });
    expect(await response.json()).toEqual({
      viaEvent: "both ways",
      viaRequest: "both ways",
      url: "http://worker.test/to-request-after-read?x=1",
      method: "POST",
      native: false,
    });
  });

  it("passes a Response result through untouched: the same object, stream, status text and headers", async () => {
    const identity = await (await get("/response-identity")).json();
    expect(identity).toEqual({ same: true, status: 299, statusText: "Fine" });
    const response = await get("/response");
    expect(response.status).toBe(299);
    expect(response.statusText).toBe("Fine");
    expect(response.headers.get("x-native")).toBe("yes");
    expect(await response.text()).toBe("streamed natively");
  });

  it("passes a WebSocket upgrade (status 101) through", async () => {
    const response = await get("/websocket", { headers: { upgrade: "websocket" } });
    expect(response.status).toBe(101);
    const socket = response.webSocket;
    if (!socket) throw new Error("no webSocket on the response");
    socket.accept();
    const reply = new Promise<unknown>((resolve) => socket.addEventListener("message", (message) => resolve(message.data)));
    socket.send("ping");
    expect(await reply).toBe("echo ping");
    socket.close();
  });

  it("sends two set-cookie values as two Set-Cookie headers, in order", async () => {
    const response = await get("/cookies");
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"]);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("ok");
  });

  it("sends a Uint8Array body byte for byte", async () => {
    const response = await get("/binary");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(Uint8Array.from({ length: 256 }, (_, i) => i));
  });

  it.each(["/gzip-result", "/gzip-response"])(
    "%s: a body with content-encoding reaches the client as the exact bytes given, not compressed again",
    async (path) => {
      const response = await wireRequest(mf, path, { headers: { "accept-encoding": "gzip" } });
      expect([response.status, response.headers["content-encoding"], response.headers["content-type"]]).toEqual([
        200,
        "gzip",
        "application/json",
      ]);
      expect(new Uint8Array(response.body)).toEqual(GZIPPED_HELLO);
    },
  );

  it("answers a result of Lambda's shape ({ statusCode, body }) with a 500 and a log line naming the key", async () => {
    const response = await get("/lambda-shape", { headers: { "cf-ray": "ray-shape" } });
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
      500,
      JSON_TYPE,
      '{"error":"Internal Server Error"}',
    ]);
    expect(JSON.parse((await logLine(logs, "ray-shape")) ?? "{}")).toMatchObject({
      message: "http handler failed",
      error: {
        name: "TypeError",
        message:
          'Invalid result for an http event: unknown key "statusCode" (fnport names it status). A result has only status, headers, cookies and body; to send data as JSON, return json(data)',
      },
    });
  });

  it("a rejected waitUntil promise is logged with the request id; the response is unchanged", async () => {
    const response = await get("/wait-until-rejects", { headers: { "cf-ray": "ray-wait-until" } });
    expect([response.status, await response.json()]).toEqual([200, { sent: true }]);
    expect(JSON.parse((await logLine(logs, "ray-wait-until")) ?? "{}")).toEqual({
      level: "error",
      severity: "ERROR",
      time: expect.any(String),
      message: "waitUntil promise rejected",
      requestId: "ray-wait-until",
      provider: "cloudflare-workers",
      error: { name: "Error", message: "analytics down", stack: expect.stringContaining("analytics down") },
    });
  });

  it("adds no content-type the result did not name", async () => {
    const response = await get("/untyped");
    expect(response.headers.get("content-type")).toBeNull();
    expect(await response.text()).toBe("no content type");
  });

  it("drops the body of a 204", async () => {
    const response = await get("/no-content");
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("turns an HttpError into its status, message and headers", async () => {
    const response = await get("/http-error");
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe(JSON_TYPE);
    expect(response.headers.get("x-reason")).toBe("test");
    expect(await response.text()).toBe('{"error":"Not for you"}');
  });

  it("turns a throw into a generic 500, logging the error with the request id", async () => {
    const response = await get("/throw", { headers: { "cf-ray": "ray-for-the-log" } });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe(JSON_TYPE);
    expect(await response.text()).toBe('{"error":"Internal Server Error"}');
    const line = await logLine(logs, "secret internal detail");
    expect(JSON.parse(line ?? "{}")).toMatchObject({ level: "error", requestId: "ray-for-the-log", provider: "cloudflare-workers" });
  });

  it("answers invalid JSON with 400 and the parser's reason", async () => {
    const response = await get("/json", { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(/^Body is not valid JSON: /);
  });

  it("parses a JSON body", async () => {
    const response = await get("/json", { method: "POST", body: '{"a":[1,2]}' });
    expect(await response.text()).toBe('{"received":{"a":[1,2]}}');
  });

  it("hands waitUntil to the runtime: the response does not wait for it, and the work still runs after it", async () => {
    // The background work waits for a request that is only sent once this response is in: an adapter
    // that awaited it before answering would never answer (the request would time out).
    const key = crypto.randomUUID();
    const answered = await Promise.race([
      get(`/wait-until-held?key=${key}`).then((response) => response.json()),
      new Promise((resolve) => setTimeout(() => resolve("no answer within 5 s: the adapter waited for waitUntil itself"), 5000)),
    ]);
    expect(answered).toEqual({ held: key, done: false });
    expect(await (await get(`/release?key=${key}`)).json()).toEqual({ released: key });
    let done = false;
    for (let i = 0; i < 100 && !done; i++) {
      done = ((await (await get(`/held?key=${key}`)).json()) as { done: boolean }).done;
      if (!done) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(done).toBe(true);
  });

  it("a waitUntil promise runs to its end after the response (the runtime keeps the invocation for it)", async () => {
    expect(await (await get("/wait-until")).json()).toEqual({ waited: false });
    let waited = false;
    for (let i = 0; i < 50 && !waited; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      waited = ((await (await get("/waited")).json()) as { waited: boolean }).waited;
    }
    expect(waited).toBe(true);
  });

  it("drops the body of a 205 and of a 304, keeping their headers (Fetch forbids one)", async () => {
    for (const status of [205, 304]) {
      const response = await wireRequest(mf, `/bodyless?status=${status}`);
      expect([response.status, response.headers["x-kept"], response.body.byteLength]).toEqual([status, "yes", 0]);
    }
  });

  it("event.ip is cf-connecting-ip, whatever x-forwarded-for the client sent", async () => {
    const ipOf = async (headers: Record<string, string>) => ((await (await get("/ip", { headers })).json()) as { ip: string }).ip;
    // Miniflare sets cf-connecting-ip to the socket's address, as the edge sets the client's.
    expect(await ipOf({})).toBe("127.0.0.1");
    expect(await ipOf({ "x-forwarded-for": "10.6.6.6" })).toBe("127.0.0.1");
    expect(await ipOf({ "x-forwarded-for": "10.6.6.6, 10.7.7.7" })).toBe("127.0.0.1");
  });

  describe("maxBodyBytes (1024 in this worker)", () => {
    const TOO_LARGE = { error: "Request body is larger than 1024 bytes" };
    // Without content-length: the body arrives chunked and is counted while it is read.
    const chunked = (...sizes: number[]) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const size of sizes) controller.enqueue(new Uint8Array(size).fill(120));
          controller.close();
        },
      });
    const post = (body: string | ReadableStream<Uint8Array>) =>
      get("/length", {
        method: "POST",
        body,
        duplex: "half",
        // Miniflare forwards a string body chunked unless the length is declared.
        headers: typeof body === "string" ? { "content-length": String(body.length) } : {},
      } as RequestInit);

    it("refuses a declared content-length over the limit before reading: the body is left whole in event.raw", async () => {
      const response = await get("/length-refused", { method: "POST", body: "x".repeat(1025), headers: { "content-length": "1025" } });
      expect([response.status, await response.json()]).toEqual([200, { refused: "BodyTooLargeError", bodyUsed: false, rawBytes: 1025 }]);
    });

    it("reads a body of exactly the limit", async () => {
      const response = await post("x".repeat(1024));
      expect([response.status, await response.json()]).toEqual([200, { bytes: 1024, contentLength: "1024" }]);
    });

    it("answers 413 for a declared content-length over the limit", async () => {
      const response = await post("x".repeat(1025));
      expect([response.status, response.headers.get("content-type"), await response.json()]).toEqual([413, JSON_TYPE, TOO_LARGE]);
    });

    it("reads a chunked body of exactly the limit (counted while read)", async () => {
      const response = await post(chunked(512, 512));
      expect([response.status, await response.json()]).toEqual([200, { bytes: 1024, contentLength: null }]);
    });

    it("answers 413 for a chunked body one byte over the limit", async () => {
      const response = await post(chunked(512, 513));
      expect([response.status, await response.json()]).toEqual([413, TOO_LARGE]);
    });

    it("answers 413 for a chunked body that grows past the limit", async () => {
      const response = await post(chunked(600, 600));
      expect([response.status, await response.json()]).toEqual([413, TOO_LARGE]);
    });

    it("joins the chunks of a chunked body under the limit", async () => {
      const response = await post(chunked(300, 300, 300));
      expect([response.status, await response.json()]).toEqual([200, { bytes: 900, contentLength: null }]);
    });

    it("reads JSON with a declared length and refuses it over the limit", async () => {
      const body = JSON.stringify({ name: "Jürgen", pad: "z".repeat(900) });
      const length = String(new TextEncoder().encode(body).byteLength);
      const ok = await get("/json", { method: "POST", body, headers: { "content-length": length } });
      expect([ok.status, await ok.json()]).toEqual([200, { received: JSON.parse(body) }]);
      const big = JSON.stringify({ pad: "z".repeat(1100) });
      const refused = await get("/json", { method: "POST", body: big, headers: { "content-length": String(big.length) } });
      expect([refused.status, await refused.json()]).toEqual([413, TOO_LARGE]);
    });

    it("refuses chunked JSON that grows past the limit", async () => {
      const response = await get("/json", { method: "POST", body: chunked(700, 700), duplex: "half" } as RequestInit);
      expect([response.status, await response.json()]).toEqual([413, TOO_LARGE]);
    });

    it("does not limit the native request from toRequest()", async () => {
      const response = await get("/to-request", { method: "POST", body: "y".repeat(5000) });
      const body = (await response.json()) as { body: string };
      expect([response.status, body.body.length]).toEqual([200, 5000]);
    });
  });
});

describe("a handler's own Response, as a module wrapping worker(app).fetch gets it", { timeout: 20_000 }, () => {
  let mf: Miniflare;
  beforeAll(async () => {
    ({ mf } = await startWorker(new URL("./workers/response-object.ts", import.meta.url)));
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
  });
  const seen = async (path: string) => (await mf.dispatchFetch(`http://worker.test${path}`)).json();

  it("is the same object, cf and all, when nothing needs changing: no content-encoding, or no body", async () => {
    expect(await seen("/plain")).toEqual({ same: true, status: 202, cf: { tag: "plain" } });
    expect(await seen("/encoded-empty")).toEqual({ same: true, status: 204, cf: { tag: "encoded-empty" } });
  });

  it("is rebuilt with its cf when a body has content-encoding (marked as already encoded)", async () => {
    expect(await seen("/encoded")).toEqual({ same: false, status: 200, cf: { tag: "encoded" } });
  });
});
