import { PassThrough, Writable } from "node:stream";
import { defineHandler, type HttpResult, json } from "@fnport/core";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { lambda } from "../lambda.ts";
import { fixture, lambdaContext } from "../test-helpers.ts";
import { type AwsLambdaGlobal, type LambdaResponseStream, PRELUDE_CONTENT_TYPE, type StreamPrelude } from "./stream.ts";

const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
const NULLS = "\0".repeat(8);

/**
 * A stand-in for the runtime's response stream: a node Writable that records every byte, with the runtime's
 * `setContentType` and its `_onBeforeFirstWrite` hook run once before the first write (as the Node.js RIC does).
 */
class RecordingStream extends Writable implements LambdaResponseStream {
  readonly written: Buffer[] = [];
  contentType = "application/octet-stream";
  _onBeforeFirstWrite: ((write: (chunk: string | Uint8Array) => unknown) => void) | undefined;
  #first = true;
  #delayMs: number;
  inFlight = 0;

  constructor(options: { highWaterMark?: number; delayMs?: number } = {}) {
    super({ highWaterMark: options.highWaterMark ?? 16 * 1024 });
    this.#delayMs = options.delayMs ?? 0;
    // As the runtime wraps its request's write: the hook first, once.
    const write = this.write.bind(this) as (chunk: string | Uint8Array) => boolean;
    this.write = ((chunk: string | Uint8Array) => {
      if (this.#first && typeof this._onBeforeFirstWrite === "function") this._onBeforeFirstWrite((first) => write(first));
      this.#first = false;
      return write(chunk);
    }) as Writable["write"];
  }

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  override _write(chunk: Buffer, _encoding: string, done: (error?: Error | null) => void): void {
    this.written.push(chunk);
    if (this.#delayMs === 0) done();
    else setTimeout(done, this.#delayMs);
  }

  get text(): string {
    return Buffer.concat(this.written).toString("latin1");
  }
}

/** The runtime's `awslambda` global, as the Node.js runtime interface client defines it. */
function fakeAwsLambda(): AwsLambdaGlobal & { streamified: number } {
  const fake = {
    streamified: 0,
    streamifyResponse<T extends (...args: never[]) => unknown>(handler: T): T {
      fake.streamified++;
      (handler as unknown as Record<symbol, string>)[STREAMING] = "response";
      return handler;
    },
    HttpResponseStream: {
      from(stream: LambdaResponseStream, prelude: StreamPrelude): LambdaResponseStream {
        stream.setContentType?.(PRELUDE_CONTENT_TYPE);
        const json = JSON.stringify(prelude);
        stream._onBeforeFirstWrite = (write) => {
          write(json);
          write(new Uint8Array(8));
        };
        return stream;
      },
    },
  };
  return fake;
}

const globals = globalThis as { awslambda?: unknown };
let runtime: ReturnType<typeof fakeAwsLambda>;
beforeEach(() => {
  runtime = fakeAwsLambda();
  globals.awslambda = runtime;
});
afterEach(() => {
  delete globals.awslambda;
});

async function* chunks(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) {
    await new Promise((resolve) => setImmediate(resolve));
    yield part;
  }
}

function streamingApp(result: () => HttpResult | Promise<HttpResult>, lines: string[] = []) {
  return lambda(
    defineHandler(() => result()),
    { stream: true, write: (line) => void lines.push(line) },
  );
}

const functionUrl = () => fixture("function-url-request.json");

describe("lambda(app, { stream: true }) on a Function URL", () => {
  test("sends the prelude (status, headers, every cookie), 8 null bytes, then the chunks as produced", async () => {
    const handler = streamingApp(() => ({
      status: 201,
      headers: { "content-type": "text/plain; charset=utf-8", "x-n": 1 },
      cookies: ["a=1; Path=/", "b=2"],
      body: chunks("hel", new Uint8Array([108, 111]), "", "!"),
    }));
    const out = new RecordingStream();
    await handler(functionUrl(), out, lambdaContext());
    expect(out.contentType).toBe("application/vnd.awslambda.http-integration-response");
    expect(out.text).toBe(
      `{"statusCode":201,"headers":{"content-type":"text/plain; charset=utf-8","x-n":"1"},"cookies":["a=1; Path=/","b=2"]}${NULLS}hello!`,
    );
    expect(out.writableFinished).toBe(true);
  });

  test("the handler is the runtime's streaming handler (streamifyResponse, marked), and the buffering one takes at most two parameters (Node 24)", () => {
    const streaming = streamingApp(() => ({ body: "x" }));
    expect(runtime.streamified).toBe(1);
    expect((streaming as unknown as Record<symbol, unknown>)[STREAMING]).toBe("response");
    const buffering = lambda(defineHandler(() => ({ body: "x" })));
    expect(buffering.length).toBeLessThanOrEqual(2);
    expect((buffering as unknown as Record<symbol, unknown>)[STREAMING]).toBeUndefined();
    expect(runtime.streamified).toBe(1);
  });

  test("an empty stream still sends its status and headers (the prelude is flushed at once)", async () => {
    const handler = streamingApp(() => ({ status: 202, headers: { "x-empty": "yes" }, body: chunks() }));
    const out = new RecordingStream();
    await handler(functionUrl(), out, lambdaContext());
    expect(out.text).toBe(`{"statusCode":202,"headers":{"x-empty":"yes"}}${NULLS}`);
  });

  test("a plain body and a Response body go out the same way; bytes stay bytes (no base64)", async () => {
    const plain = new RecordingStream();
    await streamingApp(() => json({ ok: true }))(functionUrl(), plain, lambdaContext());
    expect(plain.text).toBe(`{"statusCode":200,"headers":{"content-type":"application/json; charset=utf-8"}}${NULLS}{"ok":true}`);
    const fetched = new RecordingStream();
    const headers = new Headers({ "content-type": "application/octet-stream" });
    headers.append("set-cookie", "s=1");
    await streamingApp(() => new Response(new Uint8Array([0, 255, 1]), { status: 200, headers }))(functionUrl(), fetched, lambdaContext());
    expect(fetched.text).toBe(
      `{"statusCode":200,"headers":{"content-type":"application/octet-stream"},"cookies":["s=1"]}${NULLS}\u0000\u00ff\u0001`,
    );
  });

  test("a body that fails mid-way rejects the invocation (the runtime cuts the response off) and is logged once", async () => {
    const lines: string[] = [];
    async function* failing(): AsyncGenerator<string> {
      yield "first";
      throw new Error("the upstream broke");
    }
    const handler = streamingApp(() => ({ body: failing() }), lines);
    const out = new RecordingStream();
    await expect(handler(functionUrl(), out, lambdaContext("req-stream-1"))).rejects.toThrow("the upstream broke");
    expect(out.text).toBe(`{"statusCode":200,"headers":{}}${NULLS}first`);
    expect(out.writableEnded).toBe(false);
    expect(
      lines.map((line) => JSON.parse(line)).map(({ level, message, requestId, error }) => [level, message, requestId, error.message]),
    ).toEqual([["error", "http response body failed while streaming", "req-stream-1", "the upstream broke"]]);
  });

  test("a slow reader holds the producer back (backpressure): it never runs far ahead of what was written", async () => {
    let produced = 0;
    let maxAhead = 0;
    let closeListeners = 0;
    const out = new RecordingStream({ highWaterMark: 1024, delayMs: 1 });
    async function* big(): AsyncGenerator<Uint8Array> {
      for (let index = 0; index < 200; index++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - out.written.length);
        closeListeners = Math.max(closeListeners, out.listenerCount("close"));
        yield new Uint8Array(512).fill(index % 256);
      }
    }
    await streamingApp(() => ({ headers: { "content-type": "application/octet-stream" }, body: big() }))(
      functionUrl(),
      out,
      lambdaContext(),
    );
    const body = Buffer.concat(out.written).subarray(
      Buffer.from(`{"statusCode":200,"headers":{"content-type":"application/octet-stream"}}${NULLS}`).length,
    );
    expect(body.byteLength).toBe(200 * 512);
    expect(body[199 * 512]).toBe(199);
    // 1 KiB of buffer holds 2 chunks of 512 bytes (plus the prelude's writes); without waiting for drain it would be 200.
    expect(maxAhead).toBeLessThanOrEqual(6);
    // Each wait for drain listens for close too, and stops when it is over: the listeners never pile up.
    expect(closeListeners).toBe(0);
  });

  test("a response stream closed while the producer waits for drain ends the invocation (the body is cancelled)", async () => {
    let released = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield new Uint8Array(64);
      } finally {
        released = true;
      }
    }
    /** Takes the first write and never finishes it: every later write waits for a drain that never comes. */
    class StalledStream extends Writable implements LambdaResponseStream {
      override _write(_chunk: Buffer, _encoding: string, _done: () => void): void {}
    }
    const out = new StalledStream({ highWaterMark: 1 });
    out.on("error", () => undefined);
    const invocation = streamingApp(() => ({ body: endless() }))(functionUrl(), out, lambdaContext());
    while (out.writableLength === 0) await new Promise((resolve) => setImmediate(resolve));
    out.destroy(new Error("socket hang up"));
    await invocation;
    expect(released).toBe(true);
  });

