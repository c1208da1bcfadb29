import { assertIncrement, assertStoreArguments, type KeyValueStore, type SetOptions } from "./types.ts";

/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** The clock in epoch ms, for tests of expiry (default `Date.now`). */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

/**
 * A `KeyValueStore` in this instance's memory: strongly consistent and atomic, but gone with the
 * instance and not shared between instances. For tests and local runs.
 */
export function memoryStore(options: MemoryStoreOptions = {}): KeyValueStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    consistency: "strong",
    atomicConditionalWrites: true,
    async get(key) {
      assertStoreArguments(key);
      return live(key)?.value;
    },
    async set(key: string, value: string, setOptions?: SetOptions) {
      assertStoreArguments(key, setOptions);
      if (typeof value !== "string") throw new TypeError("A store value must be a string (JSON-encode other values)");
      if (setOptions?.ifAbsent && live(key) !== undefined) return false;
      const ttl = setOptions?.ttlSeconds;
      entries.set(key, { value, expiresAt: ttl === undefined ? undefined : now() + ttl * 1000 });
      return true;
    },
    async delete(key) {
      assertStoreArguments(key);
      entries.delete(key);
    },
    async increment(key, by = 1) {
      assertStoreArguments(key);
      assertIncrement(by);
      const entry = live(key);
      const current = entry === undefined ? 0 : Number(entry.value);
      if (!Number.isSafeInteger(current) || (entry !== undefined && !/^-?\d+$/.test(entry.value))) {
        throw new TypeError(`Cannot increment ${JSON.stringify(key)}: its value is not an integer`);
      }
      const next = current + by;
      entries.set(key, { value: String(next), expiresAt: entry?.expiresAt });
      return next;
    },
  };
}
