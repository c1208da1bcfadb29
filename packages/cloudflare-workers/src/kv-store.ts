import { type KeyValueStore, StoreUnsupportedError, type Versioned } from "@fnport/core";
import {
  abortable,
  assertStoreArguments,
  assertStoreKey,
  assertValueSize,
  decodeStoreValue,
  encodeStoreValue,
  listArguments,
  utf8Length,
} from "@fnport/core/adapter";
import type { KvNamespaceBinding } from "./store-types.ts";

/** Workers KV holds values up to 25 MiB. */
const MAX_VALUE_BYTES = 25 * 1024 * 1024;
/** Workers KV keys are at most 512 bytes. */
const MAX_KEY_BYTES = 512;
/** Workers KV expires keys no sooner than 60 s after a write. */
const KV_MIN_TTL_SECONDS = 60;
const NAME = "workersKvStore";
const NOT_ATOMIC = "Workers KV has no atomic conditional writes (two writers can both win); use durableObjectStore";

/** Metadata kept with a key that has a TTL: its exact expiry in epoch ms. */
interface ExpiryMetadata {
  expiresAt?: number;
}

const expired = (metadata: unknown, now: number): boolean => {
  const expiresAt = (metadata as ExpiryMetadata | null | undefined)?.expiresAt;
  return typeof expiresAt === "number" && expiresAt <= now;
};

/**
 * A `KeyValueStore` on a Workers KV namespace: eventually consistent (a write can take up to 60 s to
 * show in other locations) and without atomic conditional writes, so `ifAbsent`, `ifVersion`,
 * `getVersioned`, `increment` and `update` throw a `StoreUnsupportedError`. For counters, locks and
 * `idempotent`, use `durableObjectStore`.
 */
export function workersKvStore(kv: KvNamespaceBinding): KeyValueStore {
  const refuse = (operation: string): never => {
    throw new StoreUnsupportedError(NAME, operation, NOT_ATOMIC);
  };
  const assertKey = (key: string, operation: string): void => {
    assertStoreKey(key);
    // Workers KV refuses the names "." and ".." and keys over 512 bytes.
    if (key === "." || key === "..")
      throw new StoreUnsupportedError(NAME, operation, `Workers KV does not allow the key ${JSON.stringify(key)}`);
    if (key.length * 3 > MAX_KEY_BYTES && utf8Length(key) > MAX_KEY_BYTES) {
      throw new StoreUnsupportedError(
        NAME,
        operation,
        `the key is ${utf8Length(key)} bytes; Workers KV keys hold at most ${MAX_KEY_BYTES}`,
      );
    }
  };
  const read = async (key: string, signal: AbortSignal | undefined): Promise<string | undefined> => {
    const { value, metadata } = await abortable(kv.getWithMetadata(key, "text"), signal);
    return value === null || expired(metadata, Date.now()) ? undefined : value;
  };

  return {
    name: NAME,
    consistency: "eventual",
    atomicConditionalWrites: false,
    maxValueBytes: MAX_VALUE_BYTES,
    async get<T>(key: string, options?: { signal?: AbortSignal | undefined }) {
      assertKey(key, "get");
      options?.signal?.throwIfAborted();
      const json = await read(key, options?.signal);
      return json === undefined ? undefined : decodeStoreValue<T>(json);
    },
    async getVersioned<T>(key: string): Promise<Versioned<T> | undefined> {
      assertStoreKey(key);
      return refuse("getVersioned");
    },
    async set(key, value, options) {
      assertStoreArguments(key, options);
      if (options?.ifAbsent) refuse("set with ifAbsent");
      if (options?.ifVersion !== undefined) refuse("set with ifVersion");
      assertKey(key, "set");
      const json = encodeStoreValue(value);
      assertValueSize(NAME, key, json, MAX_VALUE_BYTES);
      const ttl = options?.ttlSeconds;
      // KV's own expiry has a 60 s minimum; the exact expiry rides in the metadata and reads honour it.
      const put =
        ttl === undefined
          ? kv.put(key, json)
          : kv.put(key, json, {
              expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ttl)),
              metadata: { expiresAt: Date.now() + Math.round(ttl * 1000) } satisfies ExpiryMetadata,
            });
      await abortable(put, options?.signal);
      return true;
    },
    async delete(key, options) {
      assertStoreArguments(key, options);
      if (options?.ifVersion !== undefined) refuse("delete with ifVersion");
      assertKey(key, "delete");
      await abortable(kv.delete(key), options?.signal);
      return true;
    },
    async increment(key) {
      assertStoreKey(key);
      return refuse("increment");
    },
    async update(key) {
      assertStoreKey(key);
      return refuse("update");
    },
    async list(options) {
      const { prefix, limit, cursor } = listArguments(options);
      const page = await abortable(kv.list({ prefix, limit, cursor: cursor ?? null }), options?.signal);
      const now = Date.now();
      const keys = page.keys.filter((key) => !expired(key.metadata, now)).map((key) => key.name);
      return page.list_complete ? { keys } : { keys, cursor: page.cursor };
    },
  };
}
