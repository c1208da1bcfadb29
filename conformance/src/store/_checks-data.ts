// Checks every store passes: values, keys, limits, listing, signals.
import type { JsonValue } from "@fnport/core";
import { assert, byteOrder, eventually, inBatches, listAll, refuses, rejectsWith, sameJson, stringOfJsonBytes } from "./_assert.ts";
import type { StoreCheck } from "./_types.ts";

export const declares: StoreCheck = {
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

export const basics: StoreCheck = {
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

export const jsonValues: StoreCheck = {
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

export const keys: StoreCheck = {
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

export const largeValue: StoreCheck = {
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

export const refusesNonJson: StoreCheck = {
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

export const refusesBadArguments: StoreCheck = {
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

export const listPaging: StoreCheck = {
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

export const signal: StoreCheck = {
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
