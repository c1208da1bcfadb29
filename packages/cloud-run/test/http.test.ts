import { Agent } from "node:http";
import { connect } from "node:net";
import { defineHandler, type FnEvent, type HandlerResult, HttpError, type HttpEvent, json, text } from "@fnport/core";
import { encodeBase64 } from "@fnport/core/adapter";
import { afterEach, describe, expect, test } from "vitest";
import type { CloudRunApp, CloudRunNative, CloudRunOptions, CloudRunServer } from "../src/index.ts";
import { logCollector, ownHeaderLines, send, serve } from "./_client.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const running: CloudRunServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start<Deps, Env>(app: CloudRunApp<Deps, Env>, options?: CloudRunOptions): Promise<CloudRunServer> {
  const server = await serve(app, options);
  running.push(server);
  return server;
}

/** An app that records the events it gets and answers with `reply`. */
function recording(reply: (event: HttpEvent) => HandlerResult | Promise<HandlerResult> = () => ({ status: 204 })) {
  const events: FnEvent[] = [];
  const app = defineHandler((event) => {
    events.push(event);
    if (event.kind !== "http") throw new Error(`unexpected ${event.kind}`);
    return reply(event);
  });
  return { app, events };
}

describe("the http event, straight from the node request", () => {
  test("method, path and query as sent, lower-case headers (repeats joined), cookies, client address, body bytes, raw", async () => {
    const { app, events } = recording();
    const server = await start(app);
    const body = new Uint8Array([0, 1, 2, 253, 254, 255]);
    await send(server.port, {
      method: "PUT",
      path: "/a%20b/c?name=J%C3%BCrgen&plus=a+b&q=1&q=2",
      headers: [
        ["X-Mixed-Case", "kept"],
        ["X-Multi", "one"],
        ["X-Multi", "two"],
        ["Cookie", "session=abc"],
        ["Cookie", "theme=dark"],
        ["Content-Type", "application/octet-stream"],
        ["Content-Length", String(body.byteLength)],
      ],
      body,
    });
    const event = events[0] as HttpEvent;
    expect([event.method, event.path, event.rawQuery, { ...event.query }, event.queryAll("q")]).toEqual([
      "PUT",
      "/a%20b/c",
      "name=J%C3%BCrgen&plus=a+b&q=1&q=2",
      { name: "Jürgen", plus: "a b", q: "1" },
      ["1", "2"],
    ]);
    expect({ ...event.headers }).toEqual({
      host: `127.0.0.1:${server.port}`,
      "x-mixed-case": "kept",
      "x-multi": "one, two",
      cookie: "session=abc; theme=dark",
      "content-type": "application/octet-stream",
      "content-length": "6",
      connection: "close",
    });
    // A record that inherits nothing: a header named constructor or __proto__ would be a plain key.
    expect(["constructor" in event.headers, "toString" in event.headers]).toEqual([false, false]);
    expect([{ ...event.cookies }, event.ip, encodeBase64(await event.bytes())]).toEqual([
      { session: "abc", theme: "dark" },
      "127.0.0.1",
      "AAEC/f7/",
    ]);
    expect((event.raw as { url: string }).url).toBe("/a%20b/c?name=J%C3%BCrgen&plus=a+b&q=1&q=2");
  });

  test("the client address is the last x-forwarded-for entry (the one Google's front end wrote)", async () => {
    const { app, events } = recording();
    const server = await start(app);
    await send(server.port, { headers: [["X-Forwarded-For", "203.0.113.9, 198.51.100.7"]] });
    await send(server.port, { headers: [["X-Forwarded-For", "198.51.100.8"]] });
    expect(events.map((event) => (event as HttpEvent).ip)).toEqual(["198.51.100.7", "198.51.100.8"]);
  });

  test("a chunked body arrives whole; a request without a body reads as empty", async () => {
    const { app, events } = recording(async (event) => text(`${event.method} ${(await event.text()).length}`));
    const server = await start(app);
    const chunked = await send(server.port, { method: "POST", headers: [["Transfer-Encoding", "chunked"]], body: "x".repeat(100_000) });
    const empty = await send(server.port, { method: "GET" });
    expect([chunked.text, empty.text, await (events[1] as HttpEvent).text()]).toEqual(["POST 100000", "GET 0", ""]);
  });

  test("toRequest() gives a Fetch Request with the same method, URL, headers and body", async () => {
    const app = defineHandler(async (event) => {
      if (event.kind !== "http") return;
      const request = event.toRequest();
      return json({ method: request.method, url: request.url, type: request.headers.get("content-type"), body: await request.text() });
    });
    const server = await start(app);
    const response = await send(server.port, {
      method: "POST",
      path: "/hono/route?x=1",
      headers: [
        ["Content-Type", "text/plain"],
        ["X-Forwarded-Proto", "https"],
        ["Host", "service-abc.a.run.app"],
      ],
      body: "hello",
    });
    expect(response.json()).toEqual({
      method: "POST",
      url: "https://service-abc.a.run.app/hono/route?x=1",
      type: "text/plain",
      body: "hello",
    });
  });
});

