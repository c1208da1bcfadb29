import { afterEach, describe, expect, test, vi } from "vitest";
import { type DeadlineEntry, DeadlineQueue } from "./_deadline-queue.ts";

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

// `held` is the array's length: what the queue keeps in memory, slots of dropped entries included.
describe("DeadlineQueue: what it holds", () => {
  /** A queue, and `add`s that record which expired. */
  function queueAt0(): { queue: DeadlineQueue; expired: string[]; add: (deadline: number, name: string) => DeadlineEntry } {
    vi.useFakeTimers({ now: 0 });
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    return { queue, expired, add: (deadline, name) => queue.add(deadline, () => expired.push(name)) };
  }

  /** Adds `count` entries at `deadline` and finishes each (`times` times). */
  function addFinished(queue: DeadlineQueue, count: number, deadline: number, times = 1): void {
    for (let i = 0; i < count; i++) {
      const entry = queue.add(deadline, () => {
        throw new Error("a finished entry expired");
      });
      for (let time = 0; time < times; time++) queue.finish(entry);
    }
  }

  test("a new queue holds nothing; once every entry finished or expired, nothing again", () => {
    const { queue, expired, add } = queueAt0();
    const held = [queue.held];
    const first = add(10, "first");
    add(20, "second");
    held.push(queue.held);
    queue.finish(first);
    held.push(queue.held);
    vi.advanceTimersByTime(20);
    held.push(queue.held);
    queue.finish(add(30, "finished"));
    held.push(queue.held);
    expect([held, expired]).toEqual([[0, 2, 2, 0, 0], ["second"]]);
  });

  test("equal deadlines expire in the order they were added, and one added out of order finds its place", () => {
    const { queue, expired, add } = queueAt0();
    add(10, "a");
    add(30, "c");
    add(20, "b1");
    add(20, "b2");
    add(25, "d");
    vi.advanceTimersByTime(100);
    expect([expired, queue.held]).toEqual([["a", "b1", "b2", "d", "c"], 0]);
  });

  test("arms the timer once per earliest deadline: not again for an equal one, nor for a finished one", () => {
    const { queue, expired, add } = queueAt0();
    const armed = vi.spyOn(globalThis, "setTimeout");
    add(10, "a");
    add(10, "a again");
    queue.finish(add(20, "finished"));
    add(30, "c");
    vi.advanceTimersByTime(100);
    expect([expired, armed.mock.calls.map(([, delay]) => delay)]).toEqual([
      ["a", "a again", "c"],
      [10, 20],
    ]);
  });

  test("its timer holds no process open (unref'd)", () => {
    const { add } = queueAt0();
    const armed = vi.spyOn(globalThis, "setTimeout");
    add(10, "a");
    expect(armed.mock.results.map((result) => (result.value as { hasRef(): boolean }).hasRef())).toEqual([false]);
  });

  test("finished entries behind a waiting one are dropped once more than 1024 wait, each counted once", () => {
    const { queue, add } = queueAt0();
    add(1000, "waiting");
    addFinished(queue, 1024, 2000, 2);
    const before = queue.held;
    addFinished(queue, 1, 2000, 2);
    expect([before, queue.held]).toEqual([1025, 1]);
  });

  test("finished entries are dropped only once they outnumber the waiting ones", () => {
    const { queue } = queueAt0();
    for (let i = 0; i < 1025; i++) queue.add(1000, () => {});
    addFinished(queue, 1025, 2000);
    const even = queue.held;
    addFinished(queue, 1, 2000);
    expect([even, queue.held]).toEqual([2050, 1025]);
  });

  test("entries dropped from the front do not count among the waiting ones", () => {
    const { queue } = queueAt0();
    const front = Array.from({ length: 20 }, () => queue.add(500, () => {}));
    for (let i = 0; i < 1000; i++) queue.add(1000, () => {});
    for (const entry of front) queue.finish(entry);
    addFinished(queue, 1024, 2000);
    const before = queue.held;
    addFinished(queue, 1, 2000);
    expect([before, queue.held]).toEqual([2044, 1000]);
  });

  test("the front of the array is cut once more than 1024 slots are dropped there and they are most of it", () => {
    const { queue, add } = queueAt0();
    const front = Array.from({ length: 1100 }, () => queue.add(500, () => {}));
    add(1000, "last");
    const held: number[] = [];
    front.forEach((entry, i) => {
      queue.finish(entry);
      if ([1, 600, 1024, 1025].includes(i + 1)) held.push(queue.held);
    });
    expect(held).toEqual([1101, 1101, 1101, 76]);
  });

  test("the front of the array stays while the entries behind it are most of it", () => {
    const { queue } = queueAt0();
    const front = Array.from({ length: 1025 }, () => queue.add(500, () => {}));
    for (let i = 0; i < 1025; i++) queue.add(1000, () => {});
    for (const entry of front) queue.finish(entry);
    expect(queue.held).toBe(2050);
  });

  test("finished entries the front passes over when another finishes stop counting", () => {
    const { queue, add } = queueAt0();
    const first = add(10, "first");
    addFinished(queue, 500, 20);
    add(100_000, "last");
    queue.finish(first);
    addFinished(queue, 30, 200_000);
    expect(queue.held).toBe(532);
  });

  test("finished entries the front passes over at an expiry stop counting", () => {
    const { queue, expired, add } = queueAt0();
    add(10, "first");
    addFinished(queue, 600, 20);
    add(100_000, "last");
    vi.advanceTimersByTime(10);
    addFinished(queue, 1, 200_000);
    expect([queue.held, expired]).toEqual([603, ["first"]]);
  });
});
