// ResponseStream against its source: what it pulls, releases and reports, exactly.
import { describe, expect, test } from "vitest";
import { createLogger } from "../logger.ts";
import { collectStream, isBodyStream, isBufferLimitError, ResponseStream, STREAM_FAILED_MESSAGE } from "./stream-body.ts";

const utf8 = new TextDecoder();
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A ReadableStream of `chunks` that records each pull and the reason it was cancelled with. */
function recordedStream(chunks: readonly unknown[], failWith?: unknown) {
  const record = { pulls: 0, cancelled: [] as unknown[] };
  let index = 0;
  const stream = new ReadableStream<unknown>({
    pull(controller) {
      record.pulls++;
      if (index < chunks.length) controller.enqueue(chunks[index++]);
      else if (failWith !== undefined) controller.error(failWith);
      else controller.close();
    },
    cancel(reason) {
      record.cancelled.push(reason);
    },
  });
  return { stream: stream as ReadableStream<Uint8Array>, record };
}

/** An async iterable (not a generator) whose `next()` gives `chunks` then fails with `failWith`, counting `return()` calls. */
function recordedIterable(chunks: readonly (Uint8Array | string)[], failWith?: unknown) {
  const record = { nexts: 0, returned: 0 };
  let index = 0;
  const iterator: AsyncIterator<Uint8Array | string> = {
    next: async () => {
      record.nexts++;
      if (index < chunks.length) return { done: false, value: chunks[index++] as Uint8Array | string };
      if (failWith !== undefined) throw failWith;
      return { done: true, value: undefined };
    },
    return: async () => {
      record.returned++;
      return { done: true, value: undefined };
    },
  };
  return { body: { [Symbol.asyncIterator]: () => iterator }, record };
}

function collectingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, log: createLogger({}, "info", (line) => void lines.push(JSON.parse(line) as Record<string, unknown>)) };
}

describe("isBodyStream", () => {
  test("an object with only getReader() is a stream; a function is not, whatever it carries", () => {
    expect(isBodyStream({ getReader() {} })).toBe(true);
    expect(isBodyStream(Object.assign(() => {}, { getReader() {} }))).toBe(false);
  });
});

describe("ResponseStream state", () => {
  test("the failure log line's message", () => {
    expect(STREAM_FAILED_MESSAGE).toBe("http response body failed while streaming");
  });

  test("read to the end: finished, not failed; a later cancel() leaves the source alone", async () => {
    const source = recordedIterable(["a"]);
    const stream = new ResponseStream(source.body);
    expect([stream.finished, stream.failed]).toEqual([false, false]);
    expect(utf8.decode(await stream.read())).toBe("a");
    expect(await stream.read()).toBeUndefined();
    expect([stream.finished, stream.failed]).toEqual([true, false]);
    await stream.cancel("late");
    expect(source.record.returned).toBe(0);
  });

  test("a source that fails: finished and failed; later reads end the body without pulling again", async () => {
    const { stream: source, record } = recordedStream([], new Error("upstream broke"));
    const stream = new ResponseStream(source);
    await expect(stream.read()).rejects.toThrow("upstream broke");
    expect([stream.finished, stream.failed]).toEqual([true, true]);
    expect(await stream.read()).toBeUndefined();
    expect(record.pulls).toBe(1);
  });

  test("without a logger, a failing source rejects with its own error", async () => {
    const stream = new ResponseStream(recordedIterable([], new RangeError("upstream broke")).body);
    await expect(stream.read()).rejects.toThrow(new RangeError("upstream broke"));
  });

  test("two reads waiting on a source that fails: both reject, one log line", async () => {
    const { lines, log } = collectingLogger();
    let fail: (error: Error) => void = () => {};
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        fail = (error) => controller.error(error);
      },
    });
    const stream = new ResponseStream(source);
    stream.logTo(log);
    const reads = Promise.allSettled([stream.read(), stream.read()]);
    fail(new Error("upstream broke"));
    expect((await reads).map((settled) => settled.status)).toEqual(["rejected", "rejected"]);
    expect(lines.map((line) => line.message)).toEqual([STREAM_FAILED_MESSAGE]);
  });

  test("a source that fails (even with a TypeError) is not released; one that yields a bad chunk is", async () => {
    const failing = recordedIterable(["a"], new TypeError("socket hang up"));
    const failed = new ResponseStream(failing.body);
    await failed.read();
    await expect(failed.read()).rejects.toThrow("socket hang up");
    expect(failing.record.returned).toBe(0);
    const bad = recordedIterable([5 as unknown as string]);
    await expect(new ResponseStream(bad.body).read()).rejects.toThrow("Invalid chunk in a streamed body");
    expect(bad.record.returned).toBe(1);
  });

  test("a null chunk is named in the error", async () => {
    const { stream: source, record } = recordedStream([null]);
    await expect(new ResponseStream(source).read()).rejects.toThrow(
      new TypeError("Invalid chunk in a streamed body: expected a Uint8Array or a string, got null"),
    );
    expect(record.cancelled).toHaveLength(1);
  });
});

describe("ResponseStream.cancel() before any read", () => {
  test("cancels a ReadableStream with the reason, once", async () => {
    const { stream: source, record } = recordedStream(["a"]);
    const stream = new ResponseStream(source);
    await stream.cancel("client left");
    await stream.cancel("again");
    expect(record.cancelled).toEqual(["client left"]);
    expect(await stream.read()).toBeUndefined();
  });

  test("returns an async iterable's iterator", async () => {
    const source = recordedIterable(["a"]);
    await new ResponseStream(source.body).cancel("client left");
    expect(source.record.returned).toBe(1);
  });
});

describe("ResponseStream consumers", () => {
  test("a for-await that stops early cancels the source with a reason saying so", async () => {
    const { stream: source, record } = recordedStream(["a", "b"]);
    for await (const _chunk of new ResponseStream(source)) break;
    expect(record.cancelled.map((reason) => (reason as Error).message)).toEqual(["The response body was not read to the end"]);
  });

  test("toReadableStream pulls nothing until read, then gives each chunk and closes", async () => {
    const { body, record } = recordedIterable(["a", bytes("b")]);
    const readable = new ResponseStream(body).toReadableStream();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(record.nexts).toBe(0);
    const reader = readable.getReader();
    const steps = [await reader.read(), await reader.read(), await reader.read()];
    expect(steps.map((step) => [step.done, step.value === undefined ? undefined : utf8.decode(step.value)])).toEqual([
      [false, "a"],
      [false, "b"],
      [true, undefined],
    ]);
  });
});

describe("collectStream", () => {
  test("one chunk is returned as it is, not copied", async () => {
    const chunk = bytes("only");
    expect(await collectStream(new ResponseStream(recordedStream([chunk]).stream))).toBe(chunk);
  });

  test("over the limit, the source is cancelled with a RangeError saying why", async () => {
    const { stream: source, record } = recordedStream(["12345", "67890", "more"]);
    const error = await collectStream(new ResponseStream(source), 8).catch((caught: unknown) => caught);
    expect(isBufferLimitError(error)).toBe(true);
    expect(record.cancelled.map((reason) => [(reason as Error).name, (reason as Error).message])).toEqual([
      ["RangeError", "The streamed body is too large to buffer"],
    ]);
  });

  test("isBufferLimitError is false for anything else", () => {
    expect([new RangeError("x"), null, undefined, "x", 1].map(isBufferLimitError)).toEqual([false, false, false, false, false]);
  });
});