describe("toRequest() on hostile requests (the path is always event.path)", () => {
  const toRequestApp = defineHandler((event) => {
    if (event.kind !== "http") return;
    return json({ path: event.path, requestPath: new URL(event.toRequest().url).pathname });
  });

  test("a path a client double-encoded stays encoded once in event.path and in the Request", async () => {
    const server = await start(toRequestApp);
    const response = await send(server.port, { path: "/files/a%252F..%252Fsecret" });
    expect(response.json()).toEqual({ path: "/files/a%252F..%252Fsecret", requestPath: "/files/a%252F..%252Fsecret" });
  });

  test("a Host header that would move the path is a 400, never another route", async () => {
    const server = await start(toRequestApp);
    const response = await send(server.port, { path: "/my/path", headers: [["Host", "h.example/admin?"]] });
    expect([response.status, response.json()]).toEqual([
      400,
      { error: "toRequest(): the Host header is not a host name or address (with an optional port)" },
    ]);
  });

  test("TRACE reaches the handler, and toRequest() answers 501 for it", async () => {
    const server = await start(toRequestApp);
    const response = await send(server.port, { method: "TRACE", path: "/my/path" });
    expect([response.status, response.json()]).toEqual([501, { error: 'toRequest(): a Fetch Request cannot carry the method "TRACE"' }]);
  });
});

