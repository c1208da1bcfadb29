import { describe, expect, test } from "vitest";
import { createRunner } from "../adapter.ts";
import { defineHandler } from "../index.ts";
import type { HttpResult } from "../results.ts";
import { httpEvent, invoke } from "../testing.ts";
import { collectStream, isBodyStream, ResponseStream, STREAM_FAILED_MESSAGE } from "./stream-body.ts";

const utf8 = new TextDecoder();

/** An async generator that records whether its `finally` ran (the source was released). */
function tracked(chunks: readonly unknown[], failAfter?: number): { body: AsyncIterable<Uint8Array | string>; released: () => boolean } {
  let released = false;
  async function* generate(): AsyncGenerator<Uint8Array | string> {
    try {
      let index = 0;
      for (const chunk of chunks) {
        if (index++ === failAfter) throw new Error("upstream broke");
        yield chunk as Uint8Array | string;
      }
      if (failAfter === chunks.length) throw new Error("upstream broke");
    } finally {
      released = true;
    }
  }
  return { body: generate(), released: () => released };
}

function logsInto(lines: Array<Record<string, unknown>>): (line: string) => void {
  return (line) => void lines.push(JSON.parse(line) as Record<string, unknown>);
}

async function readAll(stream: ResponseStream): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(utf8.decode(chunk));
  return chunks;
}

function runnerFor(result: () => HttpResult, streams: boolean, lines: Array<Record<string, unknown>> = []) {
  return createRunner(
    defineHandler(() => result()),
    { provider: "test", streams, write: logsInto(lines) },
  );
}

describe("streamed bodies with a runner that streams", () => {
  test("an async iterable body arrives as a stream after status, headers and every cookie; framing headers dropped", async () => {
    const { body } = tracked(["a", new Uint8Array([98]), "", "ç"]);
    const runner = runnerFor(
      () => ({
        status: 201,
        headers: { "content-type": "text/plain", "content-length": "99", "x-a": "1" },
        cookies: ["a=1", "b=2"],
        body,
      }),
      true,
    );
    const response = await runner.http(httpEvent(), { env: {}, requestId: "r1" });
    expect({ ...response, stream: undefined }).toEqual({
      status: 201,
      headers: { "content-type": "text/plain", "x-a": "1" },
      cookies: ["a=1", "b=2"],
      body: null,
      stream: undefined,
    });
    expect(response.stream).toBeInstanceOf(ResponseStream);
    // Strings as UTF-8, the empty chunk skipped.
    expect(await readAll(response.stream as ResponseStream)).toEqual(["a", "b", "ç"]);
  });

  test("an empty stream keeps the handler's status (200 by default), never a 204", async () => {
    for (const [status, expected] of [
      [undefined, 200],
      [202, 202],
    ] as const) {
      const runner = runnerFor(() => ({ status, body: tracked([]).body }), true);
      const response = await runner.http(httpEvent(), { env: {} });
      expect(response.status).toBe(expected);
      expect(await (response.stream as ResponseStream).read()).toBeUndefined();
    }
  });

  test("a ReadableStream body and a Response with a stream body both stream", async () => {
    const readable = () =>
      new ReadableStream<string>({
        start(controller) {
          controller.enqueue("x");
          controller.enqueue("y");
          controller.close();
        },
      });
    const plain = await runnerFor(() => ({ body: readable() }), true).http(httpEvent(), { env: {} });
    expect(await readAll(plain.stream as ResponseStream)).toEqual(["x", "y"]);
    const headers = new Headers({ "content-type": "text/event-stream" });
    headers.append("set-cookie", "s=1");
    headers.append("set-cookie", "t=2");
    const fetched = await runnerFor(
      () => new Response(readable().pipeThrough(new TextEncoderStream()), { status: 207, headers }),
      true,
    ).http(httpEvent(), { env: {} });
    expect([fetched.status, fetched.headers, fetched.cookies, fetched.body]).toEqual([
      207,
      { "content-type": "text/event-stream" },
      ["s=1", "t=2"],
      null,
    ]);
    expect(await readAll(fetched.stream as ResponseStream)).toEqual(["x", "y"]);
  });

  test("a source that fails mid-way rejects the read and is logged once with the request id", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const runner = runnerFor(() => ({ body: tracked(["one"], 1).body }), true, lines);
    const response = await runner.http(httpEvent(), { env: {}, requestId: "req-9" });
    const stream = response.stream as ResponseStream;
    expect(utf8.decode(await stream.read())).toBe("one");
    await expect(stream.read()).rejects.toThrow("upstream broke");
    expect(await stream.read()).toBeUndefined();
    expect(
      lines.map(({ level, message, requestId, error }) => [level, message, requestId, (error as { message: string }).message]),
    ).toEqual([["error", STREAM_FAILED_MESSAGE, "req-9", "upstream broke"]]);
  });

  test("a chunk that is neither bytes nor a string fails the stream with the reason and releases the source", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const source = tracked(["ok", { not: "bytes" }, "never"]);
    const response = await runnerFor(() => ({ body: source.body }), true, lines).http(httpEvent(), { env: {} });
    const stream = response.stream as ResponseStream;
    await stream.read();
    await expect(stream.read()).rejects.toThrow(
      new TypeError("Invalid chunk in a streamed body: expected a Uint8Array or a string, got object"),
    );
    expect(source.released()).toBe(true);
    expect(lines).toHaveLength(1);
  });

  test("a 204, a 304 or a HEAD request releases the stream and answers without one", async () => {
    for (const [status, method] of [
      [204, "GET"],
      [304, "GET"],
      [200, "HEAD"],
    ] as const) {
      let cancelled: unknown = "no";
      const body = new ReadableStream({
        cancel(reason) {
          cancelled = reason;
        },
      });
      const response = await runnerFor(() => ({ status, body }), true).http(httpEvent({ method }), { env: {} });
      expect([response.status, response.body, response.stream]).toEqual([status, null, undefined]);
      expect(cancelled).toBeUndefined();
    }
  });

  test("an invalid status with a stream is a logged 500 and the source is released", async () => {
    const lines: Array<Record<string, unknown>> = [];
    let cancelled = false;
    const body = new ReadableStream({
      cancel() {
        cancelled = true;
      },
    });
    const response = await runnerFor(() => ({ status: 99, body }), true, lines).http(httpEvent(), { env: {} });
    expect([response.status, response.body, response.stream]).toEqual([500, '{"error":"Internal Server Error"}', undefined]);
    expect(cancelled).toBe(true);
    expect(lines.map((line) => line.message)).toEqual(["http handler failed"]);
  });

  test("a consumer that stops early releases the source", async () => {
    const source = tracked(["a", "b", "c"]);
    const stream = new ResponseStream(source.body);
    for await (const _chunk of stream) break;
    expect(source.released()).toBe(true);
    expect(stream.finished).toBe(true);
  });

  test("toReadableStream pulls chunk by chunk and cancels the source with it", async () => {
    const source = tracked(["a", "b", "c"]);
    const reader = new ResponseStream(source.body).toReadableStream().getReader();
    expect(utf8.decode((await reader.read()).value)).toBe("a");
    await reader.cancel("gone");
    expect(source.released()).toBe(true);
  });
});

