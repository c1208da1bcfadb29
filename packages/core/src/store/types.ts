/** A value JSON represents exactly: what every store keeps and gives back. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * What `set` and `update` accept: JSON values, including your own interfaces (typed `object`).
 * Checked at run time: `undefined`, `NaN`, `Infinity`, `BigInt`, functions, `Date`, `Map`, class
 * instances and cycles are refused with a `TypeError`, so what you get back equals what you set.
 */
export type StoreValue = null | boolean | number | string | object;

/** Options every operation takes. */
export interface StoreOperationOptions {
  /** Stop waiting when it aborts: the operation rejects with `signal.reason` (a write may still have happened). */
  signal?: AbortSignal | undefined;
}

/** Options of `KeyValueStore.set`. */
export interface SetOptions extends StoreOperationOptions {
  /** Expire the key after this many seconds (a positive number; fractions allowed). Without it, the key never expires. */
  ttlSeconds?: number | undefined;
  /** Write only when the key is absent (or expired). Atomic where `atomicConditionalWrites` is true. */
  ifAbsent?: boolean | undefined;
  /** Write only when the key's version is still this one (from `getVersioned`). Atomic where `atomicConditionalWrites` is true. */
  ifVersion?: string | undefined;
}

/** Options of `KeyValueStore.delete`. */
export interface DeleteOptions extends StoreOperationOptions {
  /** Delete only when the key's version is still this one (from `getVersioned`). */
  ifVersion?: string | undefined;
}

/** Options of `KeyValueStore.increment`. */
export interface IncrementOptions extends StoreOperationOptions {
  /** When this increment creates the key, expire it after this many seconds (an existing key keeps its expiry). */
  ttlSeconds?: number | undefined;
}

/** Options of `KeyValueStore.update`. */
export interface UpdateOptions extends StoreOperationOptions {
  /** How many times to read and try again when another writer changed the key in between (default 20). */
  retries?: number | undefined;
  /** Expire the key this many seconds after the update; without it the key keeps its expiry. */
  ttlSeconds?: number | undefined;
}

/** Options of `KeyValueStore.list`. */
export interface ListOptions extends StoreOperationOptions {
  /** Only keys starting with this (default: every key). */
  prefix?: string | undefined;
  /** At most this many keys in the page (default and maximum 1000). */
  limit?: number | undefined;
  /** Where to go on: the `cursor` of the previous page. */
  cursor?: string | undefined;
}

/** One page of `list`. */
export interface ListPage {
  /** Keys in order of their code points (UTF-8 byte order), expired keys left out. A page may be shorter than `limit`. */
  keys: string[];
  /** Present when more keys may follow: pass it to the next `list`. */
  cursor?: string;
}

/** A value with the version it was read at. */
export interface Versioned<T> {
  value: T;
  /** Opaque; changes on every write. Pass it as `ifVersion` to write only if nobody wrote in between. */
  version: string;
}

/**
 * State kept outside the function instance. Values are JSON and come back exactly as set (a `-0`
 * comes back as `0`; object properties that are `undefined` are left out, as `JSON.stringify` does).
 */
export interface KeyValueStore {
  /** Names the store (and its table or namespace) in error messages: `redisStore`, `dynamoStore("todos")`, ... */
  readonly name: string;
  /** `strong`: a read sees every write that finished before it. `eventual`: it may not, for a while. */
  readonly consistency: "strong" | "eventual";
  /**
   * True when `ifAbsent`, `ifVersion`, `increment` and `update` are atomic across concurrent callers.
   * A store without atomic conditional writes throws a `StoreUnsupportedError` for them instead of pretending.
   */
  readonly atomicConditionalWrites: boolean;
  /** The largest value it holds, in UTF-8 bytes of its JSON; a larger one is refused with a `StoreUnsupportedError`. */
  readonly maxValueBytes: number;
  /** The value, or `undefined` when the key is absent or expired. `T` is what you know the value to be (not checked). */
  get<T = JsonValue>(key: string, options?: StoreOperationOptions): Promise<T | undefined>;
  /** The value with its version, for a conditional write (`set(key, value, { ifVersion })`). */
  getVersioned<T = JsonValue>(key: string, options?: StoreOperationOptions): Promise<Versioned<T> | undefined>;
  /** Resolves to false when an `ifAbsent` or `ifVersion` condition did not hold (nothing written); true when written. */
  set(key: string, value: StoreValue, options?: SetOptions): Promise<boolean>;
  /** Resolves to false when an `ifVersion` condition did not hold (nothing deleted); true otherwise, absent keys included. */
  delete(key: string, options?: DeleteOptions): Promise<boolean>;
  /** Adds `by` (an integer, default 1) to an integer value, starting from 0; keeps the key's expiry. Resolves to the new value. */
  increment(key: string, by?: number, options?: IncrementOptions): Promise<number>;
  /**
   * Read-modify-write without lost updates: calls `fn` with the current value (`undefined` when absent)
   * and writes what it returns only if nobody wrote in between; otherwise reads again and retries.
   * Resolves to the value written; a `StoreConflictError` after `retries` conflicts.
   */
  update<T = JsonValue>(key: string, fn: (current: T | undefined) => T | Promise<T>, options?: UpdateOptions): Promise<T>;
  /** One page of keys in order. Keep calling with the returned `cursor` until it is absent. */
  list(options?: ListOptions): Promise<ListPage>;
}
