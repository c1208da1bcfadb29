import { assert, atomicOnly, byteOrder, eventually, listAll, refuses, rejectsWith, sleep } from "./_assert.ts";
import type { StoreCheck } from "./_types.ts";

export const ttl: StoreCheck = {
  id: "store.ttl",
  title: "keys expire after ttlSeconds (set, ifAbsent, increment); a set without TTL clears it; update and increment keep it",
  async run({ store, prefix, ttlSeconds, settleMs }) {
    const atomic = store.atomicConditionalWrites;
    const key = (name: string) => `${prefix}${name}`;
    const started = Date.now(); // the backend counts the TTL from no earlier than this
    await Promise.all([
      store.set(key("plain"), "expires", { ttlSeconds }),
      store.set(key("cleared"), "first", { ttlSeconds }).then(() => store.set(key("cleared"), "kept")),
      store.set(key("longer"), "stays", { ttlSeconds: ttlSeconds + 60 }),
      ...(atomic
        ? [
            store.set(key("if-absent"), "expires", { ifAbsent: true, ttlSeconds }),
            store.increment(key("counter"), 1, { ttlSeconds }),
            store
              .set(key("updated"), { n: 0 }, { ttlSeconds })
              .then(() => store.update<{ n: number }>(key("updated"), (c) => ({ n: (c?.n ?? 0) + 1 }))),
            store.set(key("incremented"), 1, { ttlSeconds }).then(() => store.increment(key("incremented"))),
          ]
        : []),
    ]);
    const written = Date.now(); // ... and expires no later than this plus the TTL
    const early = await store.get(key("plain"));
    if (Date.now() < started + ttlSeconds * 1000) assert.equal(early, "expires", "a key is there before its TTL");
    await sleep(written + ttlSeconds * 1000 + 100 - Date.now());
    await eventually(settleMs, async () => {
      assert.equal(await store.get(key("plain")), undefined, "expired after ttlSeconds");
      assert.equal(await store.get(key("cleared")), "kept", "a set without ttlSeconds clears the earlier expiry");
      assert.equal(await store.get(key("longer")), "stays", "a longer TTL has not expired");
      const expected = [key("cleared"), key("longer")];
      assert.deepStrictEqual((await listAll(store, prefix)).keys, expected.sort(byteOrder), "list leaves expired keys out");
    });
    if (!atomic) return;
    assert.equal(await store.get(key("if-absent")), undefined, "an ifAbsent write expired");
    assert.equal(await store.get(key("counter")), undefined, "a counter created by increment with ttlSeconds expired");
    assert.equal(await store.get(key("updated")), undefined, "update kept the key's expiry");
    assert.equal(await store.get(key("incremented")), undefined, "increment kept the key's expiry");
    assert.equal(await store.set(key("if-absent"), "again", { ifAbsent: true }), true, "an expired key counts as absent for ifAbsent");
    assert.equal(await store.increment(key("counter")), 1, "an expired counter starts again from 0");
  },
};

export const ifAbsent: StoreCheck = {
  id: "store.if-absent",
  title: "ifAbsent writes only when the key is absent, and says whether it wrote",
  skip: atomicOnly,
  async run({ store, prefix }) {
    const key = `${prefix}k`;
    assert.equal(await store.set(key, "first", { ifAbsent: true }), true, "written when absent");
    assert.equal(await store.set(key, "second", { ifAbsent: true }), false, "not written when present");
    assert.equal(await store.get(key), "first", "the first value stays");
    await store.delete(key);
    assert.equal(await store.set(key, "third", { ifAbsent: true }), true, "written again after delete");
    assert.equal(await store.get(key), "third");
  },
};

export const ifAbsentConcurrent: StoreCheck = {
  id: "store.if-absent-concurrent",
  title: "50 concurrent ifAbsent writers: exactly one wins, and its value is the one stored",
  skip: atomicOnly,
  async run({ store, prefix }) {
    const key = `${prefix}lock`;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(key, { owner: i }, { ifAbsent: true })));
    const winners = results.flatMap((won, i) => (won ? [i] : []));
    assert.equal(winners.length, 1, `exactly one writer wins, got ${winners.length}`);
    assert.deepStrictEqual(await store.get(key), { owner: winners[0] }, "the winner's value is stored");
  },
};

export const versions: StoreCheck = {
  id: "store.versions",
  title: "ifVersion writes and deletes only at the version read; every write makes a new version, even of an equal value",
  skip: atomicOnly,
  async run({ store, prefix }) {
    const key = `${prefix}k`;
    assert.equal(await store.getVersioned(key), undefined, "an absent key has no version");
    await store.set(key, 1);
    const first = await store.getVersioned(key);
    assert.ok(first !== undefined && typeof first.version === "string" && first.version !== "", "a version is a non-empty string");
    assert.equal(first.value, 1);
    await store.set(key, 2);
    assert.equal(await store.set(key, 3, { ifVersion: first.version }), false, "a stale version does not write");
    assert.equal(await store.delete(key, { ifVersion: first.version }), false, "a stale version does not delete");
    assert.equal(await store.get(key), 2);
    const second = await store.getVersioned(key);
    assert.ok(second !== undefined && second.version !== first.version, "a write changes the version");
    assert.equal(await store.set(key, 3, { ifVersion: second.version }), true, "the current version writes");
    assert.equal(await store.set(key, 4, { ifVersion: second.version }), false, "but only once");
    const third = await store.getVersioned(key);
    await store.increment(key);
    assert.equal(await store.set(key, 5, { ifVersion: third?.version }), false, "increment changes the version");
    const fourth = await store.getVersioned(key);
    assert.equal(await store.delete(key, { ifVersion: fourth?.version }), true, "the current version deletes");
    assert.equal(await store.get(key), undefined);
    assert.equal(await store.set(key, 6, { ifVersion: fourth?.version }), false, "an absent key has no version to match");
    await store.set(key, "same");
    const before = await store.getVersioned(key);
    await store.delete(key);
    await store.set(key, "same");
    assert.equal(await store.set(key, "changed", { ifVersion: before?.version }), false, "a key deleted and set again has a new version");
    await rejectsWith(store.set(key, 1, { ifAbsent: true, ifVersion: "x" }), "TypeError", "", "ifAbsent with ifVersion");
  },
};

