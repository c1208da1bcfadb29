// HTTP functions through the real Functions Framework (its test server is the Express app its CLI runs).
import { gzipSync } from "node:zlib";
import { defineHandler, HttpError, json, text } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { closeAll, logCollector, ownHeaderLines, send, serveFunction } from "./_framework.ts";

afterEach(closeAll);

const hello = defineHandler({
  init: () => ({ greeting: "hello" }),
  async handle(event, ctx) {
    if (event.kind !== "http") throw new Error("http only");
    if (event.path !== "/hello") throw new HttpError(404, `No route for ${event.path}`);
    if (event.method !== "POST") throw new HttpError(405, "Use POST", { headers: { allow: "POST" } });
    const { name } = (await event.json()) as { name: string };
    return json({ message: `${ctx.deps.greeting}, ${name}` });
  },
});

/** Answers with what the event saw of the request. */
const echo = defineHandler(async (event, ctx) => {
  if (event.kind !== "http") return undefined;
  return json({
    provider: ctx.provider,
    method: event.method,
    path: event.path,
    rawQuery: event.rawQuery,
    query: event.query,
    ip: event.ip,
    contentType: event.headers["content-type"] ?? null,
    contentEncoding: event.headers["content-encoding"] ?? null,
    contentLength: event.headers["content-length"] ?? null,
    bodyBase64: Buffer.from(await event.bytes()).toString("base64"),
  });
});

const JSON_TYPE = "application/json; charset=utf-8";