  test("a streamed body of exactly 200 MiB goes out whole; one byte more rejects, logged once, the body cancelled", async () => {
    const MIB = new Uint8Array(1024 * 1024);
    let released = false;
    async function* sized(extra: number): AsyncGenerator<Uint8Array> {
      try {
        for (let index = 0; index < 200; index++) yield MIB;
        if (extra > 0) yield new Uint8Array(extra);
      } finally {
        released = true;
      }
    }
    /** Counts the bytes written without keeping them; it never runs `_onBeforeFirstWrite`, so the prelude is not among them. */
    class CountingStream extends Writable implements LambdaResponseStream {
      bytes = 0;
      override _write(chunk: Buffer, _encoding: string, done: () => void): void {
        this.bytes += chunk.byteLength;
        done();
      }
    }
    const at = new CountingStream();
    await streamingApp(() => ({ body: sized(0) }))(functionUrl(), at, lambdaContext());
    expect([at.bytes, at.writableFinished, released]).toEqual([200 * 1024 * 1024, true, true]);
    released = false;
    const lines: string[] = [];
    const over = new CountingStream();
    const limit = 200 * 1024 * 1024;
    const message = `The streamed response passed ${limit} bytes, Lambda's limit for a streamed response`;
    await expect(streamingApp(() => ({ body: sized(1) }), lines)(functionUrl(), over, lambdaContext("req-200"))).rejects.toThrow(
      new RangeError(message),
    );
    expect([over.bytes, over.writableEnded, released]).toEqual([limit, false, true]);
    expect(lines.map((line) => JSON.parse(line)).map(({ level, message, requestId, error }) => [level, message, requestId, error])).toEqual(
      [["error", "http response body failed while streaming", "req-200", expect.objectContaining({ name: "RangeError", message })]],
    );
  });

