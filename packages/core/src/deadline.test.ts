// Deadlines: the runner's enforcement (enforceDeadline), waitUntil bounded by the deadline signal,
// and deadlines further away than setTimeout can wait.
import { afterEach, describe, expect, test, vi } from "vitest";
import { createRunner, type InvocationInit, type RunnerOptions } from "./adapter.ts";
import { type App, type Context, defineHandler, json } from "./index.ts";
import { httpEvent, invoke, messagesEvent, scheduleEvent } from "./testing.ts";

type LogLine = Record<string, unknown>;
const JSON_TYPE = "application/json; charset=utf-8";
const DAY = 24 * 3600 * 1000;
const never = (): Promise<never> => new Promise<never>(() => {});

afterEach(() => {
  vi.useRealTimers();
});

/** A runner writing its log lines to `logs`, and an invocation init with `deadline`. */
function setup<Deps, Env>(app: App<Deps, Env>, options: Partial<RunnerOptions> = {}) {
  const logs: LogLine[] = [];
  const runner = createRunner(app, { provider: "p", write: (line) => void logs.push(JSON.parse(line) as LogLine), ...options });
  const init = (deadline: number | undefined): InvocationInit => ({ env: {}, requestId: "r-deadline", deadline });
  return { logs, runner, init };
}

const errorLine = (message: string, fields: LogLine = {}): LogLine => ({
  level: "error",
  severity: "ERROR",
  time: expect.any(String),
  message,
  requestId: "r-deadline",
  provider: "p",
  ...fields,
});

