import * as v from "valibot";
import { afterEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { createMessage, createRunner } from "./adapter.ts";
import { defineHandler, forEachMessage, InvalidBodyError, type Message } from "./index.ts";
import { invoke, messagesEvent } from "./testing.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));
const three = (ordered?: boolean) =>
  messagesEvent({
    ...(ordered === undefined ? {} : { ordered }),
    messages: [
      { id: "a", body: "1" },
      { id: "b", body: "2" },
      { id: "c", body: "3" },
    ],
  });

describe("createMessage", () => {
  test("carries id, attributes, attempt, publishedAt, raw and a lazily decoded body", async () => {
    const raw = { native: 1 };
    const publishedAt = new Date("2024-01-01T00:00:00Z");
    const message = createMessage({ id: "x", body: { base64: "eyJhIjoxfQ==" }, attributes: { k: "v" }, attempt: 3, publishedAt, raw });
    expect([message.id, message.attributes, message.attempt, message.publishedAt, message.raw]).toEqual([
      "x",
      { k: "v" },
      3,
      publishedAt,
      raw,
    ]);
    expect(await message.json()).toEqual({ a: 1 });
  });

  test("reads publishedAt given as a function once, when first read, and keeps that Date", () => {
    const time = vi.fn(() => new Date("2024-01-01T00:00:00Z"));
    const message = createMessage({ id: "x", body: null, publishedAt: time, raw: null });
    expect(time).not.toHaveBeenCalled();
    const first = message.publishedAt;
    expect([first?.toISOString(), message.publishedAt]).toEqual(["2024-01-01T00:00:00.000Z", first]);
    expect(message.publishedAt).toBe(first);
    expect(time).toHaveBeenCalledTimes(1);
  });

  test("defaults to attempt 1, empty null-prototype attributes and no publishedAt", () => {
    const message = createMessage({ id: "x", body: null, raw: null });
    expect([message.attempt, Object.keys(message.attributes), message.publishedAt]).toEqual([1, [], undefined]);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(message.attributes))).toBeNull();
  });
});

