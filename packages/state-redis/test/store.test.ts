import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { type RedisStore, redisStore } from "../src/index.ts";

const url = inject("redisUrl");
let admin: Redis;
let prefix = 0;
/** A store under a prefix of its own, on its own connection. */
const fresh = (): RedisStore => redisStore({ url, prefix: `t${process.pid}-${++prefix}:` });

beforeAll(() => {
  admin = new Redis(url);
});
afterAll(async () => {
  await admin.quit();
});

describe("redisStore", () => {
  test("declares strong consistency, atomic writes and Redis's 512 MB limit", async () => {
    const store = fresh();
    expect([store.name, store.consistency, store.atomicConditionalWrites, store.maxValueBytes]).toEqual([
      "redisStore",
      "strong",
      true,
      512 * 1024 * 1024,
    ]);
    await store.close();
  });

  test("needs a url or a client", () => {
    expect(() => redisStore({})).toThrow(new TypeError("redisStore needs a url or a client"));
  });

  test("keeps a value as JSON in a hash under the prefix, with a version, a millisecond TTL and an index entry", async () => {
    const store = redisStore({ url, prefix: "layout:" });
    await store.set("a/b", { n: 1 }, { ttlSeconds: 30.5 });
    const hash = await admin.hgetall("layout:v:a/b");
    expect(hash).toEqual({ v: '{"n":1}', ver: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const pttl = await admin.pttl("layout:v:a/b");
    expect(pttl).toBeGreaterThan(30_000);
    expect(pttl).toBeLessThanOrEqual(30_500);
    expect(await admin.zrange("layout:keys", "0", "-1")).toEqual(["a/b"]);
    await store.delete("a/b");
    expect([await admin.exists("layout:v:a/b"), await admin.zcard("layout:keys")]).toEqual([0, 0]);
    await store.close();
  });

  test("list drops index entries of keys Redis expired", async () => {
    const store = fresh();
    await store.set("gone", 1, { ttlSeconds: 0.05 });
    await store.set("kept", 2);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await store.list()).toEqual({ keys: ["kept"] });
    expect(await store.client.zrange(`t${process.pid}-${prefix}:keys`, "0", "-1")).toEqual(["kept"]);
    await store.close();
  });

  test("uses a client you pass, and close() leaves it open", async () => {
    const client = new Redis(url);
    const store = redisStore({ client, prefix: "own-client:" });
    await store.set("k", "v");
    await store.close();
    expect(await client.hget("own-client:v:k", "v")).toBe('"v"');
    await client.quit();
  });

  test("sends a script again when the server forgot it (SCRIPT FLUSH, a restart, a failover)", async () => {
    const store = fresh();
    await store.set("k", 1);
    await admin.script("FLUSH");
    expect(await store.increment("k")).toBe(2);
    expect(await store.set("k", 3, { ifAbsent: true })).toBe(false);
    await store.close();
  });

  test("stores on separate connections (separate instances) see one truth: one ifAbsent winner, no lost increments", async () => {
    const stores = Array.from({ length: 5 }, () => redisStore({ url, prefix: `shared-${process.pid}:` }));
    const won = await Promise.all(
      stores.flatMap((store, i) => Array.from({ length: 10 }, (_, j) => store.set("lock", `${i}-${j}`, { ifAbsent: true }))),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
    await Promise.all(stores.flatMap((store) => Array.from({ length: 20 }, () => store.increment("hits"))));
    expect(await stores[0]?.get("hits")).toBe(100);
    await Promise.all(stores.map((store) => store.close()));
  });

  test("an abort stops waiting for a command the server holds back", async () => {
    const store = fresh();
    await store.client.ping();
    await admin.client("PAUSE", 300);
    // Had it waited for the pause to end, get would have resolved to undefined instead.
    await expect(store.get("k", { signal: AbortSignal.timeout(30) })).rejects.toMatchObject({ name: "TimeoutError" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await store.close();
  });
});
