// The suite's own test: a store with one defect must fail the check written for it.
import { type KeyValueStore, memoryStore } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { runStoreConformance } from "./run.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A memory store with some operations replaced. */
function broken(change: (base: KeyValueStore) => Partial<KeyValueStore>): KeyValueStore {
  const base = memoryStore();
  return { ...base, ...change(base) };
}

async function failedChecks(store: KeyValueStore, only?: string): Promise<string[]> {
  const results = await runStoreConformance(store, only === undefined ? {} : { only });
  return results.filter((result) => result.status === "fail").map((result) => result.id);
}

describe("the store suite catches a defective store", { timeout: 60_000 }, () => {
  test("a correct memory store passes every check", async () => {
    const results = await runStoreConformance(memoryStore());
    expect(results.filter((result) => result.status !== "pass")).toEqual([
      expect.objectContaining({ id: "store.refuses-atomic", status: "skip" }),
    ]);
  });

  test("keys listed in UTF-16 order instead of code point order", async () => {
    const store = broken((base) => ({
      async list(options) {
        const all: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await base.list({ prefix: options?.prefix, cursor });
          all.push(...page.keys);
          cursor = page.cursor;
        } while (cursor !== undefined);
        return { keys: all.sort() };
      },
    }));
    expect(await failedChecks(store, "store.keys")).toEqual(["store.keys"]);
  });

  test("a list that skips the first key of each later page", async () => {
    const store = broken((base) => ({
      async list(options) {
        const page = await base.list(options);
        return options?.cursor === undefined ? page : { ...page, keys: page.keys.slice(1) };
      },
    }));
    expect(await failedChecks(store, "store.list")).toEqual(["store.list"]);
  });

  test("a TTL that is ignored", async () => {
    const store = broken((base) => ({ set: (key, value, options) => base.set(key, value, { ...options, ttlSeconds: undefined }) }));
    expect(await failedChecks(store, "store.ttl")).toEqual(["store.ttl"]);
  });

  test("update that does not keep the key's expiry", async () => {
    const store = broken((base) => ({
      async update(key, fn, options) {
        const next = await fn((await base.get(key)) as never);
        await base.set(key, next as never, options?.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds });
        return next;
      },
    }));
    expect(await failedChecks(store, "store.ttl")).toEqual(["store.ttl"]);
  });

  test("values kept as String(value)", async () => {
    const store = broken((base) => ({
      set: (key, value, options) => base.set(key, typeof value === "number" ? String(value) : value, options),
    }));
    expect(await failedChecks(store, "store.json-values")).toEqual(["store.json-values"]);
  });

  test("an increment that reads, waits and writes (not atomic)", async () => {
    const store = broken((base) => ({
      async increment(key, by = 1) {
        const current = ((await base.get(key)) as number | undefined) ?? 0;
        await sleep(1);
        await base.set(key, current + by);
        return current + by;
      },
    }));
    expect(await failedChecks(store, "store.increment-concurrent")).toEqual(["store.increment-concurrent"]);
  });

  test("an ifAbsent that checks, waits and writes (not atomic)", async () => {
    const store = broken((base) => ({
      async set(key, value, options) {
        if (options?.ifAbsent) {
          if ((await base.get(key)) !== undefined) return false;
          await sleep(1);
          return base.set(key, value, { ...options, ifAbsent: false });
        }
        return base.set(key, value, options);
      },
    }));
    expect(await failedChecks(store, "store.if-absent-concurrent")).toEqual(["store.if-absent-concurrent"]);
  });

  test("an update that writes without checking the version", async () => {
    const store = broken((base) => ({
      async update(key, fn) {
        const next = await fn((await base.get(key)) as never);
        await base.set(key, next as never);
        return next;
      },
    }));
    expect(await failedChecks(store, "store.update")).toEqual(["store.update", "store.update-concurrent"]);
  });

  test("a version made from the value (a key deleted and set again looks unchanged)", async () => {
    const store = broken((base) => ({
      async getVersioned(key) {
        const value = await base.get(key);
        return value === undefined ? undefined : ({ value, version: JSON.stringify(value) } as never);
      },
      async set(key, value, options) {
        if (options?.ifVersion === undefined) return base.set(key, value, options);
        if (JSON.stringify(await base.get(key)) !== options.ifVersion) return false;
        return base.set(key, value, { ...options, ifVersion: undefined });
      },
    }));
    expect(await failedChecks(store, "store.versions")).toEqual(["store.versions"]);
  });

  test("a value over maxValueBytes that is written anyway", async () => {
    const store = { ...memoryStore(), maxValueBytes: 4096 };
    expect(await failedChecks(store, "store.large-value")).toEqual(["store.large-value"]);
  });

  test("a store without atomic writes that pretends to have them", async () => {
    const store = { ...memoryStore(), atomicConditionalWrites: false };
    expect(await failedChecks(store, "store.refuses-atomic")).toEqual(["store.refuses-atomic"]);
  });

  test("a signal that is ignored", async () => {
    const store = broken((base) => ({ get: (key) => base.get(key) }));
    expect(await failedChecks(store, "store.signal")).toEqual(["store.signal"]);
  });

  test("a Date stored as its ISO string", async () => {
    const store = broken((base) => ({
      set: (key, value, options) => base.set(key, value instanceof Date ? value.toISOString() : value, options),
    }));
    expect(await failedChecks(store, "store.refuses-non-json")).toEqual(["store.refuses-non-json"]);
  });
});
