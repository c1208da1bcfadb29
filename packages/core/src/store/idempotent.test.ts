import { describe, expect, test } from "vitest";
import { forEachMessage, idempotent, type KeyValueStore, type Message, memoryStore, StoreUnsupportedError } from "../index.ts";
import { messagesEvent } from "../testing.ts";

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