describe("enforceDeadline", () => {
  test("answers 504 at the deadline when an http handler ignores ctx.signal, logs one line, and fires the signal", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    let signal: AbortSignal | undefined;
    const { logs, runner, init } = setup(
      defineHandler(async (_event, ctx) => {
        signal = ctx.signal;
        await never();
      }),
      { enforceDeadline: true },
    );
    let answered = false;
    const response = runner.http(httpEvent(), init(1_002_000)).finally(() => {
      answered = true;
    });
    await vi.advanceTimersByTimeAsync(1499);
    const before = [answered, signal?.aborted];
    await vi.advanceTimersByTimeAsync(1);
    const atSignal = [answered, signal?.aborted];
    await vi.advanceTimersByTimeAsync(499);
    const justBefore = answered;
    await vi.advanceTimersByTimeAsync(1);
    expect([before, atSignal, justBefore, answered]).toEqual([[false, false], [false, true], false, true]);
    expect(await response).toEqual({
      status: 504,
      headers: { "content-type": JSON_TYPE },
      cookies: [],
      body: '{"error":"Gateway Timeout"}',
    });
    expect(logs).toEqual([errorLine("http handler did not answer by the deadline", { deadline: "1970-01-01T00:16:42.000Z" })]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("fires the signal at the deadline for a handler that first reads it after the margin", async () => {
    vi.useFakeTimers({ now: 0 });
    const seen: Array<[boolean, string]> = [];
    const { runner, init } = setup(
      defineHandler(async (_event, ctx: Context) => {
        await new Promise((resolve) => setTimeout(resolve, 5000));
        seen.push([ctx.signal.aborted, (ctx.signal.reason as DOMException).name]);
      }),
      { enforceDeadline: true },
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(6000);
    expect([(await response).status, seen]).toEqual([504, [[true, "TimeoutError"]]]);
  });

  test("drops the handler's late result and keeps its late rejection quiet", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler(async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        if (event.kind === "http" && event.path === "/throw") throw new Error("late");
        return json("late");
      }),
      { enforceDeadline: true },
    );
    const responses = [runner.http(httpEvent(), init(1000)), runner.http(httpEvent({ path: "/throw" }), init(1000))];
    await vi.advanceTimersByTimeAsync(3000);
    expect((await Promise.all(responses)).map((response) => [response.status, response.body])).toEqual([
      [504, '{"error":"Gateway Timeout"}'],
      [504, '{"error":"Gateway Timeout"}'],
    ]);
    expect(logs.map((line) => line.message)).toEqual([
      "http handler did not answer by the deadline",
      "http handler did not answer by the deadline",
    ]);
  });

  test("answers a handler that finishes in time as usual, and leaves nothing behind that acts later", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler(async () => {
        await new Promise((resolve) => setTimeout(resolve, 900));
        return json("in time");
      }),
      { enforceDeadline: true },
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(900);
    expect([(await response).status, (await response).body, logs]).toEqual([200, '"in time"', []]);
    // The runner's one deadline timer stays armed (unref'd) for the next invocation; at the deadline it finds nothing.
    await vi.advanceTimersByTimeAsync(1000);
    expect([logs, vi.getTimerCount()]).toEqual([[], 0]);
  });

  test("rejects a messages invocation at the deadline with a TimeoutError (the whole batch is retried)", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(defineHandler(never), { enforceDeadline: true });
    const outcome = runner.messages(messagesEvent({ messages: [{ id: "m1", body: "x" }] }), init(1000)).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    const error = (await outcome) as DOMException;
    expect([error.name, error.message]).toEqual(["TimeoutError", "The invocation reached its deadline"]);
    expect(logs).toEqual([errorLine("messages handler did not finish by the deadline", { deadline: "1970-01-01T00:00:01.000Z" })]);
  });

  test("rejects a schedule invocation at the deadline with a TimeoutError", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(defineHandler(never), { enforceDeadline: true });
    const outcome = runner.event(scheduleEvent(), init(1000)).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    expect(((await outcome) as Error).message).toBe("The invocation reached its deadline");
    expect(logs).toEqual([errorLine("schedule handler did not finish by the deadline", { deadline: "1970-01-01T00:00:01.000Z" })]);
  });

  test("enforces nothing without a deadline", async () => {
    vi.useFakeTimers({ now: 0 });
    const { runner, init } = setup(
      defineHandler(async () => {
        await new Promise((resolve) => setTimeout(resolve, 10 * DAY));
        return json("eventually");
      }),
      { enforceDeadline: true },
    );
    const response = runner.http(httpEvent(), init(undefined));
    await vi.advanceTimersByTimeAsync(10 * DAY);
    expect((await response).body).toBe('"eventually"');
  });

  test("is off by default: the provider stops the invocation (Lambda), the runner waits for the handler", async () => {
    vi.useFakeTimers({ now: 0 });
    const { runner, init } = setup(
      defineHandler(async () => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        return json("late");
      }),
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(2000);
    expect((await response).body).toBe('"late"');
  });

  test("@fnport/core/testing holds a deadline like the strictest provider: 504 at the deadline", async () => {
    vi.useFakeTimers({ now: 0 });
    const logs: LogLine[] = [];
    const response = invoke(defineHandler(never), httpEvent(), { deadline: 3000, logs, requestId: "t" });
    await vi.advanceTimersByTimeAsync(3000);
    expect([(await response).status, logs.map((line) => line.message)]).toEqual([504, ["http handler did not answer by the deadline"]]);
  });
});

