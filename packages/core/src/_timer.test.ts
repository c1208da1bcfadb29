import { afterEach, describe, expect, test, vi } from "vitest";
import { startTimer, stopTimer } from "./_timer.ts";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const holds = (timer: { id: unknown }): boolean => (timer.id as { hasRef(): boolean }).hasRef();

describe("startTimer", () => {
  test("holds a Node process open unless asked not to (unref)", () => {
    vi.useFakeTimers({ now: 0 });
    const timers = [startTimer(() => {}, 10), startTimer(() => {}, 10, false), startTimer(() => {}, 10, true)];
    expect(timers.map(holds)).toEqual([true, true, false]);
  });

  test("an infinite delay arms no timer at all", () => {
    vi.useFakeTimers({ now: 0 });
    const timer = startTimer(() => {}, Number.POSITIVE_INFINITY, true);
    expect([timer.id, vi.getTimerCount()]).toEqual([undefined, 0]);
  });

  test("on a runtime whose setTimeout returns a number (browsers, workerd), there is nothing to unref", () => {
    let fired = false;
    vi.stubGlobal("setTimeout", (callback: () => void) => {
      callback();
      return 7;
    });
    const timer = startTimer(
      () => {
        fired = true;
      },
      10,
      true,
    );
    expect([timer.id, fired]).toEqual([7, true]);
    vi.stubGlobal("clearTimeout", () => {});
    stopTimer(timer);
    expect(timer.id).toBeUndefined();
  });
});