describe("streamed bodies with a runner that buffers", () => {
  test("the stream is read whole into body: text for a text type, bytes for a binary one", async () => {
    const text = await runnerFor(
      () => ({ headers: { "content-type": "text/html" }, body: tracked(["<p>", "hi", "</p>"]).body }),
      false,
    ).http(httpEvent(), { env: {} });
    expect(text).toEqual({ status: 200, headers: { "content-type": "text/html" }, cookies: [], body: "<p>hi</p>" });
    const binary = await runnerFor(
      () => ({ headers: { "content-type": "image/png" }, body: tracked([new Uint8Array([1, 2]), new Uint8Array([3])]).body }),
      false,
    ).http(httpEvent(), { env: {} });
    expect(binary.body).toEqual(new Uint8Array([1, 2, 3]));
    const empty = await runnerFor(() => ({ status: 201, body: tracked([]).body }), false).http(httpEvent(), { env: {} });
    expect([empty.status, empty.body]).toEqual([201, ""]);
  });

  test("a stream that fails before it is complete is a 500 (nothing was sent yet), logged once", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const response = await runnerFor(() => ({ body: tracked(["a"], 1).body }), false, lines).http(httpEvent(), { env: {} });
    expect(response).toEqual({
      status: 500,
      headers: { "content-type": "application/json; charset=utf-8" },
      cookies: [],
      body: '{"error":"Internal Server Error"}',
    });
    expect(lines.map((line) => line.message)).toEqual(["http handler failed"]);
  });

  test("collectStream refuses a body over its limit and releases the source", async () => {
    const source = tracked(["12345", "67890"]);
    await expect(collectStream(new ResponseStream(source.body), 8)).rejects.toThrow(
      "The streamed body is over 8 bytes, the most this integration can buffer: stream it, or send less",
    );
    expect(source.released()).toBe(true);
  });
});

describe("isBodyStream", () => {
  test("is true for ReadableStreams and async iterables only", () => {
    expect([new ReadableStream(), tracked([]).body, "s", new Uint8Array(1), [1], {}, null].map(isBodyStream)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("invoke (the testing runner) with a streamed body", () => {
  test("reads it whole and keeps the chunks", async () => {
    const app = defineHandler(() => ({ status: 206, cookies: ["c=1"], body: tracked(["a", "bc"]).body }));
    const response = await invoke(app, httpEvent());
    expect([response.status, response.cookies, response.text, response.chunks?.map((chunk) => utf8.decode(chunk))]).toEqual([
      206,
      ["c=1"],
      "abc",
      ["a", "bc"],
    ]);
  });

  test("rejects when the stream fails mid-way (a provider cuts the response off), after logging it once", async () => {
    const logs: Array<Record<string, unknown>> = [];
    const app = defineHandler(() => ({ body: tracked(["a"], 1).body }));
    const failure = await invoke(app, httpEvent(), { logs, requestId: "t-1" }).catch((error: Error) => error);
    expect((failure as Error).message).toBe("The streamed body failed after 1 chunks: a provider cuts the response off here");
    expect(((failure as Error).cause as Error).message).toBe("upstream broke");
    expect(logs.map((line) => [line.message, line.requestId])).toEqual([[STREAM_FAILED_MESSAGE, "t-1"]]);
  });

  test("rejects a stream still running at the deadline and releases its source", async () => {
    let cancelled = false;
    const app = defineHandler(() => ({
      body: new ReadableStream({
        cancel() {
          cancelled = true;
        },
      }),
    }));
    await expect(invoke(app, httpEvent(), { deadline: Date.now() + 50 })).rejects.toThrow(
      "The streamed body was still being sent at the deadline: a provider cuts the response off there",
    );
    expect(cancelled).toBe(true);
  });
});
