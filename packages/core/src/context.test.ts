import { afterEach, describe, expect, test, vi } from "vitest";
import { createRunner, type InvocationInit, requestIdOf } from "./adapter.ts";
import { type Context, type DefaultEnv, defineHandler, HttpError, json } from "./index.ts";
import { httpEvent, type InvokeOptions, invoke, messagesEvent, scheduleEvent } from "./testing.ts";

type LogLine = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.useRealTimers();
});

/** Runs one http invocation and hands back the handler's context. */
async function contextOf(options: InvokeOptions<DefaultEnv> = {}): Promise<Context> {
  let seen: Context | undefined;
  await invoke(
    defineHandler((_event, ctx) => {
      seen = ctx as Context;
    }),
    httpEvent(),
    options,
  );
  if (seen === undefined) throw new Error("the handler did not run");
  return seen;
}

describe("requestId and provider", () => {
  test("uses the given request id", async () => {
    expect((await contextOf({ requestId: "abc-123" })).requestId).toBe("abc-123");
  });

  test("makes a random UUID without one", async () => {
    const [first, second] = [await contextOf(), await contextOf()];
    expect(first.requestId).toMatch(UUID);
    expect(second.requestId).toMatch(UUID);
    expect(first.requestId).not.toBe(second.requestId);
  });

  test("without one, the context and the adapter (requestIdOf) share one id, whichever reads it first", async () => {
    let carryOn = (): void => {};
    const seen: string[] = [];
    const runner = createRunner(
      defineHandler(async (_event, ctx) => {
        if (seen.length === 0) seen.push(ctx.requestId);
        else {
          await new Promise<void>((resolve) => {
            carryOn = resolve;
          });
          seen.push(ctx.requestId);
        }
      }),
      { provider: "p", write: () => {} },
    );
    const contextFirst: InvocationInit = { env: {} };
    await runner.http(httpEvent(), contextFirst);
    const adapterFirst: InvocationInit = { env: {} };
    const answered = runner.http(httpEvent(), adapterFirst);
    await Promise.resolve();
    const adapters = requestIdOf(adapterFirst);
    carryOn();
    await answered;
    expect([requestIdOf(contextFirst), seen[1]]).toEqual([seen[0], adapters]);
    expect([seen[0], adapters]).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
    expect(seen[0]).not.toBe(adapters);
  });

  test("invoke runs as provider test with env {} and no native context", async () => {
    const ctx = await contextOf();
    expect([ctx.provider, ctx.env, ctx.native, ctx.deps]).toEqual(["test", {}, undefined, undefined]);
  });

  test("tenantId is undefined where the adapter reads none (only Lambda's tenant isolation sets it)", async () => {
    expect((await contextOf()).tenantId).toBeUndefined();
  });
});

describe("coldStart", () => {
  test("is true on an instance's first invocation, then false, and true again with freshInstance", async () => {
    const app = defineHandler((_event, ctx) => json(ctx.coldStart));
    const bodies: unknown[] = [];
    for (const freshInstance of [false, false, true, false]) bodies.push((await invoke(app, httpEvent(), { freshInstance })).body);
    expect(bodies).toEqual(["true", "false", "true", "false"]);
  });

  test("is shared across event kinds of one instance", async () => {
    const seen: boolean[] = [];
    const app = defineHandler((_event, ctx) => {
      seen.push(ctx.coldStart);
    });
    await invoke(app, scheduleEvent());
    await invoke(app, messagesEvent({ messages: [] }));
    await invoke(app, httpEvent());
    expect(seen).toEqual([true, false, false]);
  });
});

describe("deadline and remainingMs()", () => {
  test("has no deadline and Infinity remaining without one", async () => {
    const ctx = await contextOf();
    expect([ctx.deadline, ctx.remainingMs()]).toEqual([undefined, Number.POSITIVE_INFINITY]);
  });

  test("counts down to the deadline and stops at 0", async () => {
    vi.useFakeTimers({ now: 10_000 });
    const ctx = await contextOf({ deadline: 15_000 });
    expect([ctx.deadline, ctx.remainingMs()]).toEqual([15_000, 5000]);
    vi.setSystemTime(14_999);
    expect(ctx.remainingMs()).toBe(1);
    vi.setSystemTime(20_000);
    expect(ctx.remainingMs()).toBe(0);
  });
});