  test("a response stream closed before the body is complete aborts ctx.signal, and the body is cancelled", async () => {
    const seen: unknown[] = [];
    let pulled = 0;
    let released = false;
    async function* endless(): AsyncGenerator<string> {
      try {
        for (;;) {
          pulled++;
          yield "tick;";
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        released = true;
      }
    }
    const handler = lambda(
      defineHandler((_event, ctx) => {
        ctx.signal.addEventListener("abort", () => seen.push(ctx.signal.reason));
        return { body: endless() };
      }),
      { stream: true },
    );
    const out = new RecordingStream();
    // The runtime's connection to the Runtime API breaks after the third chunk went out.
    const invocation = handler(functionUrl(), out, lambdaContext());
    while (pulled < 3) await new Promise((resolve) => setImmediate(resolve));
    out.destroy(new Error("socket hang up"));
    out.on("error", () => undefined);
    await invocation;
    expect(seen.map((reason) => [(reason as DOMException).name, (reason as DOMException).message])).toEqual([
      ["AbortError", "The response stream was closed"],
    ]);
    expect(released).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  test("a response stream that ends normally never aborts ctx.signal", async () => {
    let signal: AbortSignal | undefined;
    const handler = lambda(
      defineHandler((_event, ctx) => {
        signal = ctx.signal;
        return { body: chunks("a", "b") };
      }),
      { stream: true },
    );
    const out = new RecordingStream();
    await handler(functionUrl(), out, lambdaContext());
    await new Promise((resolve) => setImmediate(resolve));
    expect([out.writableFinished, out.destroyed, signal?.aborted]).toEqual([true, true, false]);
  });

  test("without the awslambda global (tests, local runs) the local stand-in writes the same bytes", async () => {
    delete globals.awslambda;
    const handler = streamingApp(() => ({ status: 201, cookies: ["a=1"], body: chunks("x", "y") }));
    expect((handler as unknown as Record<symbol, unknown>)[STREAMING]).toBe("response");
    const out = new PassThrough();
    const read: Buffer[] = [];
    out.on("data", (chunk: Buffer) => read.push(chunk));
    await handler(functionUrl(), out as unknown as LambdaResponseStream, lambdaContext());
    expect(Buffer.concat(read).toString("latin1")).toBe(`{"statusCode":201,"headers":{},"cookies":["a=1"]}${NULLS}xy`);
  });
});

describe("lambda(app, { stream: true }): the response stream's edges", () => {
  test("a null body (204) sends the prelude alone", async () => {
    const out = new RecordingStream();
    await streamingApp(() => ({ status: 204 }))(functionUrl(), out, lambdaContext());
    expect([out.text, out.writableFinished]).toEqual([`{"statusCode":204,"headers":{}}${NULLS}`, true]);
  });

  test("the local stand-in sets the prelude's content type on a stream that takes one", async () => {
    delete globals.awslambda;
    const out = new RecordingStream();
    await streamingApp(() => ({ body: chunks("x") }))(functionUrl(), out, lambdaContext());
    expect([out.contentType, out.text]).toEqual([PRELUDE_CONTENT_TYPE, `{"statusCode":200,"headers":{}}${NULLS}x`]);
  });

  test("a response stream without events (no once) is written on without waiting for drain; ctx.signal stays quiet", async () => {
    const written: string[] = [];
    let ends = 0;
    const out: LambdaResponseStream = {
      write(chunk) {
        written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("latin1"));
        return false;
      },
      end(callback) {
        ends++;
        callback?.();
      },
    };
    let aborted: boolean | undefined;
    const handler = lambda(
      defineHandler((_event, ctx) => {
        aborted = ctx.signal.aborted;
        return { body: chunks("a", "b") };
      }),
      { stream: true },
    );
    await handler(functionUrl(), out, lambdaContext());
    expect([written, ends, aborted]).toEqual([["", "a", "b"], 1, false]);
  });

  test("a response stream closed while the producer waits for drain leaves no drain listener behind", async () => {
    class StalledStream extends Writable implements LambdaResponseStream {
      override _write(_chunk: Buffer, _encoding: string, _done: () => void): void {}
    }
    const out = new StalledStream({ highWaterMark: 1 });
    out.on("error", () => undefined);
    const invocation = streamingApp(() => ({ body: chunks("a", "b", "c") }))(functionUrl(), out, lambdaContext());
    while (out.writableLength === 0) await new Promise((resolve) => setImmediate(resolve));
    const waiting = out.listenerCount("drain");
    out.destroy(new Error("socket hang up"));
    await invocation;
    expect([waiting, out.listenerCount("drain"), out.listenerCount("close")]).toEqual([1, 0, 0]);
  });

  test("a body cut off by a closed response stream is cancelled with the reason", async () => {
    const reasons: string[] = [];
    let pulled = 0;
    const body = new ReadableStream<string>({
      async pull(controller) {
        pulled++;
        await new Promise((resolve) => setImmediate(resolve));
        controller.enqueue("tick;");
      },
      cancel(reason) {
        reasons.push(`${(reason as Error).name}: ${(reason as Error).message}`);
      },
    });
    const out = new RecordingStream();
    out.on("error", () => undefined);
    const invocation = streamingApp(() => ({ body }))(functionUrl(), out, lambdaContext());
    while (pulled < 3) await new Promise((resolve) => setImmediate(resolve));
    out.destroy(new Error("socket hang up"));
    await invocation;
    expect(reasons).toEqual(["Error: The response stream was closed"]);
  });

  test("ctx.signal first read once the response stream is closed is aborted at once", async () => {
    const out = new RecordingStream();
    out.on("error", () => undefined);
    out.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    let seen: unknown[] = [];
    const handler = lambda(
      defineHandler((_event, ctx) => {
        seen = [
          ctx.signal.aborted,
          (ctx.signal.reason as DOMException | undefined)?.name,
          (ctx.signal.reason as DOMException | undefined)?.message,
        ];
        return { body: chunks("a") };
      }),
      { stream: true },
    );
    await handler(functionUrl(), out, lambdaContext());
    expect(seen).toEqual([true, "AbortError", "The response stream was closed"]);
  });

  test("ctx.signal first read after the response ended is not aborted (the finished stream is closed, not cut off)", async () => {
    let context: { signal: AbortSignal } | undefined;
    const handler = lambda(
      defineHandler((_event, ctx) => {
        context = ctx;
        return { body: chunks("a") };
      }),
      { stream: true },
    );
    const out = new RecordingStream();
    await handler(functionUrl(), out, lambdaContext());
    await new Promise((resolve) => setImmediate(resolve));
    expect([out.writableFinished, out.destroyed, context?.signal.aborted]).toEqual([true, true, false]);
  });
});

describe("lambda(app, { stream }) where the integration cannot stream", () => {
  test("an HTTP API event gets its usual JSON result, the stream read whole (no prelude)", async () => {
    const out = new RecordingStream();
    await streamingApp(() => ({ status: 201, cookies: ["a=1"], headers: { "content-type": "text/plain" }, body: chunks("a", "b") }))(
      fixture("apigw-v2-http-api.json"),
      out,
      lambdaContext(),
    );
    expect(JSON.parse(out.text)).toEqual({
      statusCode: 201,
      headers: { "content-type": "text/plain" },
      cookies: ["a=1"],
      body: "ab",
      isBase64Encoded: false,
    });
    expect(out.contentType).toBe("application/octet-stream");
  });

  test("a REST API event is buffered unless apigw-v1 is listed; listed, its prelude carries cookies as multiValueHeaders", async () => {
    const result = () => ({ cookies: ["a=1", "b=2"], body: chunks("z") });
    const buffered = new RecordingStream();
    await streamingApp(result)(fixture("apigw-v1-rest-proxy.json"), buffered, lambdaContext());
    expect(JSON.parse(buffered.text)).toEqual({
      statusCode: 200,
      headers: {},
      multiValueHeaders: { "set-cookie": ["a=1", "b=2"] },
      body: "z",
      isBase64Encoded: false,
    });
    const streamed = new RecordingStream();
    const handler = lambda(
      defineHandler(() => result()),
      { stream: ["function-url", "apigw-v1"] },
    );
    await handler(fixture("apigw-v1-rest-proxy.json"), streamed, lambdaContext());
    expect(streamed.text).toBe(`{"statusCode":200,"headers":{},"multiValueHeaders":{"set-cookie":["a=1","b=2"]}}${NULLS}z`);
  });

  test("a buffered stream over 6 MB answers 500, logged with the reason", async () => {
    const lines: string[] = [];
    async function* huge(): AsyncGenerator<Uint8Array> {
      for (let index = 0; index < 7; index++) yield new Uint8Array(1024 * 1024);
    }
    const out = new RecordingStream();
    await streamingApp(() => ({ headers: { "content-type": "application/octet-stream" }, body: huge() }), lines)(
      fixture("apigw-v2-http-api.json"),
      out,
      lambdaContext("req-big"),
    );
    expect(JSON.parse(out.text)).toEqual({
      statusCode: 500,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: '{"error":"Internal Server Error"}',
      isBase64Encoded: false,
    });
    expect(lines.map((line) => [JSON.parse(line).message, JSON.parse(line).requestId, JSON.parse(line).error.message])).toEqual([
      [
        "http response could not be encoded for the provider",
        "req-big",
        "The streamed body is over 6291456 bytes, the most this integration can buffer: stream it, or send less",
      ],
    ]);
  });

  test("a plain body over 6 MB answers 500, logged with the reason", async () => {
    const lines: string[] = [];
    const out = new RecordingStream();
    await streamingApp(() => ({ body: "x".repeat(7 * 1024 * 1024) }), lines)(
      fixture("apigw-v2-http-api.json"),
      out,
      lambdaContext("req-plain"),
    );
    expect(JSON.parse(out.text).statusCode).toBe(500);
    const logged = lines.map((line) => JSON.parse(line)).map(({ message, requestId, error }) => [message, requestId, error.name]);
    expect(logged).toEqual([["http response could not be encoded for the provider", "req-plain", "RangeError"]]);
    expect(JSON.parse(lines[0] ?? "{}").error.message).toMatch(
      /^The response is \d+ bytes of Lambda response JSON, over the 6291456-byte limit of a synchronous Lambda response: send less, or a link to the content$/,
    );
  });

  test("a body that fails while buffered answers 500 with one log line", async () => {
    const lines: string[] = [];
    async function* failing(): AsyncGenerator<string> {
      yield "a";
      throw new Error("broke");
    }
    const out = new RecordingStream();
    await streamingApp(() => ({ body: failing() }), lines)(fixture("alb-request-single-value-headers.json"), out, lambdaContext());
    expect(JSON.parse(out.text).statusCode).toBe(500);
    expect(lines.map((line) => JSON.parse(line).message)).toEqual(["http response body failed while streaming"]);
  });

  test("a non-HTTP event writes its result as JSON (an SQS batch's failures)", async () => {
    const handler = lambda(
      defineHandler((event) => (event.kind === "messages" ? { failed: [event.messages[0]?.id ?? ""] } : undefined)),
      { stream: true },
    );
    const out = new RecordingStream();
    const event = fixture("sqs-batch.json");
    await handler(event, out, lambdaContext());
    const first = (event.Records as Array<{ messageId: string }>)[0]?.messageId;
    expect(JSON.parse(out.text)).toEqual({ batchItemFailures: [{ itemIdentifier: first }] });
  });

  test("an unknown stream option is refused with the accepted values", () => {
    expect(() =>
      lambda(
        defineHandler(() => undefined),
        { stream: ["alb" as "apigw-v1"] },
      ),
    ).toThrow(new TypeError('lambda(): stream must be true or a list of "function-url", "apigw-v1", got ["alb"]'));
  });
});