describe("results written to the socket", () => {
  test("a json() result: its headers and an exact content-length (bytes, not characters)", async () => {
    const server = await start(recording(() => json({ greeting: "grüß dich" }, { status: 201 })).app);
    const response = await send(server.port);
    expect([response.status, ownHeaderLines(response), response.text]).toEqual([
      201,
      [
        ["content-type", JSON_TYPE],
        ["content-length", "26"],
      ],
      '{"greeting":"grüß dich"}',
    ]);
  });

  test("two set-cookie values go out as two header lines, in order", async () => {
    const server = await start(recording(() => text("ok", { cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"] })).app);
    const response = await send(server.port);
    expect(ownHeaderLines(response)).toEqual([
      ["content-type", "text/plain; charset=utf-8"],
      ["set-cookie", "a=1; Path=/; HttpOnly"],
      ["set-cookie", "b=2; Path=/; Secure"],
      ["content-length", "2"],
    ]);
  });

  test("a Uint8Array body arrives byte for byte", async () => {
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const server = await start(
      recording(() => ({ status: 200, headers: { "content-type": "application/octet-stream" }, body: bytes })).app,
    );
    const response = await send(server.port);
    expect([encodeBase64(response.body), response.headers["content-length"]]).toEqual(["AAEC/f7/", "6"]);
  });

  test("a string body without a content-type gets none; a content-length the handler got wrong is replaced", async () => {
    const server = await start(
      recording(() => ({ status: 200, headers: { "content-length": "999", "transfer-encoding": "chunked" }, body: "four" })).app,
    );
    const response = await send(server.port);
    expect([ownHeaderLines(response), response.text]).toEqual([[["content-length", "4"]], "four"]);
  });

  test("HEAD: the headers a GET gets, without the body (and no length, which only the body knew)", async () => {
    const server = await start(recording(() => json({ ok: true })).app);
    const response = await send(server.port, { method: "HEAD" });
    expect([response.status, ownHeaderLines(response), response.body.byteLength]).toEqual([200, [["content-type", JSON_TYPE]], 0]);
  });

  test("204 and 304 go out without a body or a length; 205 with a length of 0", async () => {
    const server = await start(
      recording((event) => {
        const status = Number(event.path.slice(1));
        return { status, headers: { etag: '"v1"' }, body: "dropped" };
      }).app,
    );
    const answers = await Promise.all([204, 304, 205].map((status) => send(server.port, { path: `/${status}` })));
    expect(answers.map((response) => [response.status, ownHeaderLines(response), response.text])).toEqual([
      [204, [["etag", '"v1"']], ""],
      [304, [["etag", '"v1"']], ""],
      [
        205,
        [
          ["etag", '"v1"'],
          ["content-length", "0"],
        ],
        "",
      ],
    ]);
  });

  test("keep-alive: consecutive requests reuse one connection", async () => {
    const server = await start(recording(() => text("ok")).app);
    let connections = 0;
    server.server.on("connection", () => connections++);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 5; i++) expect((await send(server.port, { agent })).text).toBe("ok");
    } finally {
      agent.destroy();
    }
    expect(connections).toBe(1);
  });

  test("a thrown error is a generic 500; an HttpError its status and message", async () => {
    const server = await start(
      recording((event) => {
        if (event.path === "/teapot") throw new HttpError(418, "short and stout", { headers: { "x-reason": "tea" } });
        throw new Error("secret detail");
      }).app,
    );
    const [teapot, broken] = await Promise.all([send(server.port, { path: "/teapot" }), send(server.port, { path: "/" })]);
    expect([teapot.status, teapot.headers["x-reason"], teapot.text]).toEqual([418, "tea", '{"error":"short and stout"}']);
    expect([broken.status, broken.text]).toEqual([500, '{"error":"Internal Server Error"}']);
  });
});

describe("a Fetch Response result is streamed", () => {
  test("status, status text, headers and every set-cookie before the body", async () => {
    const server = await start(
      recording(() => {
        const headers = new Headers({ "content-type": "text/plain", "x-kind": "fetch" });
        headers.append("set-cookie", "a=1");
        headers.append("set-cookie", "b=2");
        return new Response("streamed body", { status: 202, statusText: "Taken", headers });
      }).app,
    );
    const response = await send(server.port);
    expect([response.status, response.statusMessage, ownHeaderLines(response), response.text]).toEqual([
      202,
      "Taken",
      [
        ["content-type", "text/plain"],
        ["x-kind", "fetch"],
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
        ["transfer-encoding", "chunked"],
      ],
      "streamed body",
    ]);
  });

  test("an empty Response keeps its status; HEAD and 204 send no body", async () => {
    const server = await start(
      recording((event) => new Response(event.path === "/" ? "body" : null, { status: event.path === "/204" ? 204 : 201 })).app,
    );
    const [empty, head, noContent] = await Promise.all([
      send(server.port, { path: "/empty" }),
      send(server.port, { path: "/", method: "HEAD" }),
      send(server.port, { path: "/204" }),
    ]);
    expect([empty.status, empty.headers["content-length"], empty.text]).toEqual([201, "0", ""]);
    expect([head.status, head.body.byteLength]).toEqual([201, 0]);
    expect([noContent.status, noContent.headers["content-length"], noContent.text]).toEqual([204, undefined, ""]);
  });

  test("backpressure: a client that does not read holds the stream back instead of filling memory", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(97);
    const total = 64 * 1024 * 1024;
    let pulled = 0;
    const server = await start(
      recording(
        () =>
          new Response(
            new ReadableStream<Uint8Array>({
              pull(controller) {
                if (pulled >= total) return controller.close();
                pulled += chunk.byteLength;
                controller.enqueue(chunk);
              },
            }),
          ),
      ).app,
    );
    const socket = connect(server.port, "127.0.0.1");
    socket.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const pulledWhilePaused = pulled;
    let received = 0;
    socket.on("data", (data: Buffer) => {
      received += data.byteLength;
    });
    socket.resume();
    await new Promise((resolve) => socket.on("end", resolve));
    // Socket buffers and the stream's queue hold a few MiB at most; without backpressure all 64 MiB would be pulled.
    expect(pulledWhilePaused).toBeLessThan(16 * 1024 * 1024);
    expect([pulled, received > total]).toEqual([total, true]);
  });

  test("a body that fails mid-stream cuts the connection and is logged once with the request id", async () => {
    const logs = logCollector();
    const server = await start(
      recording(
        () =>
          new Response(
            new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(new TextEncoder().encode("first part"));
                setTimeout(() => controller.error(new Error("upstream went away")), 50);
              },
            }),
          ),
      ).app,
      { write: logs.write },
    );
    const error = await send(server.port, { headers: [["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1;o=1"]] }).then(
      () => undefined,
      (reason: Error) => reason.message,
    );
    expect(error).toMatch(/aborted|socket hang up|ECONNRESET/);
    expect(logs.lines.map((line) => [line.message, line.requestId, (line.error as { message: string }).message])).toEqual([
      ["http response body failed while streaming", "105445aa7843bc8bf206b12000100000/1", "upstream went away"],
    ]);
  });
});

