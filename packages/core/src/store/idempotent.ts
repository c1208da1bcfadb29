import { StoreUnsupportedError } from "./errors.ts";
import { abortable, assertStoreKey, assertTtl, encodeStoreValue } from "./toolkit.ts";
import type { JsonValue, KeyValueStore, StoreValue } from "./types.ts";

/** Options of `idempotent`. */
export interface IdempotentOptions {
  /** How long a finished run's result is remembered, in seconds (default 86400: a day). */
  ttlSeconds?: number | undefined;
  /**
   * How long a started run holds the key, in seconds (default 60). If it crashes, a duplicate may run
   * after this; set it above your function's timeout so a slow run is never run twice.
   */
  inProgressSeconds?: number | undefined;
  /** Stop waiting for a concurrent duplicate (e.g. `ctx.signal`): rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/** `idempotent` run now, under an explicit key. */
export interface IdempotentKeyOptions extends IdempotentOptions {
  /** What makes two calls duplicates (an order id, a message id, an idempotency-key header, ...). Stored under `idempotent:<key>`. */
  key: string;
}

/** `idempotent` per message: the key comes from each message. */
export interface IdempotentMessageOptions<M> extends IdempotentOptions {
  /** The key of a message (default: `message.id`, which a queue keeps across redeliveries). */
  key?: ((message: M) => string) | undefined;
}

type Marker = { state: "running"; token: string } | { state: "done"; result?: JsonValue };

const DAY = 86_400;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function assertAtomic(store: KeyValueStore): void {
  if (!store.atomicConditionalWrites) {
    throw new StoreUnsupportedError(
      store.name,
      "idempotent",
      "its conditional writes are not atomic, so two duplicates could both run; use a store with atomicConditionalWrites (Redis, DynamoDB, a Durable Object)",
    );
  }
}

async function runOnce<R>(store: KeyValueStore, key: string, options: IdempotentOptions, fn: () => R | Promise<R>): Promise<R> {
  const ttlSeconds = options.ttlSeconds ?? DAY;
  const inProgressSeconds = options.inProgressSeconds ?? 60;
  assertStoreKey(key);
  assertTtl(ttlSeconds);
  assertTtl(inProgressSeconds);
  const { signal } = options;
  const storeKey = `idempotent:${key}`;
  const token = crypto.randomUUID();
  const running: Marker = { state: "running", token };
  for (let wait = 10; ; wait = Math.min(wait * 1.5, 1000)) {
    signal?.throwIfAborted();
    if (await store.set(storeKey, running, { ifAbsent: true, ttlSeconds: inProgressSeconds, signal })) break;
    const marker = await store.get<Marker>(storeKey, { signal });
    if (marker?.state === "done") return marker.result as R;
    // Another run holds the key: wait for its result, or for its marker to go (it failed or expired).
    if (marker !== undefined) await abortable(sleep(wait), signal);
  }

  let result: R;
  try {
    result = await fn();
    if (result !== undefined) encodeStoreValue(result as StoreValue);
  } catch (error) {
    // A failed run is not remembered: let the next delivery run it, unless another run owns the key by now.
    const current = await store.getVersioned<Marker>(storeKey);
    if (current?.value.state === "running" && current.value.token === token) await store.delete(storeKey, { ifVersion: current.version });
    throw error;
  }
  const done: Marker = result === undefined ? { state: "done" } : { state: "done", result: result as JsonValue };
  const current = await store.getVersioned<Marker>(storeKey);
  if (current === undefined) await store.set(storeKey, done, { ifAbsent: true, ttlSeconds });
  else if (current.value.state === "running" && current.value.token === token) {
    await store.set(storeKey, done, { ifVersion: current.version, ttlSeconds });
  }
  return result;
}

/**
 * Runs `fn` once per key however often it is called: concurrent duplicates wait and get the first
 * run's result (it must be JSON or undefined); a run that throws is forgotten, so a retry runs it
 * again; a run that crashed holds the key only `inProgressSeconds`. Needs a store with atomic
 * conditional writes (otherwise a `StoreUnsupportedError`).
 *
 * Without `key`, returns a function of a message keyed by `message.id`, for `forEachMessage`:
 * `forEachMessage(event, idempotent(store, {}, async (message) => ...))`.
 */
export function idempotent<R>(store: KeyValueStore, options: IdempotentKeyOptions, fn: () => R | Promise<R>): Promise<R>;
export function idempotent<M extends { readonly id: string }, R>(
  store: KeyValueStore,
  options: IdempotentMessageOptions<M>,
  fn: (message: M) => R | Promise<R>,
): (message: M) => Promise<R>;
export function idempotent<M extends { readonly id: string }, R>(
  store: KeyValueStore,
  options: IdempotentKeyOptions | IdempotentMessageOptions<M>,
  fn: (() => R | Promise<R>) | ((message: M) => R | Promise<R>),
): Promise<R> | ((message: M) => Promise<R>) {
  if (typeof options.key === "string") {
    const key = options.key;
    return Promise.resolve().then(() => {
      assertAtomic(store);
      return runOnce(store, key, options, fn as () => R | Promise<R>);
    });
  }
  assertAtomic(store);
  const keyOf = (options.key as ((message: M) => string) | undefined) ?? ((message: M) => message.id);
  return (message: M) => runOnce(store, keyOf(message), options, () => (fn as (message: M) => R | Promise<R>)(message));
}