describe("HTTP functions on the Functions Framework", () => {
  test("the hello answers 200, and 404 / 405 with allow, exactly", async () => {
    const fn = await serveFunction(hello);
    const post = (path: string, method = "POST") =>
      send(fn.port, {
        method,
        path,
        headers: [["Content-Type", "application/json"]],
        body: method === "GET" ? undefined : '{"name":"gcf"}',
      });
    const [ok, missing, wrongMethod] = await Promise.all([post("/hello"), post("/nope"), post("/hello", "GET")]);
    expect([ok.status, ownHeaderLines(ok), ok.text]).toEqual([
      200,
      [
        ["content-type", JSON_TYPE],
        ["content-length", "24"],
      ],
      '{"message":"hello, gcf"}',
    ]);
    expect([missing.status, missing.json()]).toEqual([404, { error: "No route for /nope" }]);
    expect([wrongMethod.status, wrongMethod.headers.allow, wrongMethod.json()]).toEqual([405, "POST", { error: "Use POST" }]);
  });

  test("the path keeps its encoding, the query its order; ip is the last x-forwarded-for entry (Google's front end appends it)", async () => {
    const fn = await serveFunction(echo);
    const response = await send(fn.port, {
      path: "/files/a%20b/c?x=1&y=two&x=3",
      headers: [["X-Forwarded-For", "203.0.113.9, 198.51.100.7"]],
    });
    expect(response.json()).toMatchObject({
      provider: "gcp-functions",
      method: "GET",
      path: "/files/a%20b/c",
      rawQuery: "x=1&y=two&x=3",
      query: { x: "1", y: "two" },
      ip: "198.51.100.7",
      bodyBase64: "",
    });
  });

  test("a body the framework's parsers read (JSON, text, form, octets) reaches the handler byte for byte from rawBody", async () => {
    const fn = await serveFunction(echo);
    const bodies: Array<[string, string | Uint8Array]> = [
      ["application/json", '{"a":[1,2],"ü":true}'],
      ["text/plain; charset=utf-8", "plain ünïcödé"],
      ["application/x-www-form-urlencoded", "a=1&b=%20two"],
      ["application/octet-stream", new Uint8Array([0, 1, 2, 253, 254, 255])],
    ];
    const answers = await Promise.all(
      bodies.map(([type, body]) => send(fn.port, { method: "POST", path: "/", headers: [["Content-Type", type]], body })),
    );
    expect(answers.map((answer) => (answer.json() as { bodyBase64: string }).bodyBase64)).toEqual(
      bodies.map(([, body]) => Buffer.from(body).toString("base64")),
    );
  });

  test("a body without a content type, which the framework leaves unread, is read from the stream", async () => {
    const fn = await serveFunction(echo);
    const response = await send(fn.port, {
      method: "PUT",
      path: "/raw",
      headers: [["Content-Length", "4"]],
      body: new Uint8Array([9, 8, 7, 6]),
    });
    expect(response.json()).toMatchObject({ method: "PUT", contentType: null, bodyBase64: "CQgHBg==" });
  });

  test("a gzip body: the framework decompresses it, so the event has the decoded bytes and says so (no content-encoding, their length)", async () => {
    const fn = await serveFunction(echo);
    const original = '{"compressed":"yes, by the client"}';
    const response = await send(fn.port, {
      method: "POST",
      path: "/",
      headers: [
        ["Content-Type", "application/json"],
        ["Content-Encoding", "gzip"],
      ],
      body: gzipSync(original),
    });
    expect(response.json()).toMatchObject({
      contentType: "application/json",
      contentEncoding: null,
      contentLength: String(original.length),
      bodyBase64: Buffer.from(original).toString("base64"),
    });
  });

  test("invalid JSON under a JSON content type never reaches any function: the framework's parser answers 400 itself", async () => {
    let calls = 0;
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production"; // what Cloud Functions runs with; Express reads it when the app is made
    const fn = await serveFunction(
      defineHandler(() => {
        calls++;
        return text("reached");
      }),
    ).finally(() => {
      process.env.NODE_ENV = previous;
    });
    const answers = await Promise.all(
      ["{oops", "1.5"].map((body) => send(fn.port, { method: "POST", path: "/", headers: [["Content-Type", "application/json"]], body })),
    );
    expect(answers.length).toBe(2);
    for (const answer of answers) {
      expect([answer.status, answer.headers["content-type"], answer.text]).toEqual([
        400,
        "text/html; charset=utf-8",
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Bad Request</pre>\n</body>\n</html>\n',
      ]);
    }
    expect(calls).toBe(0);
    // Express logs each one as a stack trace on stderr, not as a structured line: it is not the function's.
    expect(stderr.mock.calls.map(([line]) => /^SyntaxError: .*JSON/.test(String(line).split("\n")[0] ?? ""))).toEqual([true, true]);
    stderr.mockRestore();
  });

  test("GET /favicon.ico and /robots.txt are the framework's 404s (its default ignored routes); the rest reaches the app", async () => {
    const fn = await serveFunction(echo);
    const answers = await Promise.all(["/favicon.ico", "/robots.txt", "/robots"].map((path) => send(fn.port, { path })));
    expect(answers.map((answer) => [answer.status, answer.text === "" ? "" : "body"])).toEqual([
      [404, ""],
      [404, ""],
      [200, "body"],
    ]);
  });

  test("results: two set-cookie lines, binary bytes, HEAD without a body, 204 without length, a streamed Response", async () => {
    const fn = await serveFunction(
      defineHandler((event) => {
        if (event.kind !== "http") return undefined;
        switch (event.path) {
          case "/cookies":
            return text("ok", { cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"] });
          case "/binary":
            return { status: 200, headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([0, 255, 128]) };
          case "/empty":
            return { status: 204, body: "dropped" };
          default: {
            const encoder = new TextEncoder();
            const body = new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(encoder.encode("streamed, "));
                controller.enqueue(encoder.encode("in parts"));
                controller.close();
              },
            });
            return new Response(body, { status: 201, headers: { "content-type": "text/plain; charset=utf-8", "x-from": "response" } });
          }
        }
      }),
    );
    const [cookies, binary, head, empty, streamed] = await Promise.all([
      send(fn.port, { path: "/cookies" }),
      send(fn.port, { path: "/binary" }),
      send(fn.port, { path: "/cookies", method: "HEAD" }),
      send(fn.port, { path: "/empty" }),
      send(fn.port, { path: "/stream" }),
    ]);
    expect(ownHeaderLines(cookies)).toEqual([
      ["content-type", "text/plain; charset=utf-8"],
      ["set-cookie", "a=1; Path=/; HttpOnly"],
      ["set-cookie", "b=2; Path=/; Secure"],
      ["content-length", "2"],
    ]);
    // HEAD: the headers of a GET, no body, and no length (the runner drops a HEAD body without measuring it).
    expect([
      binary.body.toString("base64"),
      head.status,
      head.headers["content-type"],
      head.headers["content-length"],
      head.body.byteLength,
    ]).toEqual(["AP+A", 200, "text/plain; charset=utf-8", undefined, 0]);
    expect([empty.status, ownHeaderLines(empty), empty.text]).toEqual([204, [], ""]);
    expect([streamed.status, streamed.headers["x-from"], streamed.headers["transfer-encoding"], streamed.text]).toEqual([
      201,
      "response",
      "chunked",
      "streamed, in parts",
    ]);
  });

  test("a throw is a generic 500 (no detail) and one error line with the request id", async () => {
    const logs = logCollector();
    const fn = await serveFunction(
      defineHandler(() => {
        throw new Error("secret internal detail");
      }),
      { write: logs.write },
    );
    const response = await send(fn.port, { headers: [["Function-Execution-Id", "exec-1"]] });
    expect([response.status, response.text]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(logs.lines.map((line) => [line.severity, line.requestId, (line.error as { message: string }).message])).toEqual([
      ["ERROR", "exec-1", "secret internal detail"],
    ]);
  });
});