describe("limits as Cloud Run has them", () => {
  test("a declared content-length over the limit answers 413 before the handler runs, and closes the connection", async () => {
    const { app, events } = recording();
    const server = await start(app);
    // Only the headers: the 413 comes before a byte of the 32 MiB + 1 body is sent.
    const response = await send(server.port, { method: "POST", headers: [["Content-Length", String(32 * 1024 * 1024 + 1)]] }).catch(
      (error: Error) => error,
    );
    expect(response).not.toBeInstanceOf(Error);
    const answered = response as Awaited<ReturnType<typeof send>>;
    expect([answered.status, answered.headers.connection, answered.text, events.length]).toEqual([
      413,
      "close",
      '{"error":"Request body is larger than 33554432 bytes"}',
      0,
    ]);
  });

  // Cloud Run refuses an HTTP/1 response declaring more than 32 MiB; a chunked one has no limit.
  test("a response body over 32 MiB goes out chunked (no content-length), byte for byte; one of exactly 32 MiB keeps its length", async () => {
    const limit = 32 * 1024 * 1024;
    const big = new Uint8Array(limit + 1);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) % 251;
    const server = await start(
      recording((event) => ({
        headers: { "content-type": "application/octet-stream", "content-length": "5" },
        body: event.path === "/big" ? big : big.subarray(0, limit),
      })).app,
    );
    const over = await send(server.port, { path: "/big" });
    expect([over.status, ownHeaderLines(over), over.body.byteLength, Buffer.compare(over.body, big)]).toEqual([
      200,
      [
        ["content-type", "application/octet-stream"],
        ["transfer-encoding", "chunked"],
      ],
      limit + 1,
      0,
    ]);
    const at = await send(server.port, { path: "/at" });
    expect([ownHeaderLines(at), at.body.byteLength]).toEqual([
      [
        ["content-type", "application/octet-stream"],
        ["content-length", String(limit)],
      ],
      limit,
    ]);
  }, 30_000); // 64 MiB through a loopback socket: seconds on a loaded machine

  test("maxResponseBytes: a body over it is a generic 500 and one line naming the size and the limit; one at it goes out", async () => {
    const logs = logCollector();
    const server = await start(recording((event) => text("x".repeat(event.path === "/over" ? 1025 : 1024))).app, {
      maxResponseBytes: 1024,
      write: logs.write,
    });
    const over = await send(server.port, { path: "/over", headers: [["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/5;o=1"]] });
    expect([over.status, over.text]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(logs.lines.map((line) => [line.message, line.requestId, (line.error as { message: string }).message])).toEqual([
      [
        "http response could not be encoded for the provider",
        "105445aa7843bc8bf206b12000100000/5",
        "The response is 1025 bytes, over the 1024-byte limit of cloud-run (maxResponseBytes): send less, or a link to the content",
      ],
    ]);
    expect([(await send(server.port, { path: "/at" })).text]).toEqual(["x".repeat(1024)]);
    await expect(serve(recording().app, { maxResponseBytes: 1023 })).rejects.toThrow(
      new RangeError("maxResponseBytes must be at least 1024, got 1023"),
    );
  });

  test("a Fetch Response declaring a length over 32 MiB is streamed chunked, without that length", async () => {
    const size = 32 * 1024 * 1024 + 10;
    const server = await start(
      recording(() => new Response(new Uint8Array(size), { headers: { "content-length": String(size), "x-a": "1" } })).app,
    );
    const response = await send(server.port);
    expect([response.status, ownHeaderLines(response), response.body.byteLength]).toEqual([
      200,
      [
        ["x-a", "1"],
        ["transfer-encoding", "chunked"],
      ],
      size,
    ]);
  });

  test("a chunked body that grows past the limit answers 413 before the handler runs", async () => {
    const { app, events } = recording();
    const server = await start(app, { maxBodyBytes: 1000 });
    const response = await send(server.port, { method: "POST", headers: [["Transfer-Encoding", "chunked"]], body: "x".repeat(1001) });
    const exact = await send(server.port, { method: "POST", headers: [["Transfer-Encoding", "chunked"]], body: "x".repeat(1000) });
    expect([response.status, response.text, exact.status, events.length]).toEqual([
      413,
      '{"error":"Request body is larger than 1000 bytes"}',
      204,
      1,
    ]);
  });

  test("Expect: 100-continue with a body over the limit is refused before the client sends it", async () => {
    const { app, events } = recording();
    const server = await start(app, { maxBodyBytes: 10 });
    const socket = connect(server.port, "127.0.0.1");
    socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
    const head = await new Promise<string>((resolve) => socket.once("data", (data: Buffer) => resolve(data.toString("latin1"))));
    socket.destroy();
    expect([head.split("\r\n")[0], head.includes("Connection: close"), events.length]).toEqual(["HTTP/1.1 413 Payload Too Large", true, 0]);
  });

  test("a client that disconnects aborts ctx.signal", async () => {
    let reason: unknown;
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const aborted = new Promise<void>((resolve) => {
      const app = defineHandler(async (_event, ctx) => {
        ctx.signal.addEventListener("abort", () => {
          reason = ctx.signal.reason;
          resolve();
        });
        entered();
        await new Promise((wake) => setTimeout(wake, 5000));
        return { status: 204 };
      });
      void start(app).then(async (server) => {
        const socket = connect(server.port, "127.0.0.1");
        socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        await inHandler;
        socket.destroy();
      });
    });
    await aborted;
    expect([(reason as DOMException).name, (reason as DOMException).message]).toEqual(["AbortError", "The client disconnected"]);
  });

  test("ctx.signal first read after the answer went out (work the handler left running) is not aborted: nobody left", async () => {
    let readAfterAnswer: (state: [boolean, unknown]) => void = () => {};
    const afterAnswer = new Promise<[boolean, unknown]>((resolve) => {
      readAfterAnswer = resolve;
    });
    const server = await start(
      defineHandler((_event, ctx) => {
        const { response } = ctx.native as CloudRunNative;
        // By then the response has finished and node has closed it (its connection too: the client sent Connection: close).
        response.once("close", () => readAfterAnswer([ctx.signal.aborted, ctx.signal.reason]));
        return text("answered");
      }),
    );
    const response = await send(server.port);
    expect([response.text, await afterAnswer]).toEqual(["answered", [false, undefined]]);
  });

  test("ctx.deadline is the arrival time plus timeoutMs (Cloud Run's request timeout)", async () => {
    const app = defineHandler((_event, ctx) => json({ deadline: ctx.deadline, remaining: ctx.remainingMs() }));
    const server = await start(app, { timeoutMs: 60_000 });
    const before = Date.now();
    const { deadline, remaining } = (await send(server.port)).json() as { deadline: number; remaining: number };
    expect(deadline - before).toBeGreaterThanOrEqual(60_000);
    expect(deadline - Date.now()).toBeLessThanOrEqual(60_000);
    expect(remaining).toBeGreaterThan(59_000);
    const defaults = await start(app);
    const { deadline: defaultDeadline } = (await send(defaults.port)).json() as { deadline: number };
    expect(Math.round((defaultDeadline - Date.now()) / 1000)).toBe(300);
  });

  test("with timeoutMs: Infinity there is no deadline: ctx.deadline is undefined and nothing runs out", async () => {
    const app = defineHandler((_event, ctx) => text(`${ctx.deadline} ${ctx.remainingMs()} ${ctx.signal.aborted}`));
    const server = await start(app, { timeoutMs: Number.POSITIVE_INFINITY });
    expect((await send(server.port)).text).toBe("undefined Infinity false");
  });
});

