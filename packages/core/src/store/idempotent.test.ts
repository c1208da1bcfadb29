import { afterEach, describe, expect, test, vi } from "vitest";
import { forEachMessage, idempotent, type KeyValueStore, type Message, memoryStore, StoreUnsupportedError } from "../index.ts";
import { messagesEvent } from "../testing.ts";

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Method = "get" | "getVersioned" | "set" | "delete";

/**
 * A memory store that records each call made to it; `after[method]` runs once, right after the next such call
 * (another run acting in between), before its result is returned.
 */
function recordingStore(clock?: { now: number }) {
  const inner = memoryStore(clock === undefined ? {} : { now: () => clock.now });
  const calls: unknown[][] = [];
  const after: Partial<Record<Method, () => Promise<unknown>>> = {};
  const record = async <T>(method: Method, args: unknown[], result: Promise<T>): Promise<T> => {
    calls.push([method, ...args]);
    const value = await result;
    const hook = after[method];
    delete after[method];
    await hook?.();
    return value;
  };
  const store: KeyValueStore = {
    ...inner,
    get: ((key, options) => record("get", [key, options], inner.get(key, options))) as KeyValueStore["get"],
    getVersioned: ((key, options) =>
      record("getVersioned", [key, options], inner.getVersioned(key, options))) as KeyValueStore["getVersioned"],
    set: (key, value, options) => record("set", [key, value, options], inner.set(key, value, options)),
    delete: (key, options) => record("delete", [key, options], inner.delete(key, options)),
  };
  /** The token of the `n`th running marker set (0: the first run's). */
  const token = (n: number): string =>
    (
      calls.filter((call) => call[0] === "set" && (call[2] as { state: string }).state === "running")[n] as [
        string,
        string,
        { token: string },
      ]
    )[2].token;
  return { store, inner, calls, after, token };
}

/** Records the delay of every `setTimeout`, and runs each at once; `onDelay` sees the delays so far. */
function recordDelays(onDelay: (delays: number[]) => void = () => {}): number[] {
  const delays: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, ms: number) => {
    delays.push(ms);
    onDelay(delays);
    return realSetTimeout(callback, 0);
  }) as typeof setTimeout);
  return delays;
}

