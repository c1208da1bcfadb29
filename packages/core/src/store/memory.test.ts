import { describe, expect, test } from "vitest";
import { assertIncrement, assertStoreArguments } from "../adapter.ts";
import { type KeyValueStore, memoryStore } from "../index.ts";

/** A memory store on a clock the test moves. */
function storeWithClock(start = 1_000_000): { store: KeyValueStore; clock: { now: number } } {
  const clock = { now: start };
  return { store: memoryStore({ now: () => clock.now }), clock };
}

describe("memoryStore", () => {
  test("declares strong consistency and atomic conditional writes", () => {
    const store = memoryStore();
    expect([store.consistency, store.atomicConditionalWrites]).toEqual(["strong", true]);
  });

  test("gets what was set, overwrites, and deletes", async () => {
    const { store } = storeWithClock();
    expect(await store.get("k")).toBeUndefined();
    expect(await store.set("k", "v1")).toBe(true);
    expect(await store.get("k")).toBe("v1");
    expect(await store.set("k", "v2")).toBe(true);
    expect(await store.get("k")).toBe("v2");
    expect(await store.delete("k")).toBeUndefined();
    expect(await store.get("k")).toBeUndefined();
    await expect(store.delete("never-set")).resolves.toBeUndefined();
  });

  test("stores are separate", async () => {
    const [a, b] = [memoryStore(), memoryStore()];
    await a.set("k", "a");
    expect(await b.get("k")).toBeUndefined();
  });

  test("expires a key ttlSeconds after it was set", async () => {
    const { store, clock } = storeWithClock();
    await store.set("k", "v", { ttlSeconds: 10 });
    clock.now += 9_999;
    expect(await store.get("k")).toBe("v");
    clock.now += 1;
    expect(await store.get("k")).toBeUndefined();
  });

  test("takes a fractional ttlSeconds", async () => {
    const { store, clock } = storeWithClock();
    await store.set("k", "v", { ttlSeconds: 0.5 });
    clock.now += 499;
    expect(await store.get("k")).toBe("v");
    clock.now += 1;
    expect(await store.get("k")).toBeUndefined();
  });

  test("a set without ttlSeconds clears an earlier expiry", async () => {
    const { store, clock } = storeWithClock();
    await store.set("k", "v", { ttlSeconds: 1 });
    await store.set("k", "w");
    clock.now += 60_000;
    expect(await store.get("k")).toBe("w");
  });

  test("ifAbsent writes only when the key is absent or expired", async () => {
    const { store, clock } = storeWithClock();
    expect(await store.set("k", "first", { ifAbsent: true, ttlSeconds: 5 })).toBe(true);
    expect(await store.set("k", "second", { ifAbsent: true })).toBe(false);
    expect(await store.get("k")).toBe("first");
    clock.now += 5_000;
    expect(await store.set("k", "third", { ifAbsent: true })).toBe(true);
    expect(await store.get("k")).toBe("third");
    expect(await store.set("k", "forced", { ifAbsent: false })).toBe(true);
    expect(await store.get("k")).toBe("forced");
  });

  test("concurrent ifAbsent sets: exactly one wins", async () => {
    const store = memoryStore();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.set("lock", `owner-${i}`, { ifAbsent: true })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get("lock")).toBe(`owner-${results.indexOf(true)}`);
  });

  test("increment starts from 0, adds by n (negative too) and resolves to the new value", async () => {
    const { store } = storeWithClock();
    expect(await store.increment("n")).toBe(1);
    expect(await store.increment("n", 5)).toBe(6);
    expect(await store.increment("n", -10)).toBe(-4);
    expect(await store.get("n")).toBe("-4");
    await store.set("m", "41");
    expect(await store.increment("m")).toBe(42);
  });

  test("concurrent increments all count", async () => {
    const store = memoryStore();
    await Promise.all(Array.from({ length: 50 }, () => store.increment("n")));
    expect(await store.get("n")).toBe("50");
  });

  test("increment keeps the key's expiry, and starts again from 0 after it", async () => {
    const { store, clock } = storeWithClock();
    await store.set("n", "1", { ttlSeconds: 10 });
    clock.now += 6_000;
    expect(await store.increment("n")).toBe(2);
    clock.now += 3_999;
    expect(await store.get("n")).toBe("2");
    clock.now += 1;
    expect(await store.get("n")).toBeUndefined();
    expect(await store.increment("n")).toBe(1);
    clock.now += 1_000_000;
    expect(await store.get("n")).toBe("1");
  });

  test.each(["abc", "1.5", "", " 1", "1e3", "9007199254740993"])("increment rejects the non-integer value %j", async (value) => {
    const store = memoryStore();
    await store.set("k", value);
    await expect(store.increment("k")).rejects.toThrow(new TypeError('Cannot increment "k": its value is not an integer'));
    expect(await store.get("k")).toBe(value);
  });

  test.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("increment rejects by = %s", async (by) => {
    const store = memoryStore();
    await expect(store.increment("k", by)).rejects.toThrow(new TypeError(`increment expects an integer, got ${by}`));
    expect(await store.get("k")).toBeUndefined();
  });

  test.each(["get", "delete", "increment"] as const)("%s rejects an empty key with a TypeError", async (method) => {
    await expect(memoryStore()[method]("")).rejects.toThrow(new TypeError("A store key must be a non-empty string"));
  });

  test("set rejects an empty or non-string key and a non-string value", async () => {
    const store = memoryStore();
    await expect(store.set("", "v")).rejects.toThrow(new TypeError("A store key must be a non-empty string"));
    await expect(store.set(1 as never, "v")).rejects.toThrow(new TypeError("A store key must be a non-empty string"));
    await expect(store.set("k", { a: 1 } as never)).rejects.toThrow(
      new TypeError("A store value must be a string (JSON-encode other values)"),
    );
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("set rejects ttlSeconds %s", async (ttlSeconds) => {
    const store = memoryStore();
    await expect(store.set("k", "v", { ttlSeconds })).rejects.toThrow(
      new TypeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`),
    );
    expect(await store.get("k")).toBeUndefined();
  });
});

describe("store argument checks for other stores", () => {
  test("assertStoreArguments accepts a key with or without a positive ttl", () => {
    expect(() => assertStoreArguments("k")).not.toThrow();
    expect(() => assertStoreArguments("k", { ttlSeconds: 1, ifAbsent: true })).not.toThrow();
    expect(() => assertStoreArguments("k", { ttlSeconds: -5 })).toThrow(new TypeError("ttlSeconds must be a positive number, got -5"));
  });

  test("assertIncrement accepts safe integers only", () => {
    expect(() => assertIncrement(-3)).not.toThrow();
    expect(() => assertIncrement(0.1)).toThrow(new TypeError("increment expects an integer, got 0.1"));
  });
});