describe("the request timeout (timeoutMs)", () => {
  const sleepy = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  test("a handler that ignores ctx.signal is answered 504 at the deadline, with one log line", async () => {
    const logs = logCollector();
    const server = await start(
      defineHandler(async () => {
        await sleepy(5000);
        return text("too late");
      }),
      { timeoutMs: 1000, write: logs.write },
    );
    const started = Date.now();
    const response = await send(server.port, { headers: [["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/9;o=1"]] });
    const elapsed = Date.now() - started;
    expect([response.status, response.text]).toEqual([504, '{"error":"Gateway Timeout"}']);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(4000);
    expect(logs.lines.map((line) => [line.severity, line.message, line.requestId])).toEqual([
      ["ERROR", "http handler did not answer by the deadline", "105445aa7843bc8bf206b12000100000/9"],
    ]);
  });

  // Cloud Run awaits waitUntil work before the response (CPU may be throttled after it), so the wait needs a bound.
  test("a waitUntil promise that never settles holds the response only until ctx.signal fires; one line counts it", async () => {
    const logs = logCollector();
    const server = await start(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(new Promise(() => {}));
        return json("sent");
      }),
      { timeoutMs: 1500, write: logs.write },
    );
    const response = await send(server.port, { headers: [["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/7;o=1"]] });
    expect([response.status, response.text]).toEqual([200, '"sent"']);
    expect(logs.lines.map((line) => [line.severity, line.message, line.requestId, line.pending])).toEqual([
      [
        "ERROR",
        "1 waitUntil promise was still pending at the deadline; the invocation ends without them",
        "105445aa7843bc8bf206b12000100000/7",
        1,
      ],
    ]);
  });

  test("a timeout over 2^31−1 ms does not cut a streamed Response after 1 ms (setTimeout's overflow)", async () => {
    const server = await start(
      defineHandler(() => {
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode("first,"));
            await sleepy(50);
            controller.enqueue(encoder.encode("second"));
            controller.close();
          },
        });
        return new Response(body, { headers: { "content-type": "text/plain" } });
      }),
      { timeoutMs: 2 ** 31 + 60_000 },
    );
    const response = await send(server.port);
    expect([response.status, response.text]).toEqual([200, "first,second"]);
  });

  test("a handler that stops when ctx.signal fires is answered 504 too", async () => {
    const server = await start(
      defineHandler(async (_event, ctx) => {
        await new Promise((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)));
        return text("never");
      }),
      { timeoutMs: 1000 },
    );
    const started = Date.now();
    const response = await send(server.port);
    expect([response.status, response.text]).toEqual([504, '{"error":"Gateway Timeout"}']);
    // ctx.signal fires 500 ms before the deadline.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("a streamed Response still sending at the deadline has its connection cut, with one log line", async () => {
    const logs = logCollector();
    const server = await start(
      defineHandler(
        () =>
          new Response(
            new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(new TextEncoder().encode("first"));
              },
            }),
          ),
      ),
      { timeoutMs: 800, write: logs.write },
    );
    const outcome = await send(server.port).then(
      () => "completed",
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/aborted|socket hang up|ECONNRESET/);
    expect(logs.lines.map((line) => line.message)).toEqual([
      "the streamed Response was still sending at the request timeout; the connection was cut",
    ]);
  });
});