describe("forEachMessage, unordered", () => {
  test("runs every message concurrently and resolves { failed: [] } when all succeed", async () => {
    const steps: string[] = [];
    const result = await forEachMessage(three(), async (message, index) => {
      steps.push(`start ${message.id} ${index}`);
      await tick();
      steps.push(`end ${message.id}`);
    });
    expect(result).toEqual({ failed: [] });
    expect(steps.slice(0, 3)).toEqual(["start a 0", "start b 1", "start c 2"]);
    expect(steps.slice(3).sort()).toEqual(["end a", "end b", "end c"]);
  });

  test("isolates failures: only the messages that threw or rejected are failed", async () => {
    const ran: string[] = [];
    const onError = vi.fn();
    const result = await forEachMessage(
      three(),
      async (message) => {
        ran.push(message.id);
        if (message.id === "a") throw new Error("bad a");
        if (message.id === "c") await Promise.reject(new Error("bad c"));
      },
      { onError },
    );
    expect([result, ran]).toEqual([{ failed: ["a", "c"] }, ["a", "b", "c"]]);
  });

  test("reports failures in message order once every message settled, whichever failed first", async () => {
    const seen: string[] = [];
    let release = (): void => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = forEachMessage(
      three(),
      async (message) => {
        if (message.id === "a") {
          await held;
          throw new Error("late a");
        }
        if (message.id === "b") return "not a promise of ours";
        throw new Error("early c");
      },
      { onError: (error, message) => seen.push(`${message.id}: ${(error as Error).message}`) },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([]);
    release();
    expect([await pending, seen]).toEqual([{ failed: ["a", "c"] }, ["a: late a", "c: early c"]]);
  });

  test("a synchronous throw fails only that message", async () => {
    const result = await forEachMessage(
      three(),
      (message) => {
        if (message.id === "b") throw new Error("sync");
      },
      { onError: () => {} },
    );
    expect(result).toEqual({ failed: ["b"] });
  });

  test("fails a message whose body does not match its schema", async () => {
    const event = messagesEvent({
      messages: [
        { id: "ok", body: { n: 1 } },
        { id: "bad", body: { n: "x" } },
        { id: "junk", body: "{oops" },
      ],
    });
    const errors: unknown[] = [];
    const sums: number[] = [];
    const result = await forEachMessage(event, async (message) => void sums.push((await message.json(z.object({ n: z.number() }))).n), {
      onError: (error) => errors.push(error),
    });
    expect([result, sums]).toEqual([{ failed: ["bad", "junk"] }, [1]]);
    expect(errors.map((error) => [(error as Error).constructor, (error as InvalidBodyError).issues])).toEqual([
      [InvalidBodyError, [{ path: "n", message: "Invalid input: expected number, received string" }]],
      [InvalidBodyError, []],
    ]);
  });

  test("calls onError with the error and the message", async () => {
    const error = new Error("nope");
    const onError = vi.fn();
    const event = three();
    await forEachMessage(
      event,
      (message) => {
        if (message.id === "b") throw error;
      },
      { onError },
    );
    expect(onError.mock.calls).toEqual([[error, event.messages[1]]]);
    expect(onError.mock.calls[0]?.[1]).toBe(event.messages[1]);
  });

  test("by default logs through the invocation's ctx.log: request id, provider, and the lines invoke collects", async () => {
    const error = new TypeError("bad body");
    const app = defineHandler((event) =>
      event.kind === "messages"
        ? forEachMessage(event, (message) => {
            if (message.id === "c") throw error;
          })
        : undefined,
    );
    const logs: Array<Record<string, unknown>> = [];
    expect(await invoke(app, three(), { logs, requestId: "batch-7" })).toEqual({ failed: ["c"] });
    expect(logs).toEqual([
      {
        level: "error",
        severity: "ERROR",
        time: expect.any(String),
        message: "message failed",
        requestId: "batch-7",
        provider: "test",
        messageId: "c",
        error: { name: "TypeError", message: "bad body", stack: error.stack },
      },
    ]);
  });

  test("by default follows the runner's write and logLevel", async () => {
    const app = defineHandler((event) =>
      event.kind === "messages"
        ? forEachMessage(event, () => {
            throw new Error("no");
          })
        : undefined,
    );
    const lines: string[] = [];
    const runner = createRunner(app, { provider: "acme", write: (line) => void lines.push(line) });
    await runner.messages(three(), { env: {}, requestId: "r-w" });
    expect(lines.map((line) => JSON.parse(line)).map((line) => [line.requestId, line.provider, line.messageId])).toEqual([
      ["r-w", "acme", "a"],
      ["r-w", "acme", "b"],
      ["r-w", "acme", "c"],
    ]);
  });

  test("without a runner (a batch built by hand), writes one JSON error line per failure on stderr naming the message", async () => {
    const stderr = vi.spyOn(console, "error").mockImplementation(() => {});
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = new TypeError("bad body");
    await forEachMessage(three(), (message) => {
      if (message.id === "c") throw error;
    });
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(JSON.parse(stderr.mock.calls[0]?.[0] as string)).toEqual({
      level: "error",
      severity: "ERROR",
      time: expect.any(String),
      message: "message failed",
      messageId: "c",
      error: { name: "TypeError", message: "bad body", stack: error.stack },
    });
  });

  test("resolves { failed: [] } for an empty batch", async () => {
    const fn = vi.fn();
    expect(await forEachMessage(messagesEvent({ messages: [] }), fn)).toEqual({ failed: [] });
    expect(fn).not.toHaveBeenCalled();
  });
});

describe("forEachMessage, ordered", () => {
  test("runs messages one at a time, in order", async () => {
    const steps: string[] = [];
    const result = await forEachMessage(
      three(),
      async (message) => {
        steps.push(`start ${message.id}`);
        await tick();
        steps.push(`end ${message.id}`);
      },
      { ordered: true },
    );
    expect([result, steps]).toEqual([{ failed: [] }, ["start a", "end a", "start b", "end b", "start c", "end c"]]);
  });

  test("fails the first failure and every later message without running them", async () => {
    const ran: string[] = [];
    const onError = vi.fn();
    const event = three(true);
    const result = await forEachMessage(
      event,
      async (message) => {
        ran.push(message.id);
        if (message.id === "b") throw new Error("b failed");
      },
      { onError },
    );
    expect([result, ran]).toEqual([{ failed: ["b", "c"] }, ["a", "b"]]);
    expect(onError.mock.calls).toEqual([[new Error("b failed"), event.messages[1]]]);
  });

  test("follows event.ordered, and the ordered option overrides it", async () => {
    const failFirst = (message: Message) => {
      if (message.id === "a") throw new Error("x");
    };
    const quiet = { onError: () => {} };
    expect(await forEachMessage(three(true), failFirst, quiet)).toEqual({ failed: ["a", "b", "c"] });
    expect(await forEachMessage(three(true), failFirst, { ...quiet, ordered: false })).toEqual({ failed: ["a"] });
    expect(await forEachMessage(three(false), failFirst, { ...quiet, ordered: true })).toEqual({ failed: ["a", "b", "c"] });
  });

  test("fails a message failing its valibot schema and the rest", async () => {
    const event = messagesEvent({ ordered: true, messages: [{ body: { n: 1 } }, { body: { n: "x" } }, { body: { n: 3 } }] });
    const seen: number[] = [];
    const result = await forEachMessage(event, async (message) => void seen.push((await message.json(v.object({ n: v.number() }))).n), {
      onError: () => {},
    });
    expect([result, seen]).toEqual([{ failed: ["m2", "m3"] }, [1]]);
  });
});

describe("forEachMessage in a handler", () => {
  test("its { failed } reaches the invoke result", async () => {
    const app = defineHandler((event) => {
      if (event.kind !== "messages") return;
      return forEachMessage(
        event,
        (message) => {
          if (message.attempt > 1) throw new Error("retry storm");
        },
        { onError: () => {} },
      );
    });
    const event = messagesEvent({ messages: [{ body: 1 }, { body: 2, attempt: 2 }, { body: 3 }] });
    expect(await invoke(app, event)).toEqual({ failed: ["m2"] });
  });
});
