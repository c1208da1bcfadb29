import { getEventListeners } from "node:events";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  abortable,
  assertStoreArguments,
  assertStoreKey,
  assertTtl,
  assertValueSize,
  compareStoreKeys,
  encodeStoreValue,
  incremented,
  listArguments,
  updateByVersion,
  utf8Length,
  type VersionedAccess,
} from "../adapter.ts";
import { StoreConflictError, StoreUnsupportedError } from "../index.ts";

// The toolkit third-party stores are built on (`@fnport/core/adapter`), tested on its own: memory.test.ts reaches only
// what the memory store uses of it.

describe("argument checks", () => {
  test.each([5, undefined, null, ""])("assertStoreKey refuses %j", (key) => {
    expect(() => assertStoreKey(key as never)).toThrow(new TypeError("A store key must be a non-empty string"));
  });

  test("assertTtl takes a positive number or nothing, and refuses a numeric string", () => {
    expect(() => assertTtl(undefined)).not.toThrow();
    expect(() => assertTtl(0.001)).not.toThrow();
    expect(() => assertTtl("5" as never)).toThrow(new TypeError("ttlSeconds must be a positive number, got 5"));
  });

  test.each(["", 5, null])("assertStoreArguments refuses ifVersion %j", (ifVersion) => {
    expect(() => assertStoreArguments("k", { ifVersion: ifVersion as never })).toThrow(
      new TypeError("ifVersion must be a version from getVersioned"),
    );
  });

  test("assertStoreArguments takes a version from getVersioned, and checks the signal last", () => {
    expect(() => assertStoreArguments("k", { ifVersion: "0" })).not.toThrow();
    expect(() => assertStoreArguments("k", { signal: AbortSignal.abort(new Error("stop")) })).toThrow(new Error("stop"));
  });

  test("incremented counts from 0, and refuses a value that is a number only as text", () => {
    expect(incremented("k", undefined, 3)).toBe(3);
    expect(incremented("k", "-2", 3)).toBe(1);
    expect(() => incremented("k", '"5"', 1)).toThrow(new TypeError('Cannot increment "k": its value is not an integer'));
  });

  test("listArguments fills in the defaults and takes limit 1 and 1000", () => {
    expect(listArguments(undefined)).toEqual({ prefix: "", limit: 1000, cursor: undefined });
    expect(listArguments({ prefix: "p/", limit: 1, cursor: "p/a" })).toEqual({ prefix: "p/", limit: 1, cursor: "p/a" });
    expect(listArguments({ limit: 1000 })).toEqual({ prefix: "", limit: 1000, cursor: undefined });
  });

  test.each([5, true])("listArguments refuses prefix %j", (prefix) => {
    expect(() => listArguments({ prefix: prefix as never })).toThrow(new TypeError("list prefix must be a string"));
  });

  test.each(["", 5, null])("listArguments refuses cursor %j", (cursor) => {
    expect(() => listArguments({ cursor: cursor as never })).toThrow(new TypeError("list cursor must be the cursor of a previous page"));
  });
});

describe("encodeStoreValue", () => {
  test("takes an object without a prototype", () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(encodeStoreValue(bare)).toBe('{"a":1}');
  });

  test.each([
    [new ArrayBuffer(1), "value is an ArrayBuffer"],
    [new (class Order {})(), "value is an Order"],
    [Object.create(Object.create(null) as object) as object, "value is an object with a prototype"],
    [{ a: 1, b: "x", c: Number.NaN }, "value.c is NaN"],
    [{ a: [], b: { c: Number.POSITIVE_INFINITY } }, "value.b.c is Infinity"],
  ])("names the first part JSON cannot hold: %s", (value, problem) => {
    expect(() => encodeStoreValue(value as never)).toThrow(new TypeError(`A store value must be JSON: ${problem}`));
  });
});

describe("utf8Length", () => {
  test.each([
    ["", 0],
    ["a\u007F", 2],
    ["\u0080", 2],
    ["\u07FF", 2],
    ["\u0800", 3],
    ["\u0800\u0800", 6],
    ["\uD7FF", 3],
    ["\u{10000}", 4], // D800 DC00
    ["\u{10FFFF}", 4], // DBFF DFFF
    ["\uE000\uE000", 6],
    ["\uD800", 3], // a lone surrogate (never in JSON text): TextEncoder's U+FFFD
    ["a\uDC00", 4],
    ["\uFFFF", 3],
    ["aé€\u{1F600}b", 1 + 2 + 3 + 4 + 1],
  ])("%j is %i bytes, as TextEncoder counts", (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(new TextEncoder().encode(text).length).toBe(bytes);
  });
});

describe("assertValueSize", () => {
  test("takes JSON of exactly maxValueBytes bytes, refuses one byte more", () => {
    const json = JSON.stringify("ééééé"); // 7 code units, 12 bytes
    expect(() => assertValueSize("someStore", "k", json, 12)).not.toThrow();
    expect(() => assertValueSize("someStore", "k", json, 11)).toThrow(
      new StoreUnsupportedError("someStore", "set", 'the value of "k" is 12 bytes of JSON; it holds at most 11'),
    );
  });

  test("refuses ASCII JSON over the limit with a StoreUnsupportedError naming store, operation and sizes", () => {
    let thrown: unknown;
    try {
      assertValueSize("someStore", "big", "a".repeat(11), 10);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StoreUnsupportedError);
    expect(thrown).toMatchObject({
      name: "StoreUnsupportedError",
      store: "someStore",
      operation: "set",
      message: 'someStore cannot set: the value of "big" is 11 bytes of JSON; it holds at most 10',
    });
    expect(() => assertValueSize("someStore", "big", "a".repeat(10), 10)).not.toThrow();
  });
});

