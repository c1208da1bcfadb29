// What every store does the same way, for our stores and third parties' (exported from `@fnport/core/adapter`).
import { StoreConflictError, StoreUnsupportedError } from "./errors.ts";
import type { JsonValue, ListOptions, SetOptions, StoreValue, UpdateOptions } from "./types.ts";

const LONE_SURROGATE = /\p{Cs}/u;

/** Throws a `TypeError` unless `key` is a non-empty string of well-formed Unicode (UTF-8 can encode it). */
export function assertStoreKey(key: string): void {
  if (typeof key !== "string" || key === "") throw new TypeError("A store key must be a non-empty string");
  if (LONE_SURROGATE.test(key)) throw new TypeError(`A store key must be well-formed Unicode: ${JSON.stringify(key)} has a lone surrogate`);
}

/** Throws a `TypeError` unless `ttlSeconds` is absent or a positive finite number. */
export function assertTtl(ttlSeconds: number | undefined): void {
  if (ttlSeconds !== undefined && !(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) {
    throw new TypeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
}

/** Throws a `TypeError` for a bad key, TTL or condition; every store calls it first. */
export function assertStoreArguments(key: string, options?: SetOptions): void {
  assertStoreKey(key);
  if (options === undefined) return;
  assertTtl(options.ttlSeconds);
  if (options.ifVersion !== undefined) {
    if (typeof options.ifVersion !== "string" || options.ifVersion === "")
      throw new TypeError("ifVersion must be a version from getVersioned");
    if (options.ifAbsent) throw new TypeError("ifAbsent and ifVersion cannot be used together");
  }
  options.signal?.throwIfAborted();
}

/** Throws a `TypeError` when `by` is not a safe integer. */
export function assertIncrement(by: number): void {
  if (!Number.isSafeInteger(by)) throw new TypeError(`increment expects an integer, got ${by}`);
}

/** The error for incrementing a value that is not an integer (every store throws this one). */
export function notAnInteger(key: string): TypeError {
  return new TypeError(`Cannot increment ${JSON.stringify(key)}: its value is not an integer`);
}

/** The error for an increment whose result would not be a safe integer. */
export function incrementOverflow(key: string): RangeError {
  return new RangeError(`Cannot increment ${JSON.stringify(key)}: the result would pass Number.MAX_SAFE_INTEGER`);
}

/** The next value of an increment from the current JSON (absent: 0); throws `notAnInteger` or `incrementOverflow`. */
export function incremented(key: string, currentJson: string | undefined, by: number): number {
  const current = currentJson === undefined ? 0 : JSON.parse(currentJson);
  if (!Number.isSafeInteger(current)) throw notAnInteger(key);
  const next = current + by;
  if (!Number.isSafeInteger(next)) throw incrementOverflow(key);
  return next;
}

/** `prefix`, `limit` and `cursor` of a `list` call, checked, with the defaults filled in. */
export function listArguments(options: ListOptions | undefined): { prefix: string; limit: number; cursor: string | undefined } {
  const prefix = options?.prefix ?? "";
  const limit = options?.limit ?? 1000;
  if (typeof prefix !== "string") throw new TypeError("list prefix must be a string");
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new TypeError(`list limit must be an integer from 1 to 1000, got ${limit}`);
  const cursor = options?.cursor;
  if (cursor !== undefined && (typeof cursor !== "string" || cursor === ""))
    throw new TypeError("list cursor must be the cursor of a previous page");
  options?.signal?.throwIfAborted();
  return { prefix, limit, cursor };
}

const article = (name: string): string => (/^[aeio]/i.test(name) ? `an ${name}` : `a ${name}`);
const propertyPath = (path: string, name: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;

/** Describes the first part of `value` that JSON cannot represent exactly, or undefined when there is none. */
function notJson(value: unknown, path: string, parents: object[]): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${path} is ${value}`;
    case "object": {
      if (value === null) return undefined;
      if (parents.includes(value)) return `${path} refers back to itself (a cycle)`;
      if (Array.isArray(value)) {
        parents.push(value);
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return `${path}[${i}] is a hole in the array`;
          const problem = notJson(value[i], `${path}[${i}]`, parents);
          if (problem !== undefined) return problem;
        }
        parents.pop();
        return undefined;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        const name = (prototype as { constructor?: { name?: string } }).constructor?.name || "object with a prototype";
        return `${path} is ${article(name)}`;
      }
      parents.push(value);
      for (const name of Object.keys(value)) {
        const property = (value as Record<string, unknown>)[name];
        if (property === undefined) continue; // left out, as JSON.stringify does
        const problem = notJson(property, propertyPath(path, name), parents);
        if (problem !== undefined) return problem;
      }
      parents.pop();
      return undefined;
    }
    case "bigint":
      return `${path} is a BigInt`;
    default:
      return `${path} is ${typeof value === "undefined" ? "undefined" : article(typeof value)}`;
  }
}

/** The JSON text of a store value; a `TypeError` naming the first part JSON cannot represent exactly. */
export function encodeStoreValue(value: StoreValue): string {
  const problem = notJson(value, "value", []);
  if (problem !== undefined) throw new TypeError(`A store value must be JSON: ${problem}`);
  return JSON.stringify(value);
}

/** The value of stored JSON text. */
export function decodeStoreValue<T = JsonValue>(json: string): T {
  return JSON.parse(json) as T;
}

/** UTF-8 length of a string without encoding it (JSON text has no lone surrogates). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Throws a `StoreUnsupportedError` when the value's JSON is over the store's `maxValueBytes`. */
export function assertValueSize(store: string, key: string, json: string, maxValueBytes: number): void {
  if (json.length <= maxValueBytes / 3) return; // cannot be over: at most 3 bytes per code unit
  const bytes = utf8Length(json);
  if (bytes > maxValueBytes) {
    throw new StoreUnsupportedError(
      store,
      "set",
      `the value of ${JSON.stringify(key)} is ${bytes} bytes of JSON; it holds at most ${maxValueBytes}`,
    );
  }
}

// Code units D800–DFFF (surrogates) sort above E000–FFFF in code point order: shift both ranges.
const codePointRank = (unit: number): number => (unit < 0xd800 ? unit : unit < 0xe000 ? unit + 0x2000 : unit - 0x800);

/** Compares keys in code point order, which is UTF-8 byte order: the order every store lists keys in. */
export function compareStoreKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Resolves or rejects like `promise`, or rejects with `signal.reason` as soon as the signal aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** The two primitives `update` is built on. */
export interface VersionedAccess {
  /** The current value and version, or undefined when the key is absent or expired. */
  read(): Promise<{ value: JsonValue; version: string } | undefined>;
  /**
   * Writes `json` only if the key is still at `expectedVersion` (undefined: still absent). Without
   * `ttlSeconds` the key keeps its expiry. Resolves to whether it wrote.
   */
  write(json: string, expectedVersion: string | undefined, ttlSeconds: number | undefined): Promise<boolean>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `KeyValueStore.update` on any store with versions: read, call `fn`, write if unchanged; on a
 * conflict wait a random, growing while (so 50 writers of one key do not collide forever) and retry.
 */
export async function updateByVersion<T>(
  store: string,
  key: string,
  fn: (current: T | undefined) => T | Promise<T>,
  options: UpdateOptions | undefined,
  access: VersionedAccess,
): Promise<T> {
  assertStoreKey(key);
  assertTtl(options?.ttlSeconds);
  const retries = options?.retries ?? 20;
  if (!(retries === Number.POSITIVE_INFINITY || (Number.isInteger(retries) && retries >= 0))) {
    throw new TypeError(`retries must be a non-negative integer, got ${retries}`);
  }
  const signal = options?.signal;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    const current = await abortable(access.read(), signal);
    const next = await fn(current?.value as T | undefined);
    const json = encodeStoreValue(next as StoreValue);
    signal?.throwIfAborted();
    if (await abortable(access.write(json, current?.version, options?.ttlSeconds), signal)) return next;
    if (attempt >= retries) throw new StoreConflictError(store, key, attempt + 1);
    await sleep(Math.random() * Math.min(250, 2 * 2 ** attempt));
  }
}