describe("waitUntil waits end when ctx.signal fires", () => {
  test("sends the response when the signal fires, with one line counting the promises still pending", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(never());
        ctx.waitUntil(never());
        ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 100)));
        return json("sent");
      }),
    );
    let answered = false;
    const response = runner.http(httpEvent(), init(10_000)).finally(() => {
      answered = true;
    });
    await vi.advanceTimersByTimeAsync(9499);
    const before = answered;
    await vi.advanceTimersByTimeAsync(1);
    expect([before, answered, (await response).body]).toEqual([false, true, '"sent"']);
    expect(logs).toEqual([
      errorLine("2 waitUntil promises were still pending at the deadline; the invocation ends without them", { pending: 2 }),
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("says 'promise was' for one, and bounds messages and other invocations the same way", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(never());
      }),
    );
    const batch = runner.messages(messagesEvent({ messages: [] }), init(1000));
    const scheduled = runner.event(scheduleEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(500);
    expect([await batch, await scheduled]).toEqual([[], undefined]);
    expect(logs.map((line) => line.message)).toEqual([
      "1 waitUntil promise was still pending at the deadline; the invocation ends without them",
      "1 waitUntil promise was still pending at the deadline; the invocation ends without them",
    ]);
  });

  test("writes no line when every promise settled in time", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 400)));
        return json("sent");
      }),
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(400);
    expect([(await response).body, logs, vi.getTimerCount()]).toEqual(['"sent"', [], 0]);
  });

  test("stops at once when the signal already fired, and still counts only what is pending", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(Promise.resolve());
        ctx.waitUntil(never());
        return json("late");
      }),
    );
    expect((await runner.http(httpEvent(), init(300))).body).toBe('"late"');
    expect(logs.map((line) => line.pending)).toEqual([1]);
  });
});

describe("deadlines further away than setTimeout can wait (2^31-1 ms)", () => {
  test("a deadline 30 days away fires the signal 500 ms before it, not after 1 ms", async () => {
    vi.useFakeTimers({ now: 0 });
    const deadline = 30 * DAY;
    const seen: unknown[] = [];
    const app = defineHandler(async (_event, ctx) => {
      const signal = ctx.signal;
      await vi.advanceTimersByTimeAsync(2 ** 31);
      seen.push(signal.aborted);
      await vi.advanceTimersByTimeAsync(deadline - 500 - 2 ** 31 - 1);
      seen.push(signal.aborted);
      await vi.advanceTimersByTimeAsync(1);
      seen.push(signal.aborted, ctx.remainingMs());
    });
    await invoke(app, scheduleEvent(), { deadline });
    expect(seen).toEqual([false, false, true, 500]);
  });

  test("an enforced deadline 30 days away answers 504 then, not after 1 ms", async () => {
    vi.useFakeTimers({ now: 0 });
    const { runner, init } = setup(
      defineHandler(async () => {
        // Two steps: a single setTimeout longer than 2^31-1 ms would itself fire after 1 ms.
        await new Promise((resolve) => setTimeout(resolve, 2 ** 31 - 1));
        await new Promise((resolve) => setTimeout(resolve, 6));
        return json("in time");
      }),
      { enforceDeadline: true },
    );
    const response = runner.http(httpEvent(), init(30 * DAY));
    await vi.advanceTimersByTimeAsync(2 ** 31 + 5);
    expect((await response).body).toBe('"in time"');
  });

  test.each([
    ["Infinity", Number.POSITIVE_INFINITY],
    ["NaN", Number.NaN],
  ])("a deadline of %s is no deadline: ctx.deadline undefined, the signal never fires", async (_name, deadline) => {
    vi.useFakeTimers({ now: 0 });
    const seen: unknown[] = [];
    const app = defineHandler(async (_event, ctx) => {
      const signal = ctx.signal;
      await vi.advanceTimersByTimeAsync(100 * DAY);
      seen.push(ctx.deadline, ctx.remainingMs(), signal.aborted);
    });
    await invoke(app, scheduleEvent(), { deadline });
    expect(seen).toEqual([undefined, Number.POSITIVE_INFINITY, false]);
  });

  test("a deadlineOf that reads Infinity (getRemainingTimeInMillis: () => Infinity) is no deadline", async () => {
    vi.useFakeTimers({ now: 0 });
    const seen: unknown[] = [];
    const app = defineHandler(async (_event, ctx) => {
      const signal = ctx.signal;
      await vi.advanceTimersByTimeAsync(10);
      seen.push(ctx.deadline, signal.aborted);
    });
    const { runner } = setup(app, { deadlineOf: () => Date.now() + Number.POSITIVE_INFINITY });
    await runner.event(scheduleEvent(), { env: {} });
    expect(seen).toEqual([undefined, false]);
  });
});