describe("request id and log lines", () => {
  const traceApp = defineHandler((_event, ctx) => {
    ctx.log.info("handled", { n: 1 });
    return text(ctx.requestId);
  });

  test("requestId is TRACE/SPAN from x-cloud-trace-context, else from traceparent, else a UUID", async () => {
    const server = await start(traceApp);
    const google = await send(server.port, {
      headers: [
        ["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/2;o=1"],
        ["traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"],
      ],
    });
    const w3c = await send(server.port, { headers: [["traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]] });
    const none = await send(server.port);
    expect([google.text, w3c.text]).toEqual(["105445aa7843bc8bf206b12000100000/2", "0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331"]);
    expect(none.text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("with a project id, each line is Cloud Logging structured JSON tied to the request's trace", async () => {
    const logs = logCollector();
    const server = await start(traceApp, { projectId: "my-project", write: logs.write });
    await send(server.port, { headers: [["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1234567890123;o=1"]] });
    expect(logs.lines.map(({ time, ...line }) => [typeof time, line])).toEqual([
      [
        "string",
        {
          level: "info",
          severity: "INFO",
          message: "handled",
          "logging.googleapis.com/trace": "projects/my-project/traces/105445aa7843bc8bf206b12000100000",
          "logging.googleapis.com/spanId": "0000011f71fb04cb",
          "logging.googleapis.com/trace_sampled": true,
          requestId: "105445aa7843bc8bf206b12000100000/1234567890123",
          provider: "cloud-run",
          n: 1,
        },
      ],
    ]);
  });

  test("the project id comes from GOOGLE_CLOUD_PROJECT; without one, no trace field", async () => {
    const withEnv = logCollector();
    const without = logCollector();
    const first = await start(traceApp, { env: { GOOGLE_CLOUD_PROJECT: "from-env" }, write: withEnv.write });
    const second = await start(traceApp, { env: {}, write: without.write });
    const headers: Array<[string, string]> = [["traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"]];
    await send(first.port, { headers });
    await send(second.port, { headers });
    expect(withEnv.lines[0]?.["logging.googleapis.com/trace"]).toBe("projects/from-env/traces/0af7651916cd43dd8448eb211c80319c");
    expect(withEnv.lines[0]?.["logging.googleapis.com/trace_sampled"]).toBe(false);
    expect(Object.keys(without.lines[0] ?? {}).filter((key) => key.startsWith("logging."))).toEqual([]);
  });

  test("ctx.native is the node request and response", async () => {
    let native: CloudRunNative | undefined;
    const server = await start(
      defineHandler((_event, ctx) => {
        native = ctx.native as CloudRunNative;
        return { status: 204 };
      }),
    );
    await send(server.port, { path: "/native" });
    expect([native?.request.url, typeof native?.response.writeHead, native?.headers.host]).toEqual([
      "/native",
      "function",
      `127.0.0.1:${server.port}`,
    ]);
  });
});
