// What the Workers stores leave in their backends, seen from outside the worker, and their errors.
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startStoresWorker } from "./_stores-workerd.ts";

let mf: Miniflare;
beforeAll(async () => {
  mf = await startStoresWorker(new URL("./workers/stores.ts", import.meta.url));
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
});

const post = async (path: string, body: unknown) =>
  (await mf.dispatchFetch(`http://worker.test${path}`, { method: "POST", body: JSON.stringify(body) })).json();
const get = async (path: string) => (await mf.dispatchFetch(`http://worker.test${path}`)).json();

describe("workersKvStore", () => {
  test("a TTL under KV's 60 s minimum: KV keeps the key 60 s, the exact expiry rides in its metadata", async () => {
    const before = Date.now();
    expect(await post("/kv/set", { key: "short", value: "v", ttlSeconds: 1.5 })).toBe(true);
    expect(await post("/kv/set", { key: "long", value: "v", ttlSeconds: 3600 })).toBe(true);
    expect(await post("/kv/set", { key: "forever", value: "v" })).toBe(true);
    const kv = await mf.getKVNamespace("KV");
    const { keys } = await kv.list();
    const byName = Object.fromEntries(keys.map((key) => [key.name, key]));
    expect(byName.short?.metadata).toEqual({ expiresAt: expect.any(Number) });
    const { expiresAt } = (byName.short?.metadata ?? {}) as { expiresAt: number };
    expect(expiresAt - before).toBeGreaterThanOrEqual(1500);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(1500);
    // KV's own expiration is in seconds, at least 60 s after the write.
    expect((byName.short?.expiration as number) - Math.floor(before / 1000)).toBeGreaterThanOrEqual(60);
    expect((byName.long?.expiration as number) - Math.floor(before / 1000)).toBeGreaterThanOrEqual(3600);
    expect(byName.forever).toEqual({ name: "forever" });
    expect(await kv.get("short")).toBe('"v"');
  });

  test("refuses what it cannot do, naming the store and the operation", async () => {
    expect(await get("/errors")).toEqual([
      "StoreUnsupportedError: workersKvStore cannot increment: Workers KV has no atomic conditional writes (two writers can both win); use durableObjectStore",
      'StoreUnsupportedError: workersKvStore cannot set: Workers KV does not allow the key "."',
      "StoreUnsupportedError: workersKvStore cannot set: the key is 514 bytes; Workers KV keys hold at most 512",
      "Error: stop",
    ]);
  });
});

describe("durableObjectStore", () => {
  test("keeps each key as an entry with an expiry index, and an alarm deletes expired keys", { timeout: 20_000 }, async () => {
    const written = Date.now();
    expect(await post("/inspect/set", { key: "brief", value: "a", ttlSeconds: 2 })).toBe(true);
    expect(await post("/inspect/set", { key: "later", value: "b", ttlSeconds: 3600 })).toBe(true);
    expect(await post("/inspect/set", { key: "kept", value: "c" })).toBe(true);
    const raw = (await get("/inspect/raw")) as Array<[string, unknown]>;
    expect(Date.now() - written, "read the storage before the first key expired").toBeLessThan(2000);
    expect(raw.map(([key]) => key.replace(/\d{15}/, "<ms>"))).toEqual(["k:brief", "k:kept", "k:later", "x:<ms>:brief", "x:<ms>:later"]);
    expect(Object.fromEntries(raw)["k:kept"]).toEqual({ j: '"c"', v: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    // The alarm fires at the first expiry and deletes the entry and its index key.
    let keys: string[] = [];
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
      keys = ((await get("/inspect/raw")) as Array<[string, unknown]>).map(([key]) => key.replace(/\d{15}/, "<ms>"));
      if (!keys.includes("k:brief")) break;
    }
    expect(keys).toEqual(["k:kept", "k:later", "x:<ms>:later"]);
  });
});
