import { afterEach, describe, expect, test, vi } from "vitest";
import { DeadlineQueue } from "./_deadline-queue.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("DeadlineQueue: many invocations' deadlines behind one timer", () => {
  test("expires each unfinished invocation at its deadline, in deadline order, even when added out of order", () => {
    vi.useFakeTimers({ now: 0 });
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    queue.add(300, () => expired.push(`c at ${Date.now()}`));
    queue.add(100, () => expired.push(`a at ${Date.now()}`));
    const finished = queue.add(150, () => expired.push("never"));
    queue.add(200, () => expired.push(`b at ${Date.now()}`));
    queue.finish(finished);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual(["a at 100", "b at 200", "c at 300"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("keeps one timer for any number of waiting invocations; once all finished it fires once, finding nothing", () => {
    vi.useFakeTimers({ now: 0 });
    const queue = new DeadlineQueue();
    const expired: number[] = [];
    const entries = Array.from({ length: 10_000 }, (_, i) => queue.add(300_000 + i, () => expired.push(i)));
    expect(vi.getTimerCount()).toBe(1);
    for (const entry of entries) queue.finish(entry);
    // Still armed (unref'd: it holds no process open): the next invocation needs no timer of its own.
    expect(vi.getTimerCount()).toBe(1);
    queue.finish(queue.add(300_100, () => expired.push(-1)));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(300_000);
    expect([expired, vi.getTimerCount()]).toEqual([[], 0]);
  });

  test("a server answering one request at a time arms the timer once, not once per request", () => {
    vi.useFakeTimers({ now: 0 });
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const queue = new DeadlineQueue();
    for (let i = 0; i < 1000; i++) {
      vi.advanceTimersByTime(1);
      queue.finish(queue.add(Date.now() + 300_000, () => {}));
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
  });

  test("an invocation that finished is never expired; finishing twice is harmless", () => {
    vi.useFakeTimers({ now: 0 });
    const queue = new DeadlineQueue();
    const calls: number[] = [];
    const first = queue.add(50, () => calls.push(1));
    queue.add(60, () => calls.push(2));
    queue.finish(first);
    queue.finish(first);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual([2]);
  });

  test("finished invocations behind a long-running one do not pile up, and it still expires on time", () => {
    vi.useFakeTimers({ now: 0 });
    const queue = new DeadlineQueue();
    let longExpired = false;
    queue.add(1000, () => {
      longExpired = true;
    });
    const expired: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const entry = queue.add(1000 + i, () => expired.push(i));
      if (i !== 49_999) queue.finish(entry);
    }
    // Compaction keeps what the queue holds near its live size (the long one and the last one).
    expect(queue.held).toBeLessThanOrEqual(2 * 1024 + 2);
    vi.advanceTimersByTime(1000);
    expect([longExpired, expired]).toEqual([true, []]);
    vi.advanceTimersByTime(49_999);
    expect(expired).toEqual([49_999]);
  });

  test("an expiry that adds a new invocation keeps the queue consistent", () => {
    vi.useFakeTimers({ now: 0 });
    const queue = new DeadlineQueue();
    const order: string[] = [];
    queue.add(10, () => {
      order.push("first");
      queue.add(Date.now() + 10, () => order.push("added by the first"));
    });
    queue.add(15, () => order.push("second"));
    vi.advanceTimersByTime(100);
    expect(order).toEqual(["first", "second", "added by the first"]);
  });
});