describe("signal", () => {
  test("aborts with a TimeoutError 500 ms before the deadline, not sooner", async () => {
    vi.useFakeTimers({ now: 0 });
    const app = defineHandler(async (_event, ctx) => {
      const signal = ctx.signal;
      expect(ctx.signal).toBe(signal);
      await vi.advanceTimersByTimeAsync(1499);
      const early = signal.aborted;
      await vi.advanceTimersByTimeAsync(1);
      const reason = signal.reason as DOMException;
      return json({
        early,
        aborted: signal.aborted,
        isDomException: reason instanceof DOMException,
        name: reason.name,
        message: reason.message,
      });
    });
    const response = await invoke(app, httpEvent(), { deadline: 2000 });
    expect(response.json()).toEqual({
      early: false,
      aborted: true,
      isDomException: true,
      name: "TimeoutError",
      message: "The invocation is about to reach its deadline",
    });
  });

  test.each([400, 500])("is aborted on first read when the deadline is already too close (%i ms away)", async (deadline) => {
    vi.useFakeTimers({ now: 0 });
    const app = defineHandler((_event, ctx) => json([ctx.signal.aborted, (ctx.signal.reason as Error).name]));
    expect((await invoke(app, httpEvent(), { deadline })).body).toBe('[true,"TimeoutError"]');
  });

  test("never aborts without a deadline", async () => {
    vi.useFakeTimers({ now: 0 });
    const app = defineHandler(async (_event, ctx) => {
      const signal = ctx.signal;
      await vi.advanceTimersByTimeAsync(24 * 3600 * 1000);
      return json(signal.aborted);
    });
    expect((await invoke(app, httpEvent())).body).toBe("false");
  });

  test("stops its timer when the invocation ends", async () => {
    vi.useFakeTimers({ now: 0 });
    const ctx = await contextOf({ deadline: 1000 });
    const signal = ctx.signal; // read after the invocation: a late reader, whose timer is not cleared
    // Only the late reader's signal timer: the invocation's deadline timer stopped when it ended.
    expect(vi.getTimerCount()).toBe(1);
    let captured: AbortSignal | undefined;
    await invoke(
      defineHandler((_event, c) => {
        captured = c.signal;
      }),
      httpEvent(),
      { deadline: 1000 },
    );
    // Still one: the handler's own signal timer and its deadline timer are gone.
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect([captured?.aborted, signal.aborted, vi.getTimerCount()]).toEqual([false, true, 0]);
  });

  test("creates no timer for a handler that never reads it", async () => {
    vi.useFakeTimers({ now: 0 });
    const app = defineHandler(() => {});
    await invoke(app, httpEvent(), { deadline: 100_000 });
    await invoke(app, httpEvent(), { deadline: 100_001 });
    // Each invocation's deadline timer stopped when it ended (see shareDeadlineTimer for the other way).
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("waitUntil", () => {
  const later = (ms: number, effect: () => void): Promise<void> =>
    new Promise((resolve) => {
      setTimeout(() => {
        effect();
        resolve();
      }, ms);
    });

  test("settles promises before an http invoke resolves, including ones added meanwhile", async () => {
    const done: string[] = [];
    const app = defineHandler((_event, ctx) => {
      ctx.waitUntil(later(10, () => done.push("first")));
      ctx.waitUntil(
        later(5, () => {
          done.push("second");
          ctx.waitUntil(later(30, () => done.push("added meanwhile")));
        }),
      );
      return json("sent");
    });
    const response = await invoke(app, httpEvent());
    // The two first timers may fire in one turn on a loaded machine: their order is not the point.
    expect([response.body, [...done.slice(0, 2)].sort(), done[2]]).toEqual(['"sent"', ["first", "second"], "added meanwhile"]);
  });

  test("settles promises before messages and other events resolve, and after a throw", async () => {
    const done: string[] = [];
    const app = defineHandler((event, ctx) => {
      ctx.waitUntil(later(5, () => done.push(event.kind)));
      if (event.kind === "schedule") throw new HttpError(500, "fail");
    });
    await invoke(app, messagesEvent({ messages: [] }));
    expect(done).toEqual(["messages"]);
    await expect(invoke(app, scheduleEvent(), { logs: [] })).rejects.toThrow("fail");
    expect(done).toEqual(["messages", "schedule"]);
    await invoke(app, httpEvent(), { logs: [] });
    expect(done).toEqual(["messages", "schedule", "http"]);
  });

  test("logs a rejected promise and still answers", async () => {
    const error = new Error("analytics down");
    const app = defineHandler((_event, ctx) => {
      ctx.waitUntil(Promise.reject(error));
      return json("ok");
    });
    const logs: LogLine[] = [];
    const response = await invoke(app, httpEvent(), { logs, requestId: "w" });
    expect([response.status, response.body]).toEqual([200, '"ok"']);
    expect(logs).toEqual([
      {
        level: "error",
        severity: "ERROR",
        time: expect.any(String),
        message: "waitUntil promise rejected",
        requestId: "w",
        provider: "test",
        error: { name: "Error", message: "analytics down", stack: error.stack },
      },
    ]);
  });
});

describe("ctx.log", () => {
  test("writes JSON lines with level, severity, time, message, requestId, provider and fields", async () => {
    const app = defineHandler((_event, ctx) => {
      ctx.log.info("order placed", { orderId: 7, tags: ["a"] });
      ctx.log.warn("slow");
      ctx.log.error("failed", { error: new TypeError("bad", { cause: new Error("root") }) });
      ctx.log.debug("hidden below info");
    });
    const logs: LogLine[] = [];
    await invoke(app, scheduleEvent(), { logs, requestId: "L" });
    const time = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(logs).toEqual([
      { level: "info", severity: "INFO", time, message: "order placed", requestId: "L", provider: "test", orderId: 7, tags: ["a"] },
      { level: "warn", severity: "WARNING", time, message: "slow", requestId: "L", provider: "test" },
      {
        level: "error",
        severity: "ERROR",
        time,
        message: "failed",
        requestId: "L",
        provider: "test",
        error: {
          name: "TypeError",
          message: "bad",
          stack: expect.stringContaining("TypeError: bad"),
          cause: { name: "Error", message: "root", stack: expect.stringContaining("Error: root") },
        },
      },
    ]);
  });

  test("is the same logger on every read", async () => {
    const ctx = await contextOf();
    expect(ctx.log).toBe(ctx.log);
  });
});
