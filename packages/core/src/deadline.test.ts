// Deadlines: the runner's enforcement (enforceDeadline), and deadlines further away than setTimeout can wait.
import { describe, expect, test, vi } from "vitest";
import { type Context, defineHandler, json } from "./index.ts";
import { DAY, errorLine, JSON_TYPE, type LogLine, never, outcomeOf, setup, sleep, useRealTimersAfterEach } from "./test-helpers.ts";
import { httpEvent, invoke, messagesEvent, scheduleEvent } from "./testing.ts";

useRealTimersAfterEach();

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
    const seen: Array<[boolean, string, string]> = [];
    const { runner, init } = setup(
      defineHandler(async (_event, ctx: Context) => {
        await sleep(5000);
        const reason = ctx.signal.reason as DOMException;
        seen.push([ctx.signal.aborted, reason.name, reason.message]);
      }),
      { enforceDeadline: true },
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(6000);
    expect([(await response).status, seen]).toEqual([504, [[true, "TimeoutError", "The invocation is about to reach its deadline"]]]);
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

  test("races the read of a sync handler's Response body too: 504 when it is still being read at the deadline", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler(() => new Response(new ReadableStream({ pull: never }))),
      { enforceDeadline: true },
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await outcomeOf(response)).toEqual({ value: expect.objectContaining({ status: 504, body: '{"error":"Gateway Timeout"}' }) });
    expect(logs).toEqual([errorLine("http handler did not answer by the deadline", { deadline: "1970-01-01T00:00:01.000Z" })]);
  });

  test("hands encode an async handler's Response read whole, and a HEAD request's without its body", async () => {
    vi.useFakeTimers({ now: 0 });
    const { runner, init } = setup(
      defineHandler(async () => new Response("fetched", { status: 201 })),
      { enforceDeadline: true },
    );
    const encode = (response: { status: number; body: unknown }) => [response.status, response.body];
    expect([
      await runner.http(httpEvent(), init(1000), encode),
      await runner.http(httpEvent({ method: "HEAD" }), init(1000), encode),
    ]).toEqual([
      [201, "fetched"],
      [201, null],
    ]);
  });

  test("answers 500 for an async handler's invalid result, logged once", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler(async () => ({ status: 700 })),
      { enforceDeadline: true },
    );
    expect((await runner.http(httpEvent(), init(1000))).status).toBe(500);
    expect(logs).toEqual([
      errorLine("http handler failed", {
        error: { name: "RangeError", message: "Invalid status in result: 700 (an integer from 200 to 599)", stack: expect.any(String) },
      }),
    ]);
  });

  test("encodes one answer: a Response body whose read ends after the deadline is dropped", async () => {
    vi.useFakeTimers({ now: 0 });
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await sleep(2000);
        controller.enqueue(new TextEncoder().encode("late"));
        controller.close();
      },
    });
    const { runner, init } = setup(
      defineHandler(async () => new Response(body)),
      { enforceDeadline: true },
    );
    const encoded: number[] = [];
    const response = runner.http(httpEvent(), init(1000), (answer) => encoded.push(answer.status));
    await vi.advanceTimersByTimeAsync(3000);
    await response;
    expect(encoded).toEqual([504]);
  });

  test("leaves a Response that comes after the deadline unread", async () => {
    vi.useFakeTimers({ now: 0 });
    const late = new Response("late");
    const { runner, init } = setup(
      defineHandler(async () => {
        await sleep(2000);
        return late;
      }),
      { enforceDeadline: true },
    );
    const response = runner.http(httpEvent(), init(1000));
    await vi.advanceTimersByTimeAsync(3000);
    expect([(await response).status, late.bodyUsed]).toEqual([504, false]);
  });

  test("rejects only when encode cannot encode the generic 500 either", async () => {
    vi.useFakeTimers({ now: 0 });
    const { runner, init } = setup(
      defineHandler(async () => json(1)),
      { enforceDeadline: true },
    );
    const broken = new Error("cannot encode");
    const outcome = outcomeOf(
      runner.http(httpEvent(), init(1000), () => {
        throw broken;
      }),
    );
    expect(await outcome).toEqual({ error: broken });
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
    const outcomes = Promise.all([runner.http(httpEvent(), init(undefined)), runner.event(scheduleEvent(), init(undefined))]);
    await vi.advanceTimersByTimeAsync(10 * DAY);
    const [response, event] = await outcomes;
    expect([response.body, event]).toEqual(['"eventually"', undefined]);
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

  test("is off by default for messages and other events too", async () => {
    vi.useFakeTimers({ now: 0 });
    const { logs, runner, init } = setup(
      defineHandler(async () => {
        await sleep(2000);
      }),
    );
    const outcomes = Promise.all([runner.messages(messagesEvent({ messages: [] }), init(1000)), runner.event(scheduleEvent(), init(1000))]);
    await vi.advanceTimersByTimeAsync(2000);
    expect([await outcomes, logs]).toEqual([[[], undefined], []]);
  });

  test("@fnport/core/testing holds a deadline like the strictest provider: 504 at the deadline", async () => {
    vi.useFakeTimers({ now: 0 });
    const logs: LogLine[] = [];
    const response = invoke(defineHandler(never), httpEvent(), { deadline: 3000, logs, requestId: "t" });
    await vi.advanceTimersByTimeAsync(3000);
    expect([(await response).status, logs.map((line) => line.message)]).toEqual([504, ["http handler did not answer by the deadline"]]);
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
