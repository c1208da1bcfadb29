// The timers behind a deadline: one each, or one for the runner (shareDeadlineTimer); none holds the process.
import { afterEach, describe, expect, test, vi } from "vitest";
import { defineHandler, json } from "./index.ts";
import { never, setup } from "./test-helpers.ts";
import { httpEvent } from "./testing.ts";

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("the timers of enforced deadlines", () => {
  test("shareDeadlineTimer: one timer waits for every invocation's deadline, each answered 504 at its own", async () => {
    vi.useFakeTimers({ now: 0 });
    const { runner, init } = setup(defineHandler(never), { enforceDeadline: true, shareDeadlineTimer: true });
    const answered: Array<[number, number]> = [];
    for (const deadline of [1000, 2000])
      void runner.http(httpEvent(), init(deadline)).then((response) => answered.push([response.status, Date.now()]));
    await vi.advanceTimersByTimeAsync(0);
    const waiting = vi.getTimerCount();
    await vi.advanceTimersByTimeAsync(2000);
    expect([waiting, answered]).toEqual([
      1,
      [
        [504, 1000],
        [504, 2000],
      ],
    ]);
  });

  test("without shareDeadlineTimer each invocation waits on a timer of its own", async () => {
    vi.useFakeTimers({ now: 0 });
    const { runner, init } = setup(defineHandler(never), { enforceDeadline: true });
    const responses = [runner.http(httpEvent(), init(1000)), runner.http(httpEvent(), init(2000))];
    await vi.advanceTimersByTimeAsync(0);
    const waiting = vi.getTimerCount();
    await vi.advanceTimersByTimeAsync(2000);
    expect([waiting, (await Promise.all(responses)).map((response) => response.status)]).toEqual([2, [504, 504]]);
  });

  test("an invocation that answered in time leaves the shared timer: the signal it read never fires", async () => {
    vi.useFakeTimers({ now: 0 });
    let signal: AbortSignal | undefined;
    const { runner, init } = setup(
      defineHandler(async (_event, ctx) => {
        signal = ctx.signal;
        return json("in time");
      }),
      { enforceDeadline: true, shareDeadlineTimer: true },
    );
    expect((await runner.http(httpEvent(), init(1000))).status).toBe(200);
    await vi.advanceTimersByTimeAsync(2000);
    expect(signal?.aborted).toBe(false);
  });

  test("the signal's timer and the deadline's hold no process open (unref'd)", async () => {
    vi.useFakeTimers({ now: 0 });
    const started = vi.spyOn(globalThis, "setTimeout");
    let finish = (): void => {};
    const { runner, init } = setup(
      defineHandler(async (_event, ctx) => {
        void ctx.signal;
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        return json("done");
      }),
      { enforceDeadline: true },
    );
    const response = runner.http(httpEvent(), init(10_000));
    await vi.advanceTimersByTimeAsync(0);
    const held = started.mock.results.map((result) => (result.value as { hasRef(): boolean }).hasRef());
    finish();
    expect([held, (await response).status]).toEqual([[false, false], 200]);
  });
});
