import { type JsonValue, type KeyValueStore, StoreError, type Versioned } from "@fnport/core";
import {
  abortable,
  assertIncrement,
  assertStoreArguments,
  assertStoreKey,
  assertTtl,
  assertValueSize,
  decodeStoreValue,
  encodeStoreValue,
  incrementOverflow,
  listArguments,
  notAnInteger,
  updateByVersion,
} from "@fnport/core/adapter";
import type { StoreReply, StoreRequest } from "./_store-protocol.ts";
import type { DurableObjectNamespaceBinding } from "./store-types.ts";

/** Options of `durableObjectStore`. */
export interface DurableObjectStoreOptions {
  /** Which object holds the keys (`idFromName`): one name, one store (default `fnport`). */
  name?: string | undefined;
}

/**
 * SQLite-backed Durable Objects hold 2 MB per value; a JSON string may take 2 bytes per UTF-8 byte
 * in V8's two-byte form, so 1 MiB of JSON always fits.
 */
const MAX_VALUE_BYTES = 1024 * 1024;

const toMs = (ttlSeconds: number | undefined): number | null =>
  ttlSeconds === undefined ? null : Math.max(1, Math.round(ttlSeconds * 1000));

/**
 * A `KeyValueStore` in a Durable Object: strongly consistent and atomic (one object serialises every
 * operation), so it is the store for counters, locks and `idempotent` on Workers. Bind the
 * `StoreDurableObject` class you export from your worker, and pass its namespace (`env.STATE`).
 * One store is one object: about a thousand operations a second; use several names for more.
 */
export function durableObjectStore<Id>(
  namespace: DurableObjectNamespaceBinding<Id>,
  options: DurableObjectStoreOptions = {},
): KeyValueStore {
  const objectName = options.name ?? "fnport";
  const name = `durableObjectStore(${JSON.stringify(objectName)})`;
  const id = namespace.idFromName(objectName);

  const call = async (request: StoreRequest, signal: AbortSignal | undefined): Promise<unknown> => {
    signal?.throwIfAborted();
    const body = JSON.stringify(request);
    // A stub per call: workerd refuses a stub made during another request ("Cannot perform I/O on behalf of a
    // different request"), and a store made once in `init` serves every request of the isolate.
    const stub = namespace.get(id);
    const response = await abortable(stub.fetch("https://store.fnport/", { method: "POST", body }), signal);
    const reply = JSON.parse(await response.text()) as StoreReply;
    if ("result" in reply) return reply.result;
    if (request.op === "increment" && reply.error === "not-integer") throw notAnInteger(request.key);
    if (request.op === "increment" && reply.error === "overflow") throw incrementOverflow(request.key);
    throw new StoreError(name, request.op, `${name} ${request.op} failed in the Durable Object: ${reply.message ?? reply.error}`);
  };
  const read = async (key: string, signal: AbortSignal | undefined) =>
    (await call({ op: "get", key }, signal)) as { json: string; version: string } | null;
  const write = (
    key: string,
    json: string,
    ttlMs: number | null | "keep",
    condition: { absent: true } | { version: string } | null,
    signal: AbortSignal | undefined,
  ) => {
    assertValueSize(name, key, json, MAX_VALUE_BYTES);
    return call({ op: "set", key, json, ttlMs, condition }, signal) as Promise<boolean>;
  };

  return {
    name,
    consistency: "strong",
    atomicConditionalWrites: true,
    maxValueBytes: MAX_VALUE_BYTES,
    async get<T>(key: string, operation?: { signal?: AbortSignal | undefined }) {
      assertStoreKey(key);
      const entry = await read(key, operation?.signal);
      return entry === null ? undefined : decodeStoreValue<T>(entry.json);
    },
    async getVersioned<T>(key: string, operation?: { signal?: AbortSignal | undefined }) {
      assertStoreKey(key);
      const entry = await read(key, operation?.signal);
      return entry === null ? undefined : ({ value: decodeStoreValue<T>(entry.json), version: entry.version } as Versioned<T>);
    },
    async set(key, value, setOptions) {
      assertStoreArguments(key, setOptions);
      const json = encodeStoreValue(value);
      const condition = setOptions?.ifAbsent
        ? { absent: true as const }
        : setOptions?.ifVersion !== undefined
          ? { version: setOptions.ifVersion }
          : null;
      return write(key, json, toMs(setOptions?.ttlSeconds), condition, setOptions?.signal);
    },
    async delete(key, deleteOptions) {
      assertStoreArguments(key, deleteOptions);
      return (await call({ op: "delete", key, version: deleteOptions?.ifVersion ?? null }, deleteOptions?.signal)) as boolean;
    },
    async increment(key, by = 1, incrementOptions) {
      assertStoreKey(key);
      assertIncrement(by);
      assertTtl(incrementOptions?.ttlSeconds);
      return (await call({ op: "increment", key, by, ttlMs: toMs(incrementOptions?.ttlSeconds) }, incrementOptions?.signal)) as number;
    },
    update(key, fn, updateOptions) {
      const signal = updateOptions?.signal;
      return updateByVersion(name, key, fn, updateOptions, {
        read: async () => {
          const entry = await read(key, signal);
          return entry === null ? undefined : { value: decodeStoreValue<JsonValue>(entry.json), version: entry.version };
        },
        write: (json, expectedVersion, ttlSeconds) =>
          write(
            key,
            json,
            ttlSeconds === undefined ? "keep" : toMs(ttlSeconds),
            expectedVersion === undefined ? { absent: true } : { version: expectedVersion },
            signal,
          ),
      });
    },
    async list(listOptions) {
      const { prefix, limit, cursor } = listArguments(listOptions);
      return (await call({ op: "list", prefix, limit, cursor: cursor ?? null }, listOptions?.signal)) as {
        keys: string[];
        cursor?: string;
      };
    },
  };
}
