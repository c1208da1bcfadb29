/** Options of `KeyValueStore.set`. */
export interface SetOptions {
  /** Expire the key after this many seconds (a positive number). */
  ttlSeconds?: number | undefined;
  /** Write only when the key is absent (or expired). */
  ifAbsent?: boolean | undefined;
}

/** State kept outside the function instance. Values are strings: JSON-encode anything else. */
export interface KeyValueStore {
  /** `strong`: a read sees every write that finished before it. `eventual`: it may not, for a while. */
  readonly consistency: "strong" | "eventual";
  /** True when `set(..., { ifAbsent })` and `increment` are atomic across concurrent callers. */
  readonly atomicConditionalWrites: boolean;
  get(key: string): Promise<string | undefined>;
  /** Resolves to false when `ifAbsent` was set and the key existed; true when written. */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Adds `by` (default 1) to an integer value, starting from 0; keeps the key's expiry. Resolves to the new value. */
  increment(key: string, by?: number): Promise<number>;
}

/** Throws a `TypeError` for an empty key or an invalid TTL; every store calls it. */
export function assertStoreArguments(key: string, options?: SetOptions): void {
  if (typeof key !== "string" || key === "") throw new TypeError("A store key must be a non-empty string");
  const ttl = options?.ttlSeconds;
  if (ttl !== undefined && !(Number.isFinite(ttl) && ttl > 0)) {
    throw new TypeError(`ttlSeconds must be a positive number, got ${ttl}`);
  }
}

/** Throws a `TypeError` when `by` is not a safe integer. */
export function assertIncrement(by: number): void {
  if (!Number.isSafeInteger(by)) throw new TypeError(`increment expects an integer, got ${by}`);
}