describe("context", () => {
  const context = defineHandler((_event, ctx) =>
    json({ requestId: ctx.requestId, deadline: ctx.deadline ?? null, provider: ctx.provider, env: ctx.env === process.env }),
  );

  test("requestId is Function-Execution-Id (1st gen sends it), else the trace TRACE/SPAN, else the framework's own execution id", async () => {
    const fn = await serveFunction(context);
    const [execution, trace, none] = await Promise.all([
      send(fn.port, {
        headers: [
          ["Function-Execution-Id", "4pr3mb3d7v1g"],
          ["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/2;o=1"],
        ],
      }),
      send(fn.port, { headers: [["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/2;o=1"]] }),
      send(fn.port),
    ]);
    expect([(execution.json() as { requestId: string }).requestId, (trace.json() as { requestId: string }).requestId]).toEqual([
      "4pr3mb3d7v1g",
      "105445aa7843bc8bf206b12000100000/2",
    ]);
    // The framework's execution id: the last 6 base-36 digits of the time, then 6 random ones.
    expect((none.json() as { requestId: string }).requestId).toMatch(/^[0-9a-z]{12}$/);
  });

  test("the deadline is the arrival time plus timeoutMs; with no timeout known there is none; env is process.env", async () => {
    const timed = await serveFunction(context, { timeoutMs: 60_000, env: process.env });
    const untimed = await serveFunction(context, { env: process.env });
    const before = Date.now();
    const [withTimeout, without] = await Promise.all([send(timed.port), send(untimed.port)]);
    const after = Date.now();
    const { deadline, provider, env } = withTimeout.json() as { deadline: number; provider: string; env: boolean };
    expect([provider, env, deadline >= before + 60_000 && deadline <= after + 60_000]).toEqual(["gcp-functions", true, true]);
    expect((without.json() as { deadline: number | null }).deadline).toBe(null);
  });

  test("a handler that ignores ctx.signal is answered 504 at the deadline, with one log line", async () => {
    const logs = logCollector();
    let aborted = false;
    const fn = await serveFunction(
      defineHandler(async (_event, ctx) => {
        ctx.signal.addEventListener("abort", () => {
          aborted = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        return text("too late");
      }),
      { timeoutMs: 700, write: logs.write },
    );
    const response = await send(fn.port);
    expect([response.status, response.text, aborted]).toEqual([504, '{"error":"Gateway Timeout"}', true]);
    expect(logs.lines.map((line) => line.message)).toEqual(["http handler did not answer by the deadline"]);
  });

  test("log lines are Cloud Logging structured JSON tied to the request's trace (project from GOOGLE_CLOUD_PROJECT)", async () => {
    const logs = logCollector();
    const fn = await serveFunction(
      defineHandler((_event, ctx) => {
        ctx.log.info("handled", { n: 1 });
        ctx.log.warn("careful");
        return { status: 204 };
      }),
      { env: { GOOGLE_CLOUD_PROJECT: "my-project" }, write: logs.write },
    );
    await send(fn.port, { headers: [["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1234567890123;o=1"]] });
    const trace = {
      "logging.googleapis.com/trace": "projects/my-project/traces/105445aa7843bc8bf206b12000100000",
      "logging.googleapis.com/spanId": "0000011f71fb04cb",
      "logging.googleapis.com/trace_sampled": true,
      requestId: "105445aa7843bc8bf206b12000100000/1234567890123",
      provider: "gcp-functions",
    };
    expect(logs.lines.map(({ time, ...line }) => [typeof time, line])).toEqual([
      ["string", { level: "info", severity: "INFO", message: "handled", ...trace, n: 1 }],
      ["string", { level: "warn", severity: "WARNING", message: "careful", ...trace }],
    ]);
  });
});