export const increment: StoreCheck = {
  id: "store.increment",
  title: "increment starts from 0, adds integers, resolves to the new value, and refuses non-integers",
  skip: atomicOnly,
  async run({ store, prefix }) {
    const key = `${prefix}n`;
    assert.equal(await store.increment(key), 1);
    assert.equal(await store.increment(key, 5), 6);
    assert.equal(await store.increment(key, -10), -4);
    assert.equal(await store.get(key), -4, "the value is a JSON number");
    await store.set(`${prefix}m`, 41);
    assert.equal(await store.increment(`${prefix}m`), 42, "a number set by set increments");
    for (const [name, value] of [
      ["string", "1"],
      ["fraction", 1.5],
      ["object", { n: 1 }],
    ] as const) {
      await store.set(`${prefix}${name}`, value);
      await rejectsWith(store.increment(`${prefix}${name}`), "TypeError", "not an integer", `increment of a ${name}`);
      assert.deepStrictEqual(await store.get(`${prefix}${name}`), value, `the ${name} is unchanged`);
    }
    await rejectsWith(store.increment(key, 1.5), "TypeError", "integer", "increment by 1.5");
    await store.set(`${prefix}max`, Number.MAX_SAFE_INTEGER - 1);
    await rejectsWith(store.increment(`${prefix}max`, 2), "RangeError", "MAX_SAFE_INTEGER", "increment past MAX_SAFE_INTEGER");
    assert.equal(await store.get(`${prefix}max`), Number.MAX_SAFE_INTEGER - 1, "nothing written on overflow");
  },
};

export const incrementConcurrent: StoreCheck = {
  id: "store.increment-concurrent",
  title: "50 concurrent increments: none lost, each caller sees a different new value",
  skip: atomicOnly,
  async run({ store, prefix }) {
    const key = `${prefix}n`;
    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment(key)));
    assert.deepStrictEqual(
      results.toSorted((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.equal(await store.get(key), 50);
  },
};

export const update: StoreCheck = {
  id: "store.update",
  title: "update passes the current value, writes what fn returns, and gives up with a StoreConflictError",
  skip: atomicOnly,
  async run({ store, prefix }) {
    const key = `${prefix}k`;
    const seen: unknown[] = [];
    const add = (item: string) =>
      store.update<string[]>(key, (current) => {
        seen.push(current);
        return [...(current ?? []), item];
      });
    assert.deepStrictEqual(await add("a"), ["a"], "resolves to the value written");
    assert.deepStrictEqual(await add("b"), ["a", "b"]);
    assert.deepStrictEqual(seen, [undefined, ["a"]], "fn gets undefined for an absent key, then the current value");
    let calls = 0;
    const conflicting = store.update<number>(
      `${prefix}busy`,
      async (current) => {
        calls++;
        await store.set(`${prefix}busy`, calls * 100); // another writer changes the key while fn runs
        return (current ?? 0) + 1;
      },
      { retries: 2 },
    );
    await rejectsWith(conflicting, "StoreConflictError", `${store.name} update of "${prefix}busy"`, "update that always conflicts");
    assert.equal(calls, 3, "1 attempt + 2 retries");
    assert.equal(await store.get(`${prefix}busy`), 300, "the other writer's value stays");
    await rejectsWith(
      store.update(key, () => new Date(0) as never),
      "TypeError",
      "",
      "update returning a Date",
    );
    assert.deepStrictEqual(await store.get(key), ["a", "b"], "nothing written");
  },
};

export const updateConcurrent: StoreCheck = {
  id: "store.update-concurrent",
  title: "50 concurrent updates of one key: no update lost",
  skip: atomicOnly,
  async run({ store, prefix }) {
    const key = `${prefix}doc`;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.update<{ count: number; ids: number[] }>(
          key,
          (current) => ({ count: (current?.count ?? 0) + 1, ids: [...(current?.ids ?? []), i] }),
          {
            retries: 1000,
          },
        ),
      ),
    );
    const doc = await store.get<{ count: number; ids: number[] }>(key);
    assert.equal(doc?.count, 50);
    assert.deepStrictEqual(
      doc?.ids.toSorted((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i),
    );
  },
};

export const refusesAtomic: StoreCheck = {
  id: "store.refuses-atomic",
  title: "a store without atomic conditional writes refuses each atomic operation with a StoreUnsupportedError naming it",
  skip: (store) => (store.atomicConditionalWrites ? "the store has atomic conditional writes" : undefined),
  async run({ store, prefix }) {
    const key = `${prefix}k`;
    await refuses(store, "set with ifAbsent", store.set(key, 1, { ifAbsent: true }), "set with ifAbsent");
    await refuses(store, "set with ifVersion", store.set(key, 1, { ifVersion: "1" }), "set with ifVersion");
    await refuses(store, "delete with ifVersion", store.delete(key, { ifVersion: "1" }), "delete with ifVersion");
    await refuses(store, "getVersioned", store.getVersioned(key), "getVersioned");
    await refuses(store, "increment", store.increment(key), "increment");
    await refuses(
      store,
      "update",
      store.update(key, () => 1),
      "update",
    );
    assert.equal(await store.get(key), undefined, "nothing written");
  },
};