describe("idempotent", () => {
  test("runs fn once per key; a later call gets the stored result without running it", async () => {
    const store = memoryStore();
    let runs = 0;
    const charge = () => idempotent(store, { key: "order-1" }, async () => ({ charged: ++runs }));
    expect(await charge()).toEqual({ charged: 1 });
    expect(await charge()).toEqual({ charged: 1 });
    expect(runs).toBe(1);
    expect(await store.get("idempotent:order-1")).toEqual({ state: "done", result: { charged: 1 } });
  });

  test("concurrent duplicates run fn once and all get its result", async () => {
    const store = memoryStore();
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        idempotent(store, { key: "k" }, async () => {
          runs++;
          await tick(30);
          return "done once";
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(results).toEqual(Array.from({ length: 20 }, () => "done once"));
  });

  test("a failed run is not remembered: the next call runs fn again", async () => {
    const store = memoryStore();
    let runs = 0;
    const attempt = () =>
      idempotent(store, { key: "k" }, async () => {
        runs++;
        if (runs === 1) throw new Error("first try fails");
        return runs;
      });
    await expect(attempt()).rejects.toThrow("first try fails");
    expect(await store.get("idempotent:k")).toBeUndefined();
    expect(await attempt()).toBe(2);
    expect(await attempt()).toBe(2);
  });

  test("a duplicate waiting on a run that fails then runs fn itself", async () => {
    const store = memoryStore();
    let runs = 0;
    const fn = async () => {
      runs++;
      await tick(20);
      if (runs === 1) throw new Error("first run fails");
      return `run ${runs}`;
    };
    const [first, second] = await Promise.allSettled([idempotent(store, { key: "k" }, fn), idempotent(store, { key: "k" }, fn)]);
    expect(first).toMatchObject({ status: "rejected", reason: new Error("first run fails") });
    expect(second).toEqual({ status: "fulfilled", value: "run 2" });
  });

  test("a crashed run's marker expires after inProgressSeconds, then a retry runs", async () => {
    const clock = { now: 0 };
    const store = memoryStore({ now: () => clock.now });
    void idempotent(store, { key: "k", inProgressSeconds: 30 }, () => new Promise(() => {})); // never finishes: the instance died
    await tick();
    expect(await store.get("idempotent:k")).toMatchObject({ state: "running" });
    clock.now += 30_000;
    expect(await idempotent(store, { key: "k", inProgressSeconds: 30 }, () => "retried")).toBe("retried");
  });

  test("the result is remembered for ttlSeconds", async () => {
    const clock = { now: 0 };
    const store = memoryStore({ now: () => clock.now });
    let runs = 0;
    const run = () => idempotent(store, { key: "k", ttlSeconds: 60 }, () => ++runs);
    await run();
    clock.now += 59_999;
    expect(await run()).toBe(1);
    clock.now += 1;
    expect(await run()).toBe(2);
  });

  test("undefined results are remembered too", async () => {
    const store = memoryStore();
    let runs = 0;
    await idempotent(store, { key: "k" }, () => {
      runs++;
    });
    expect(await idempotent(store, { key: "k" }, () => "never")).toBeUndefined();
    expect(runs).toBe(1);
  });

  test("a result JSON cannot hold rejects with a TypeError and is not remembered", async () => {
    const store = memoryStore();
    await expect(idempotent(store, { key: "k" }, () => new Date(0))).rejects.toThrow(
      new TypeError("A store value must be JSON: value is a Date"),
    );
    expect(await store.get("idempotent:k")).toBeUndefined();
  });

  test("a duplicate stops waiting when its signal aborts", async () => {
    const store = memoryStore();
    void idempotent(store, { key: "k" }, () => new Promise(() => {}));
    await tick();
    const waiting = idempotent(store, { key: "k", signal: AbortSignal.timeout(50) }, () => "never");
    await expect(waiting).rejects.toMatchObject({ name: "TimeoutError" });
  });

  test("refuses a store without atomic conditional writes, naming it", async () => {
    const eventual: KeyValueStore = { ...memoryStore(), name: "someKvStore", atomicConditionalWrites: false };
    const message =
      "someKvStore cannot idempotent: its conditional writes are not atomic, so two duplicates could both run; use a store with atomicConditionalWrites (Redis, DynamoDB, a Durable Object)";
    const refused = idempotent(eventual, { key: "k" }, () => 1);
    await expect(refused).rejects.toThrow(message);
    await expect(refused).rejects.toBeInstanceOf(StoreUnsupportedError);
    await expect(refused).rejects.toMatchObject({ store: "someKvStore", operation: "idempotent" });
    expect(() => idempotent(eventual, {}, (message: Message) => message.id)).toThrow(message);
  });

  test("per message inside forEachMessage: the message id is the key, each effect happens once across duplicate batches", async () => {
    const store = memoryStore();
    const effects: string[] = [];
    const batch = () =>
      messagesEvent({
        messages: [
          { id: "a", body: "A" },
          { id: "b", body: "B" },
          { id: "c", body: "fail" },
        ],
      });
    let failures = 0;
    const handle = idempotent(store, {}, async (message: Message) => {
      const body = await message.text();
      await tick(10);
      if (body === "fail" && failures++ === 0) throw new Error("c fails once");
      effects.push(message.id);
    });
    const results = await Promise.all([1, 2, 3].map(() => forEachMessage(batch(), handle, { onError: () => {} })));
    expect(effects.toSorted()).toEqual(["a", "b", "c"]);
    // The delivery whose run of "c" failed reports it failed; duplicates waiting on it ran it themselves.
    expect(results.flatMap((result) => (result as { failed: string[] }).failed)).toEqual(["c"]);
    expect(await forEachMessage(batch(), handle)).toEqual({ failed: [] });
    expect(effects.toSorted()).toEqual(["a", "b", "c"]);
  });

  test("per message with a key of your own", async () => {
    const store = memoryStore();
    const handle = idempotent(
      store,
      { key: (message: Message) => `order:${message.attributes.orderId}` },
      (message: Message) => message.id,
    );
    const event = messagesEvent({ messages: [{ id: "first", body: "", attributes: { orderId: "7" } }] });
    const again = messagesEvent({ messages: [{ id: "resent", body: "", attributes: { orderId: "7" } }] });
    expect(await handle(event.messages[0] as Message)).toBe("first");
    expect(await handle(again.messages[0] as Message)).toBe("first");
  });
});

describe("idempotent's calls to the store", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test("claims the key for inProgressSeconds, then replaces its own marker, at its version, with the result for ttlSeconds", async () => {
    const { store, calls, token } = recordingStore();
    const signal = new AbortController().signal;
    expect(await idempotent(store, { key: "k", ttlSeconds: 100, inProgressSeconds: 30, signal }, () => 7)).toBe(7);
    expect(token(0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(calls).toStrictEqual([
      ["set", "idempotent:k", { state: "running", token: token(0) }, { ifAbsent: true, ttlSeconds: 30, signal }],
      ["getVersioned", "idempotent:k", undefined],
      ["set", "idempotent:k", { state: "done", result: 7 }, { ifVersion: "1", ttlSeconds: 100 }],
    ]);
    const first = token(0);
    calls.length = 0; // a duplicate, under a token of its own
    expect(await idempotent(store, { key: "k", signal }, () => 8)).toBe(7);
    expect(token(0)).not.toBe(first);
    expect(calls).toStrictEqual([
      ["set", "idempotent:k", { state: "running", token: token(0) }, { ifAbsent: true, ttlSeconds: 60, signal }],
      ["get", "idempotent:k", { signal }],
    ]);
  });

  test("an undefined result is stored as a done marker without a result", async () => {
    const { store, calls } = recordingStore();
    expect(await idempotent(store, { key: "k" }, () => undefined)).toBeUndefined();
    expect(calls[2]).toStrictEqual(["set", "idempotent:k", { state: "done" }, { ifVersion: "1", ttlSeconds: 86_400 }]);
  });

  test("a failed run deletes its own marker at its version", async () => {
    const { store, calls, token } = recordingStore();
    await expect(
      idempotent(store, { key: "k" }, () => {
        throw new Error("failed");
      }),
    ).rejects.toThrow(new Error("failed"));
    expect(calls).toStrictEqual([
      ["set", "idempotent:k", { state: "running", token: token(0) }, { ifAbsent: true, ttlSeconds: 60, signal: undefined }],
      ["getVersioned", "idempotent:k", undefined],
      ["delete", "idempotent:k", { ifVersion: "1" }],
    ]);
  });

  test("a run that outlasts inProgressSeconds still stores its result, only if the key is still absent", async () => {
    const clock = { now: 0 };
    const { store, calls } = recordingStore(clock);
    const late = () => {
      clock.now += 30_000;
      return "late";
    };
    expect(await idempotent(store, { key: "k", inProgressSeconds: 30, ttlSeconds: 100 }, late)).toBe("late");
    expect(calls.slice(1)).toStrictEqual([
      ["getVersioned", "idempotent:k", undefined],
      ["set", "idempotent:k", { state: "done", result: "late" }, { ifAbsent: true, ttlSeconds: 100 }],
    ]);
    expect(await idempotent(store, { key: "k" }, () => "again")).toBe("late");
    clock.now += 100_000;
    expect(await idempotent(store, { key: "k" }, () => "again")).toBe("again");
  });

  test("a late run leaves the key to a run that took it between its read and its write", async () => {
    const clock = { now: 0 };
    const { store, inner, after } = recordingStore(clock);
    const other = { state: "running", token: "another run" };
    after.getVersioned = () => inner.set("idempotent:k", other);
    const late = () => {
      clock.now += 60_000;
      return "late";
    };
    expect(await idempotent(store, { key: "k" }, late)).toBe("late");
    expect(await inner.get("idempotent:k")).toEqual(other);
  });

  test("a run that fails after its marker expired rejects with its own error and deletes nothing", async () => {
    const clock = { now: 0 };
    const { store, calls } = recordingStore(clock);
    const failsLate = () => {
      clock.now += 60_000;
      throw new Error("failed late");
    };
    await expect(idempotent(store, { key: "k" }, failsLate)).rejects.toThrow(new Error("failed late"));
    expect(calls.map((call) => call[0])).toEqual(["set", "getVersioned"]);
  });

  test.each(["returns", "fails"])("a late run that %s leaves alone the marker of the run that took the key", async (ending) => {
    const clock = { now: 0 };
    const { store, token } = recordingStore(clock);
    const late = async () => {
      clock.now += 60_000;
      void idempotent(store, { key: "k" }, () => new Promise(() => {})); // took the expired key, still running
      await tick();
      if (ending === "fails") throw new Error("failed late");
      return "late";
    };
    await idempotent(store, { key: "k" }, late).catch(() => {});
    expect(token(1)).not.toBe(token(0));
    expect(await store.get("idempotent:k")).toEqual({ state: "running", token: token(1) });
  });

  test("a late run leaves alone the result of the run that took the key", async () => {
    const clock = { now: 0 };
    const { store } = recordingStore(clock);
    const late = async () => {
      clock.now += 60_000;
      expect(await idempotent(store, { key: "k" }, () => "other")).toBe("other");
      return "late";
    };
    expect(await idempotent(store, { key: "k" }, late)).toBe("late");
    expect(await store.get("idempotent:k")).toEqual({ state: "done", result: "other" });
  });

  test("a duplicate waits 10 ms, then half as long again each time, at most a second", async () => {
    const { store, inner } = recordingStore();
    await inner.set("idempotent:k", { state: "running", token: "a crashed run" });
    const delays = recordDelays((sofar) => {
      if (sofar.length === 14) void inner.delete("idempotent:k"); // the crashed run's marker expires
    });
    expect(await idempotent(store, { key: "k" }, () => "ran")).toBe("ran");
    const expected = [10, 15, 22.5, 33.75, 50.625, 75.9375, 113.90625, 170.859375, 256.2890625, 384.43359375];
    expect(delays).toEqual([...expected, 576.650390625, 864.9755859375, 1000, 1000]);
  });

  test("a duplicate that finds the marker gone when it looks runs at once, without waiting", async () => {
    const { store, inner, after } = recordingStore();
    await inner.set("idempotent:k", { state: "running", token: "a failing run" });
    after.set = () => inner.delete("idempotent:k"); // the run failed between our claim and our look
    const delays = recordDelays();
    expect(await idempotent(store, { key: "k" }, () => "ran")).toBe("ran");
    expect(delays).toEqual([]);
  });
});