describe("compareStoreKeys", () => {
  test("sorts in code point order: below the surrogates, then E000–FFFF, then the supplementary planes", () => {
    const keys = ["\u{10000}", "\uFFFF", "\uE000", "\uD7FF", "a", "\u{10FFFF}", "ab", ""];
    expect(keys.toSorted(compareStoreKeys)).toEqual(["", "a", "ab", "\uD7FF", "\uE000", "\uFFFF", "\u{10000}", "\u{10FFFF}"]);
  });

  test.each([
    ["\uD7FF", "\uE000"],
    ["\uE000", "\u{10000}"],
    ["\uFFFF", "\u{10000}"],
    ["\uD7FF", "\u{10000}"],
    ["a", "ab"],
  ])("%j sorts before %j", (a, b) => {
    expect(compareStoreKeys(a, b)).toBeLessThan(0);
    expect(compareStoreKeys(b, a)).toBeGreaterThan(0);
    expect(compareStoreKeys(a, a)).toBe(0);
  });
});

describe("abortable", () => {
  const never = new Promise<never>(() => {});

  test("without a signal, settles like the promise", async () => {
    await expect(abortable(Promise.resolve(1), undefined)).resolves.toBe(1);
    await expect(abortable(Promise.reject(new Error("no")), undefined)).rejects.toThrow(new Error("no"));
  });

  test("with an aborted signal, rejects with its reason at once, even when the promise would resolve", async () => {
    const reason = new Error("already stopped");
    await expect(abortable(Promise.resolve(1), AbortSignal.abort(reason))).rejects.toBe(reason);
    await expect(abortable(never, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  test("rejects with the reason when the signal aborts while waiting, and leaves no listener", async () => {
    const controller = new AbortController();
    const waiting = abortable(never, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    const reason = new Error("stopped");
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, "abort")).toEqual([]);
  });

  test("resolves or rejects like the promise when the signal does not abort, and removes its listener", async () => {
    const controller = new AbortController();
    await expect(abortable(Promise.resolve("value"), controller.signal)).resolves.toBe("value");
    const error = new Error("the store failed");
    await expect(abortable(Promise.reject(error), controller.signal)).rejects.toBe(error);
    expect(getEventListeners(controller.signal, "abort")).toEqual([]);
  });
});

describe("updateByVersion", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** An access whose writes fail (another writer got there first) `conflicts` times, then succeed. */
  function conflictingAccess(conflicts: number): VersionedAccess & { writes: unknown[][] } {
    const writes: unknown[][] = [];
    return {
      writes,
      read: async () => ({ value: writes.length, version: `v${writes.length}` }),
      write: async (json, expectedVersion, ttlSeconds) => {
        writes.push([json, expectedVersion, ttlSeconds]);
        return writes.length > conflicts;
      },
    };
  }

  test.each([-1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY])("refuses retries %s before reading", async (retries) => {
    const access = conflictingAccess(0);
    await expect(updateByVersion("someStore", "k", () => 1, { retries }, access)).rejects.toThrow(
      new TypeError(`retries must be a non-negative integer, got ${retries}`),
    );
    expect(access.writes).toEqual([]);
  });

  test("retries 0 tries once", async () => {
    const access = conflictingAccess(1);
    const attempt = updateByVersion("someStore", "k", (n: number | undefined) => (n ?? 0) + 1, { retries: 0 }, access);
    await expect(attempt).rejects.toThrow(new StoreConflictError("someStore", "k", 1));
    await expect(attempt).rejects.toMatchObject({ name: "StoreConflictError", store: "someStore", operation: "update", key: "k" });
    expect(access.writes).toEqual([["1", "v0", undefined]]);
  });

  test("retries Infinity tries until it writes", async () => {
    const access = conflictingAccess(3);
    const options = { retries: Number.POSITIVE_INFINITY, ttlSeconds: 9 };
    await expect(updateByVersion("someStore", "k", (n: number | undefined) => (n ?? 0) * 10, options, access)).resolves.toBe(30);
    expect(access.writes).toEqual([
      ["0", "v0", 9],
      ["10", "v1", 9],
      ["20", "v2", 9],
      ["30", "v3", 9],
    ]);
  });

  test("waits a random share of a doubling while between attempts, at most 250 ms", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const delays: unknown[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, ms: number) => {
      delays.push(ms);
      return realSetTimeout(callback, 0);
    }) as typeof setTimeout);
    const access = conflictingAccess(100);
    await expect(updateByVersion("someStore", "k", () => 1, { retries: 9 }, access)).rejects.toThrow(
      new StoreConflictError("someStore", "k", 10),
    );
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 125, 125]);
  });
});
