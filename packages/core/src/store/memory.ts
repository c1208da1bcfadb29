import {
  assertIncrement,
  assertStoreArguments,
  assertStoreKey,
  assertTtl,
  compareStoreKeys,
  decodeStoreValue,
  encodeStoreValue,
  incremented,
  listArguments,
  updateByVersion,
} from "./toolkit.ts";
import type { KeyValueStore, Versioned } from "./types.ts";

/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** The clock in epoch ms, for tests of expiry (default `Date.now`). */
  now?: () => number;
}

interface Entry {
  /** Kept as JSON text, like a remote store: what `get` returns is a copy, never the object that was set. */
  json: string;
  version: string;
  expiresAt: number | undefined;
}

const expiry = (now: number, ttlSeconds: number | undefined): number | undefined =>
  ttlSeconds === undefined ? undefined : now + ttlSeconds * 1000;

/**
 * A `KeyValueStore` in this instance's memory: strongly consistent and atomic, but gone with the
 * instance and not shared between instances. For tests and local runs.
 */
export function memoryStore(options: MemoryStoreOptions = {}): KeyValueStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let lastVersion = 0;

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, json: string, expiresAt: number | undefined): void => {
    entries.set(key, { json, version: String(++lastVersion), expiresAt });
  };

  const store: KeyValueStore = {
    name: "memoryStore",
    consistency: "strong",
    atomicConditionalWrites: true,
    maxValueBytes: Number.POSITIVE_INFINITY,
    async get<T>(key: string, operation?: { signal?: AbortSignal | undefined }) {
      assertStoreKey(key);
      operation?.signal?.throwIfAborted();
      const entry = live(key);
      return entry === undefined ? undefined : decodeStoreValue<T>(entry.json);
    },
    async getVersioned<T>(key: string, operation?: { signal?: AbortSignal | undefined }) {
      assertStoreKey(key);
      operation?.signal?.throwIfAborted();
      const entry = live(key);
      return entry === undefined ? undefined : ({ value: decodeStoreValue<T>(entry.json), version: entry.version } as Versioned<T>);
    },
    async set(key, value, setOptions) {
      assertStoreArguments(key, setOptions);
      const json = encodeStoreValue(value);
      const current = live(key);
      if (setOptions?.ifAbsent && current !== undefined) return false;
      if (setOptions?.ifVersion !== undefined && current?.version !== setOptions.ifVersion) return false;
      put(key, json, expiry(now(), setOptions?.ttlSeconds));
      return true;
    },
    async delete(key, deleteOptions) {
      assertStoreArguments(key, deleteOptions);
      if (deleteOptions?.ifVersion !== undefined && live(key)?.version !== deleteOptions.ifVersion) return false;
      entries.delete(key);
      return true;
    },
    async increment(key, by = 1, incrementOptions) {
      assertStoreKey(key);
      assertIncrement(by);
      assertTtl(incrementOptions?.ttlSeconds);
      incrementOptions?.signal?.throwIfAborted();
      const entry = live(key);
      const next = incremented(key, entry?.json, by);
      put(key, String(next), entry === undefined ? expiry(now(), incrementOptions?.ttlSeconds) : entry.expiresAt);
      return next;
    },
    update(key, fn, updateOptions) {
      return updateByVersion(store.name, key, fn, updateOptions, {
        read: async () => {
          const entry = live(key);
          return entry === undefined ? undefined : { value: decodeStoreValue(entry.json), version: entry.version };
        },
        write: async (json, expectedVersion, ttlSeconds) => {
          const entry = live(key);
          if (entry?.version !== expectedVersion) return false;
          put(key, json, ttlSeconds === undefined ? entry?.expiresAt : expiry(now(), ttlSeconds));
          return true;
        },
      });
    },
    async list(listOptions) {
      const { prefix, limit, cursor } = listArguments(listOptions);
      const keys: string[] = [];
      for (const key of entries.keys()) {
        if (key.startsWith(prefix) && (cursor === undefined || compareStoreKeys(key, cursor) > 0) && live(key)) keys.push(key);
      }
      keys.sort(compareStoreKeys);
      if (keys.length <= limit) return { keys };
      const page = keys.slice(0, limit);
      return { keys: page, cursor: page[page.length - 1] as string };
    },
  };
  return store;
}
