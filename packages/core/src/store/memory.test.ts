import { describe, expect, test } from "vitest";
import { type KeyValueStore, memoryStore, StoreConflictError } from "../index.ts";

/** A memory store on a clock the test moves. */
function storeWithClock(start = 1_000_000): { store: KeyValueStore; clock: { now: number } } {
  const clock = { now: start };
  return { store: memoryStore({ now: () => clock.now }), clock };
}

describe("memoryStore", () => {
  test("declares its name, strong consistency, atomic conditional writes and no size limit", () => {
    const store = memoryStore();
    expect([store.name, store.consistency, store.atomicConditionalWrites, store.maxValueBytes]).toEqual([
      "memoryStore",
      "strong",
      true,
      Number.POSITIVE_INFINITY,
    ]);
  });

  test("gets what was set, overwrites, and deletes", async () => {
    const { store } = storeWithClock();
    expect(await store.get("k")).toBeUndefined();
    expect(await store.set("k", "v1")).toBe(true);
    expect(await store.get("k")).toBe("v1");
    expect(await store.set("k", { v: 2 })).toBe(true);
    expect(await store.get("k")).toEqual({ v: 2 });
    expect(await store.delete("k")).toBe(true);
    expect(await store.get("k")).toBeUndefined();
    await expect(store.delete("never-set")).resolves.toBe(true);
  });

  test("keeps JSON, not the object: later changes to it or to what get returned do not leak in", async () => {
    const store = memoryStore();
    const value = { list: [1, 2], nested: { a: "b" } };
    await store.set("k", value);
    value.list.push(3);
    const read = await store.get<typeof value>("k");
    expect(read).toEqual({ list: [1, 2], nested: { a: "b" } });
    read?.list.push(4);
    expect(await store.get("k")).toEqual({ list: [1, 2], nested: { a: "b" } });
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
    expect(await store.getVersioned("k")).toBeUndefined();
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

  test("ifVersion writes and deletes only at the version read", async () => {
    const store = memoryStore();
    await store.set("k", 1);
    const read = await store.getVersioned("k");
    expect(read?.value).toBe(1);
    await store.set("k", 2);
    expect(await store.set("k", 3, { ifVersion: read?.version })).toBe(false);
    expect(await store.delete("k", { ifVersion: read?.version })).toBe(false);
    expect(await store.get("k")).toBe(2);
    const fresh = await store.getVersioned("k");
    expect(fresh?.version).not.toBe(read?.version);
    expect(await store.set("k", 3, { ifVersion: fresh?.version })).toBe(true);
    expect(await store.set("k", 4, { ifVersion: fresh?.version })).toBe(false);
    const last = await store.getVersioned("k");
    expect(await store.delete("k", { ifVersion: last?.version })).toBe(true);
    expect(await store.set("k", 5, { ifVersion: last?.version })).toBe(false);
    expect(await store.get("k")).toBeUndefined();
  });

  test("a key deleted and set again has a new version (no ABA)", async () => {
    const store = memoryStore();
    await store.set("k", "same");
    const before = await store.getVersioned("k");
    await store.delete("k");
    await store.set("k", "same");
    expect(await store.set("k", "changed", { ifVersion: before?.version })).toBe(false);
  });

  test("increment starts from 0, adds by n (negative too) and resolves to the new value", async () => {
    const { store } = storeWithClock();
    expect(await store.increment("n")).toBe(1);
    expect(await store.increment("n", 5)).toBe(6);
    expect(await store.increment("n", -10)).toBe(-4);
    expect(await store.get("n")).toBe(-4);
    await store.set("m", 41);
    expect(await store.increment("m")).toBe(42);
  });

  test("concurrent increments all count", async () => {
    const store = memoryStore();
    await Promise.all(Array.from({ length: 50 }, () => store.increment("n")));
    expect(await store.get("n")).toBe(50);
  });

  test("increment keeps the key's expiry, and starts again from 0 after it", async () => {
    const { store, clock } = storeWithClock();
    await store.set("n", 1, { ttlSeconds: 10 });
    clock.now += 6_000;
    expect(await store.increment("n", 1, { ttlSeconds: 100 })).toBe(2);
    clock.now += 3_999;
    expect(await store.get("n")).toBe(2);
    clock.now += 1;
    expect(await store.get("n")).toBeUndefined();
    expect(await store.increment("n")).toBe(1);
    clock.now += 1_000_000;
    expect(await store.get("n")).toBe(1);
  });

  test("increment's ttlSeconds sets the expiry of the key it creates", async () => {
    const { store, clock } = storeWithClock();
    expect(await store.increment("rate", 1, { ttlSeconds: 60 })).toBe(1);
    clock.now += 59_999;
    expect(await store.increment("rate", 1, { ttlSeconds: 60 })).toBe(2);
    clock.now += 1;
    expect(await store.get("rate")).toBeUndefined();
  });

  test.each(["abc", "1", 1.5, true, null, { n: 1 }])("increment rejects the non-integer value %j", async (value) => {
    const store = memoryStore();
    await store.set("k", value);
    await expect(store.increment("k")).rejects.toThrow(new TypeError('Cannot increment "k": its value is not an integer'));
    expect(await store.get("k")).toEqual(value);
  });

  test("increment refuses to pass Number.MAX_SAFE_INTEGER and writes nothing", async () => {
    const store = memoryStore();
    await store.set("k", Number.MAX_SAFE_INTEGER - 1);
    await expect(store.increment("k", 2)).rejects.toThrow(
      new RangeError('Cannot increment "k": the result would pass Number.MAX_SAFE_INTEGER'),
    );
    expect(await store.get("k")).toBe(Number.MAX_SAFE_INTEGER - 1);
  });

  test.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("increment rejects by = %s", async (by) => {
    const store = memoryStore();
    await expect(store.increment("k", by)).rejects.toThrow(new TypeError(`increment expects an integer, got ${by}`));
    expect(await store.get("k")).toBeUndefined();
  });

  test("update reads, writes what fn returns, and keeps the expiry unless given ttlSeconds", async () => {
    const { store, clock } = storeWithClock();
    expect(await store.update<number[]>("list", (current) => [...(current ?? []), 1])).toEqual([1]);
    expect(await store.update<number[]>("list", (current) => [...(current ?? []), 2])).toEqual([1, 2]);
    await store.set("session", { n: 0 }, { ttlSeconds: 10 });
    await store.update<{ n: number }>("session", (current) => ({ n: (current?.n ?? 0) + 1 }));
    clock.now += 10_000;
    expect(await store.get("session")).toBeUndefined();
    await store.set("session", { n: 0 }, { ttlSeconds: 10 });
    await store.update<{ n: number }>("session", () => ({ n: 5 }), { ttlSeconds: 20 });
    clock.now += 19_999;
    expect(await store.get("session")).toEqual({ n: 5 });
  });

  test("concurrent updates with an await inside lose nothing", async () => {
    const store = memoryStore();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.update<number[]>("ids", async (current) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          return [...(current ?? []), i];
        }),
      ),
    );
    const ids = (await store.get<number[]>("ids")) ?? [];
    expect(ids.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  test("update gives up with a StoreConflictError after `retries` conflicts", async () => {
    const store = memoryStore();
    let calls = 0;
    const attempt = store.update(
      "k",
      async (current: number | undefined) => {
        calls++;
        await store.set("k", calls * 100); // another writer changes the key while fn runs
        return (current ?? 0) + 1;
      },
      { retries: 2 },
    );
    await expect(attempt).rejects.toThrow(new StoreConflictError("memoryStore", "k", 3));
    await expect(attempt).rejects.toThrow('memoryStore update of "k" gave up after 3 attempts: the key changed each time');
    expect([calls, await store.get("k")]).toEqual([3, 300]);
  });

  test("lists keys with a prefix in code point order, in pages, leaving out expired ones", async () => {
    const { store, clock } = storeWithClock();
    const keys = ["p/b", "p/a", "p/\u{1F600}", "p/\uFFFF", "p/a/1", "q/x", "p", "p/é"];
    for (const key of keys) await store.set(key, key);
    await store.set("p/gone", 1, { ttlSeconds: 1 });
    clock.now += 1000;
    // Code point order: U+FFFF sorts before U+1F600 (UTF-16 code units would say the opposite).
    expect(await store.list({ prefix: "p/" })).toEqual({ keys: ["p/a", "p/a/1", "p/b", "p/é", "p/\uFFFF", "p/\u{1F600}"] });
    const first = await store.list({ prefix: "p/", limit: 4 });
    expect(first).toEqual({ keys: ["p/a", "p/a/1", "p/b", "p/é"], cursor: "p/é" });
    expect(await store.list({ prefix: "p/", limit: 4, cursor: first.cursor })).toEqual({ keys: ["p/\uFFFF", "p/\u{1F600}"] });
    expect(await store.list({ prefix: "p/", limit: 2, cursor: "p/\uFFFF" })).toEqual({ keys: ["p/\u{1F600}"] });
    expect((await store.list()).keys).toEqual(["p", "p/a", "p/a/1", "p/b", "p/é", "p/\uFFFF", "p/\u{1F600}", "q/x"]);
  });

  test.each([0, 1001, 1.5])("list rejects limit %s", async (limit) => {
    await expect(memoryStore().list({ limit })).rejects.toThrow(
      new TypeError(`list limit must be an integer from 1 to 1000, got ${limit}`),
    );
  });

  test.each(["get", "getVersioned", "delete", "increment"] as const)("%s rejects an empty key with a TypeError", async (method) => {
    await expect(memoryStore()[method]("")).rejects.toThrow(new TypeError("A store key must be a non-empty string"));
  });

  test("rejects a key with a lone surrogate: UTF-8 cannot hold it", async () => {
    await expect(memoryStore().set("a\uD800b", 1)).rejects.toThrow(
      new TypeError('A store key must be well-formed Unicode: "a\\ud800b" has a lone surrogate'),
    );
  });

  test.each([
    [undefined, "value is undefined"],
    [Number.NaN, "value is NaN"],
    [{ a: [1, Number.POSITIVE_INFINITY] }, "value.a[1] is Infinity"],
    [{ when: new Date(0) }, "value.when is a Date"],
    [{ "odd key": new Map() }, 'value["odd key"] is a Map'],
    [[1, () => 1], "value[1] is a function"],
    [{ big: 10n }, "value.big is a BigInt"],
    [[undefined], "value[0] is undefined"],
    // biome-ignore lint/suspicious/noSparseArray: a hole is what this case is about
    [[1, , 3], "value[1] is a hole in the array"],
    [new Uint8Array(2), "value is a Uint8Array"],
    [{ s: Symbol("x") }, "value.s is a symbol"],
  ])("set refuses %s, which JSON cannot give back exactly, and writes nothing", async (value, problem) => {
    const store = memoryStore();
    await expect(store.set("k", value as never)).rejects.toThrow(new TypeError(`A store value must be JSON: ${problem}`));
    expect(await store.get("k")).toBeUndefined();
  });

  test("set refuses a cycle", async () => {
    const value: Record<string, unknown> = { a: {} };
    (value.a as Record<string, unknown>).back = value;
    await expect(memoryStore().set("k", value)).rejects.toThrow(
      new TypeError("A store value must be JSON: value.a.back refers back to itself (a cycle)"),
    );
  });

  test("set keeps a shared (non-cyclic) object twice, and leaves out undefined properties as JSON does", async () => {
    const store = memoryStore();
    const shared = { x: 1 };
    await store.set("k", { a: shared, b: shared, gone: undefined, list: [null] });
    expect(JSON.stringify(await store.get("k"))).toBe('{"a":{"x":1},"b":{"x":1},"list":[null]}');
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("set rejects ttlSeconds %s", async (ttlSeconds) => {
    const store = memoryStore();
    await expect(store.set("k", "v", { ttlSeconds })).rejects.toThrow(
      new TypeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`),
    );
    expect(await store.get("k")).toBeUndefined();
  });

  test("set rejects ifAbsent with ifVersion", async () => {
    await expect(memoryStore().set("k", 1, { ifAbsent: true, ifVersion: "1" })).rejects.toThrow(
      new TypeError("ifAbsent and ifVersion cannot be used together"),
    );
  });

  test("every operation rejects with the reason of an aborted signal and writes nothing", async () => {
    const store = memoryStore();
    const signal = AbortSignal.abort(new Error("stop"));
    await expect(store.set("k", 1, { signal })).rejects.toThrow("stop");
    await expect(store.get("k", { signal })).rejects.toThrow("stop");
    await expect(store.getVersioned("k", { signal })).rejects.toThrow("stop");
    await expect(store.increment("k", 1, { signal })).rejects.toThrow("stop");
    await expect(store.update("k", () => 1, { signal })).rejects.toThrow("stop");
    await expect(store.delete("k", { signal })).rejects.toThrow("stop");
    await expect(store.list({ signal })).rejects.toThrow("stop");
    expect(await store.get("k")).toBeUndefined();
  });
});

describe("memoryStore edge cases", () => {
  test("get and getVersioned take options without a signal", async () => {
    const store = memoryStore();
    await store.set("k", 1);
    expect(await store.get("k", {})).toBe(1);
    expect(await store.getVersioned("k", {})).toEqual({ value: 1, version: "1" });
  });

  test("delete with ifVersion of an absent key deletes nothing and resolves false", async () => {
    const store = memoryStore();
    expect(await store.delete("absent", { ifVersion: "1" })).toBe(false);
  });

  test("a page of exactly limit keys is the last: no cursor", async () => {
    const store = memoryStore();
    await store.set("a", 1);
    await store.set("b", 2);
    expect(await store.list({ limit: 2 })).toStrictEqual({ keys: ["a", "b"] });
    expect(await store.list({ limit: 1 })).toStrictEqual({ keys: ["a"], cursor: "a" });
  });
});
