// waitUntil promises are waited for until ctx.signal would fire (the deadline less the margin), never longer.
import { describe, expect, test, vi } from "vitest";
import { defineHandler, json } from "./index.ts";
import { DAY, errorLine, never, outcomeOf, setup, sleep, useRealTimersAfterEach } from "./test-helpers.ts";
import { httpEvent, messagesEvent, scheduleEvent } from "./testing.ts";

useRealTimersAfterEach();

describe("waitUntil waits end when ctx.signal fires", () => {
  test("sends the response when the signal fires, with one line counting the promises still pending", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(never());
        ctx.waitUntil(never());
        ctx.waitUntil(sleep(100));
        return json("sent");
      }),
    );
    let answered = false;
    const response = runner.http(httpEvent(), init(1_010_000)).finally(() => {
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

  test("counts a rejected promise as settled: logged once, not pending", async () => {
    vi.useFakeTimers({ now: 0 });
    const error = new Error("analytics down");
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(Promise.reject(error));
        ctx.waitUntil(never());
        return json("sent");
      }),
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(500);
    expect((await response).body).toBe('"sent"');
    expect(logs).toEqual([
      errorLine("waitUntil promise rejected", { error: { name: "Error", message: "analytics down", stack: error.stack } }),
      errorLine("1 waitUntil promise was still pending at the deadline; the invocation ends without them", { pending: 1 }),
    ]);
  });

  test("writes no line when every promise settled in time, and leaves no timer behind (the signal's included)", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        void ctx.signal;
        ctx.waitUntil(sleep(400));
        return json("sent");
      }),
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(400);
    expect([(await response).body, logs, vi.getTimerCount()]).toEqual(['"sent"', [], 0]);
  });

  test("waits as long as the promises take without a deadline", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(sleep(10 * DAY));
        return json("sent");
      }),
    );
    let answered = false;
    const response = runner.http(httpEvent(), init(undefined)).finally(() => {
      answered = true;
    });
    await vi.advanceTimersByTimeAsync(10 * DAY - 1);
    const before = answered;
    await vi.advanceTimersByTimeAsync(1);
    expect([before, answered, (await response).body, logs]).toEqual([false, true, '"sent"', []]);
  });

  test.each([
    ["already fired", 300],
    ["fires now", 500],
  ])("stops at once, with no timer, when the signal %s, and counts only what is pending", async (_when, deadline) => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(Promise.resolve());
        ctx.waitUntil(never());
        return json("late");
      }),
    );
    expect(await outcomeOf(runner.http(httpEvent(), init(deadline)))).toEqual({ value: expect.objectContaining({ body: '"late"' }) });
    expect(logs.map((line) => line.pending)).toEqual([1]);
  });

  test("writes no line when the signal already fired but every promise had settled", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(Promise.resolve());
        return json("late");
      }),
    );
    expect([(await runner.http(httpEvent(), init(300))).body, logs]).toEqual(['"late"', []]);
  });
});
