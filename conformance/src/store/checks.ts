// The store suite: what every `KeyValueStore` must do, checked on its real backend. Each check keeps
// its keys under its own prefix, so checks and runs never see each other's keys.
import type { JsonValue, KeyValueStore } from "@fnport/core";
import { assert, eventually, inBatches, listAll, refuses, rejectsWith, sleep } from "./_assert.ts";

/** What a check is given. */
export interface StoreCheckContext {
  store: KeyValueStore;
  /** A prefix no other check or run uses: every key of the check starts with it. */
  prefix: string;
  /** The TTL expiry is checked with, in seconds. */
  ttlSeconds: number;
  /** How long an eventual store may take to show a write, in ms (0 for a strong one). */
  settleMs: number;
}

/** One check of the store suite. */
export interface StoreCheck {
  id: string;
  title: string;
  /** Why the check does not apply to `store`, or undefined when it does. */
  skip?(store: KeyValueStore): string | undefined;
  run(context: StoreCheckContext): Promise<void>;
}

const atomicOnly = (store: KeyValueStore): string | undefined =>
  store.atomicConditionalWrites ? undefined : "no atomic conditional writes (store.refuses-atomic checks it refuses them)";

const utf8 = new TextEncoder();
/** UTF-8 byte order, computed here independently of any store (and of core). */
function byteOrder(a: string, b: string): number {
  const [x, y] = [utf8.encode(a), utf8.encode(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

/** Asserts `actual` is `expected` exactly: deep equality with prototypes, and the same JSON text (key order included). */
function sameJson(actual: unknown, expected: unknown, what: string): void {
  assert.deepStrictEqual(actual, expected, what);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), `${what}: JSON text (key order)`);
}

/** A string whose JSON text is exactly `bytes` UTF-8 bytes long, mixing 1-, 2-, 3- and 4-byte characters. */
export function stringOfJsonBytes(bytes: number): string {
  const unit = "aé€🔑"; // 1 + 2 + 3 + 4 = 10 bytes
  const content = bytes - 2; // the quotes
  return unit.repeat(Math.floor(content / 10)) + "x".repeat(content % 10);
}

const declares: StoreCheck = {
  id: "store.declares",
  title: "declares its name, consistency, atomicConditionalWrites and maxValueBytes",
  async run({ store }) {
    assert.ok(typeof store.name === "string" && store.name.length > 0, "name is a non-empty string");
    assert.ok(
      store.consistency === "strong" || store.consistency === "eventual",
      `consistency is strong or eventual, got ${store.consistency}`,
    );
    assert.equal(typeof store.atomicConditionalWrites, "boolean", "atomicConditionalWrites is a boolean");
    assert.ok(typeof store.maxValueBytes === "number" && store.maxValueBytes >= 1024, "maxValueBytes is a number of at least 1024");
  },
};

const basics: StoreCheck = {
  id: "store.get-set-delete",
  title: "gets what was set, overwrites, deletes; absent keys read as undefined",
  async run({ store, prefix, settleMs }) {
    const key = `${prefix}k`;
    assert.equal(await store.get(key), undefined, "an absent key reads as undefined");
    assert.equal(await store.set(key, "v1"), true, "set resolves to true");
    await eventually(settleMs, async () => assert.equal(await store.get(key), "v1"));
    assert.equal(await store.set(key, { v: 2 }), true, "an overwrite resolves to true");
    await eventually(settleMs, async () => sameJson(await store.get(key), { v: 2 }, "the overwritten value"));
    assert.equal(await store.delete(key), true, "delete resolves to true");
    await eventually(settleMs, async () => assert.equal(await store.get(key), undefined, "a deleted key reads as undefined"));
    assert.equal(await store.delete(`${prefix}never-set`), true, "deleting an absent key resolves to true");
  },
};

const jsonValues: StoreCheck = {
  id: "store.json-values",
  title: "JSON values round-trip exactly: numbers, unicode, nesting, key order, __proto__ keys",
  async run({ store, prefix, settleMs }) {
    const values: Array<[string, JsonValue]> = [
      ["null", null],
      ["true", true],
      ["false", false],
      ["zero", 0],
      ["negative fraction", -1.5],
      ["a third", 1 / 3],
      ["smallest double", 5e-324],
      ["largest double", 1.7976931348623157e308],
      ["max safe integer", Number.MAX_SAFE_INTEGER],
      ["min safe integer", Number.MIN_SAFE_INTEGER],
      ["empty string", ""],
      ["numeric string", "42"],
      ["unicode", "héllo wörld · ключ · 日本語 · 🔑 · \u0000 · \u2028\u2029 · \uFFFF"],
      ["lone surrogate", "a\uD800b\uDC00"],
      ["escapes", 'quote " backslash \\ newline \n tab \t'],
      ["empty array", []],
      ["empty object", {}],
      ["nested", { a: [1, "two", { three: [null, true, -0.25] }], "key with space": { "": "empty key" }, "🔑": "emoji key" }],
      ["__proto__ key", JSON.parse('{"__proto__":{"polluted":true},"x":1}') as JsonValue],
      ["key order", { b: 1, a: 2, 10: "ten", 2: "two" }],
      ["long array", Array.from({ length: 1000 }, (_, i) => i * 1.5)],
    ];
    await Promise.all(values.map(([name, value]) => store.set(`${prefix}${name}`, value)));
    for (const [name, value] of values) {
      await eventually(settleMs, async () => sameJson(await store.get(`${prefix}${name}`), value, name));
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, "a __proto__ key does not pollute Object.prototype");
  },
};

const keys: StoreCheck = {
  id: "store.keys",
  title: "keys with slashes, unicode, spaces and escapes are distinct and listed in UTF-8 byte order",
  async run({ store, prefix, settleMs }) {
    const names = [
      "a/b",
      "/leading",
      "trailing/",
      "a//b",
      "with space",
      "ключ",
      "🔑",
      "%2F%20",
      "back\\slash",
      "tab\tnew\nline",
      `quote"'`,
      "日本語/キー",
      "\uFFFF-last-bmp",
      "\u{1F600}-astral",
      "é".repeat(200),
    ];
    await Promise.all(names.map((name, i) => store.set(`${prefix}${name}`, i)));
    for (const [i, name] of names.entries()) {
      await eventually(settleMs, async () => assert.equal(await store.get(`${prefix}${name}`), i, `key ${JSON.stringify(name)}`));
    }
    const expected = names.map((name) => `${prefix}${name}`).sort(byteOrder);
    await eventually(settleMs, async () => assert.deepStrictEqual((await listAll(store, prefix)).keys, expected, "list order"));
  },
};

const largeValue: StoreCheck = {
  id: "store.large-value",
  title: "a 1 MB value round-trips (or, where the store holds less, its largest value does and one byte more is refused)",
  async run({ store, prefix, settleMs }) {
    const bytes = Math.min(1024 * 1024, store.maxValueBytes);
    const value = stringOfJsonBytes(bytes);
    assert.equal(await store.set(`${prefix}big`, value), true);
    await eventually(settleMs, async () => {
      const read = await store.get<string>(`${prefix}big`);
      assert.ok(read === value, `the ${bytes}-byte value came back different (length ${read?.length} instead of ${value.length})`);
    });
    if (store.maxValueBytes <= 4 * 1024 * 1024) {
      const over = stringOfJsonBytes(store.maxValueBytes + 1);
      await refuses(store, "set", store.set(`${prefix}over`, over), `a value of maxValueBytes + 1 (${store.maxValueBytes + 1}) bytes`);
      assert.equal(await store.get(`${prefix}over`), undefined, "nothing was written");
    }
  },
};

const refusesNonJson: StoreCheck = {
  id: "store.refuses-non-json",
  title: "refuses values JSON cannot give back exactly (undefined, NaN, Date, Map, functions, BigInt, cycles) with a TypeError",
  async run({ store, prefix }) {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const bad: Array<[string, unknown]> = [
      ["undefined", undefined],
      ["NaN", Number.NaN],
      ["Infinity inside", { n: [Number.POSITIVE_INFINITY] }],
      ["Date", new Date(0)],
      ["Map", new Map([["a", 1]])],
      ["function", () => 1],
      ["BigInt", { n: 1n }],
      ["cycle", cycle],
    ];
    for (const [name, value] of bad) {
      await rejectsWith(store.set(`${prefix}${name}`, value as never), "TypeError", "", `set of ${name}`);
      assert.equal(await store.get(`${prefix}${name}`), undefined, `nothing written for ${name}`);
    }
  },
};

const refusesBadArguments: StoreCheck = {
  id: "store.refuses-bad-arguments",
  title: "refuses an empty key, a TTL that is not positive and a list limit out of range with a TypeError",
  async run({ store, prefix }) {
    await rejectsWith(store.get(""), "TypeError", "", "get of an empty key");
    await rejectsWith(store.set("", 1), "TypeError", "", "set of an empty key");
    await rejectsWith(store.delete(""), "TypeError", "", "delete of an empty key");
    for (const ttlSeconds of [0, -1, Number.NaN]) {
      await rejectsWith(store.set(`${prefix}k`, 1, { ttlSeconds }), "TypeError", "ttlSeconds", `ttlSeconds ${ttlSeconds}`);
    }
    assert.equal(await store.get(`${prefix}k`), undefined, "nothing written");
    await rejectsWith(store.list({ prefix, limit: 0 }), "TypeError", "limit", "list limit 0");
  },
};

const ttl: StoreCheck = {
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

const ifAbsent: StoreCheck = {
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

const ifAbsentConcurrent: StoreCheck = {
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

const versions: StoreCheck = {
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

const increment: StoreCheck = {
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

const incrementConcurrent: StoreCheck = {
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

const update: StoreCheck = {
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

const updateConcurrent: StoreCheck = {
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

const listPaging: StoreCheck = {
  id: "store.list",
  title: "list of 1,000 keys: in order, paged without gaps or repeats, by prefix only; deleted keys go",
  async run({ store, prefix, settleMs }) {
    const base = `${prefix}list/`;
    const names = Array.from({ length: 1000 }, (_, i) => `${base}${((i * 7919) % 1000).toString(36)}-${i % 3 === 0 ? "é" : "e"}`);
    const outside = [`${prefix}list`, `${prefix}lis`, `${prefix}list0`, `${prefix}lisu/x`];
    await inBatches([...names, base, ...outside], 50, (key) => store.set(key, 1));
    const expected = [base, ...names].sort(byteOrder);
    await eventually(settleMs, async () => {
      const paged = await listAll(store, base, 100);
      assert.deepStrictEqual(paged.keys, expected, "pages of 100 list every key under the prefix once, in order");
      assert.ok(paged.pages >= 11, `1,001 keys in pages of 100 need 11 pages, got ${paged.pages}`);
    });
    assert.deepStrictEqual((await listAll(store, base)).keys, expected, "the default limit lists the same");
    const first = await store.list({ prefix: base, limit: 1 });
    assert.ok(first.keys.length <= 1 && first.cursor !== undefined, "limit 1 gives at most one key and a cursor");
    const gone = expected.filter((_, i) => i % 97 === 0);
    await Promise.all(gone.map((key) => store.delete(key)));
    await eventually(settleMs, async () =>
      assert.deepStrictEqual(
        (await listAll(store, base, 250)).keys,
        expected.filter((key) => !gone.includes(key)),
        "deleted keys are not listed",
      ),
    );
    assert.deepStrictEqual((await store.list({ prefix: `${prefix}nothing-here/` })).keys, [], "an unused prefix lists nothing");
  },
};

const signal: StoreCheck = {
  id: "store.signal",
  title: "an aborted signal rejects every operation with its reason, writing nothing",
  async run({ store, prefix }) {
    const reason = new Error("aborted by the suite");
    const signal = AbortSignal.abort(reason);
    const key = `${prefix}k`;
    const operations: Array<[string, () => Promise<unknown>]> = [
      ["get", () => store.get(key, { signal })],
      ["set", () => store.set(key, 1, { signal })],
      ["delete", () => store.delete(key, { signal })],
      ["list", () => store.list({ prefix, signal })],
    ];
    if (store.atomicConditionalWrites) {
      operations.push(
        ["getVersioned", () => store.getVersioned(key, { signal })],
        ["increment", () => store.increment(key, 1, { signal })],
        ["update", () => store.update(key, () => 1, { signal })],
      );
    }
    for (const [name, operation] of operations) {
      let caught: unknown;
      await operation().catch((error: unknown) => {
        caught = error;
      });
      assert.ok(caught === reason, `${name} rejects with the signal's reason, got ${String(caught)}`);
    }
    assert.equal(await store.get(key), undefined, "nothing written");
  },
};

const refusesAtomic: StoreCheck = {
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

/** Every check, in the order they run. */
export const storeChecks: readonly StoreCheck[] = [
  declares,
  basics,
  jsonValues,
  keys,
  largeValue,
  refusesNonJson,
  refusesBadArguments,
  ttl,
  ifAbsent,
  ifAbsentConcurrent,
  versions,
  increment,
  incrementConcurrent,
  update,
  updateConcurrent,
  listPaging,
  signal,
  refusesAtomic,
];
