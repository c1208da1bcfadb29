import { createHash, randomUUID } from "node:crypto";
import type { KeyValueStore, StoreOperationOptions, Versioned } from "@fnport/core";
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
import { Redis } from "ioredis";
import { DELETE, INCREMENT, LIST, SET } from "./_scripts.ts";

/** Options of `redisStore`. */
export interface RedisStoreOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. Used when no `client` is given. */
  url?: string | undefined;
  /** An ioredis client you made (Redis, Memorystore, ElastiCache, Upstash over TCP); `close()` leaves it open. */
  client?: Redis | undefined;
  /** Put before every Redis key this store writes, so several stores or apps share one Redis (default `fnport:`). */
  prefix?: string | undefined;
}

/** A `KeyValueStore` on Redis, with the client it uses and `close()`. */
export interface RedisStore extends KeyValueStore {
  readonly client: Redis;
  /** Closes the connection the store opened from `url` (a `client` you passed stays open). */
  close(): Promise<void>;
}

/** Redis holds strings up to 512 MB (proto-max-bulk-len). */
const MAX_VALUE_BYTES = 512 * 1024 * 1024;

const sha1 = (text: string): string => createHash("sha1").update(text).digest("hex");

const ttlArgument = (ttlSeconds: number | undefined): string =>
  ttlSeconds === undefined ? "" : String(Math.max(1, Math.round(ttlSeconds * 1000)));

/**
 * A `KeyValueStore` on Redis: strongly consistent (reads go to the server you connect to; read
 * from a replica and they are not), atomic conditional writes through Lua scripts, TTLs to the
 * millisecond, keys listed in order from a sorted-set index.
 */
export function redisStore(options: RedisStoreOptions): RedisStore {
  if (options.client === undefined && options.url === undefined) throw new TypeError("redisStore needs a url or a client");
  const client = options.client ?? new Redis(options.url as string, { lazyConnect: false });
  const prefix = options.prefix ?? "fnport:";
  const valuePrefix = `${prefix}v:`;
  const indexKey = `${prefix}keys`;
  const name = "redisStore";

  /** Runs a script by its hash, sending its text once when the server does not know it yet (NOSCRIPT). */
  const script = (lua: string) => {
    const hash = sha1(lua);
    return async (keys: string[], args: Array<string | number>): Promise<unknown> => {
      try {
        return await client.evalsha(hash, keys.length, ...keys, ...args);
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
        return client.eval(lua, keys.length, ...keys, ...args);
      }
    };
  };
  const runSet = script(SET);
  const runDelete = script(DELETE);
  const runIncrement = script(INCREMENT);
  const runList = script(LIST);

  const read = async (key: string, signal: AbortSignal | undefined): Promise<{ json: string; version: string } | undefined> => {
    const [json, version] = await abortable(client.hmget(`${valuePrefix}${key}`, "v", "ver"), signal);
    return json == null || version == null ? undefined : { json, version };
  };
  const write = async (
    key: string,
    json: string,
    condition: { mode: "" | "absent" | "version"; version?: string | undefined },
    ttl: string,
    signal: AbortSignal | undefined,
  ): Promise<boolean> => {
    assertValueSize(name, key, json, MAX_VALUE_BYTES);
    const args = [json, randomUUID(), condition.mode, condition.version ?? "", ttl, key];
    return (await abortable(runSet([`${valuePrefix}${key}`, indexKey], args), signal)) === 1;
  };

  const store: RedisStore = {
    name,
    consistency: "strong",
    atomicConditionalWrites: true,
    maxValueBytes: MAX_VALUE_BYTES,
    client,
    async get<T>(key: string, operation?: StoreOperationOptions) {
      assertStoreKey(key);
      operation?.signal?.throwIfAborted();
      const entry = await read(key, operation?.signal);
      return entry === undefined ? undefined : decodeStoreValue<T>(entry.json);
    },
    async getVersioned<T>(key: string, operation?: StoreOperationOptions) {
      assertStoreKey(key);
      operation?.signal?.throwIfAborted();
      const entry = await read(key, operation?.signal);
      return entry === undefined ? undefined : ({ value: decodeStoreValue<T>(entry.json), version: entry.version } as Versioned<T>);
    },
    async set(key, value, setOptions) {
      assertStoreArguments(key, setOptions);
      const json = encodeStoreValue(value);
      const mode = setOptions?.ifAbsent ? "absent" : setOptions?.ifVersion !== undefined ? "version" : "";
      return write(key, json, { mode, version: setOptions?.ifVersion }, ttlArgument(setOptions?.ttlSeconds), setOptions?.signal);
    },
    async delete(key, deleteOptions) {
      assertStoreArguments(key, deleteOptions);
      const result = await abortable(
        runDelete([`${valuePrefix}${key}`, indexKey], [deleteOptions?.ifVersion ?? "", key]),
        deleteOptions?.signal,
      );
      return result === 1;
    },
    async increment(key, by = 1, incrementOptions) {
      assertStoreKey(key);
      assertIncrement(by);
      assertTtl(incrementOptions?.ttlSeconds);
      incrementOptions?.signal?.throwIfAborted();
      try {
        const args = [by, randomUUID(), ttlArgument(incrementOptions?.ttlSeconds), key];
        return Number(await abortable(runIncrement([`${valuePrefix}${key}`, indexKey], args), incrementOptions?.signal));
      } catch (error) {
        const message = error instanceof Error ? error.message : "";
        if (message.includes("FNPORT_NOT_INTEGER")) throw notAnInteger(key);
        if (message.includes("FNPORT_OVERFLOW")) throw incrementOverflow(key);
        throw error;
      }
    },
    update(key, fn, updateOptions) {
      const signal = updateOptions?.signal;
      return updateByVersion(name, key, fn, updateOptions, {
        read: async () => {
          const entry = await read(key, signal);
          return entry === undefined ? undefined : { value: decodeStoreValue(entry.json), version: entry.version };
        },
        write: (json, expectedVersion, ttlSeconds) =>
          write(
            key,
            json,
            expectedVersion === undefined ? { mode: "absent" } : { mode: "version", version: expectedVersion },
            ttlSeconds === undefined ? "keep" : ttlArgument(ttlSeconds),
            signal,
          ),
      });
    },
    async list(listOptions) {
      const { prefix: keyPrefix, limit, cursor } = listArguments(listOptions);
      const reply = (await abortable(runList([indexKey], [valuePrefix, keyPrefix, cursor ?? "", limit]), listOptions?.signal)) as string[];
      const more = reply.pop() === "1";
      const keys = reply;
      return more && keys.length > 0 ? { keys, cursor: keys[keys.length - 1] as string } : { keys };
    },
    async close() {
      if (options.client === undefined) await client.quit();
    },
  };
  return store;
}
