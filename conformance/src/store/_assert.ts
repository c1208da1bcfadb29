// The suite's assertions: plain node:assert, so the checks run under vitest and from the CLI alike.
import assert from "node:assert/strict";
import type { KeyValueStore } from "@fnport/core";

export { assert };

/** Asserts `promise` rejects with an error named `name` whose message passes `message` (a substring or a pattern). */
export async function rejectsWith(promise: Promise<unknown>, name: string, message: string | RegExp, what: string): Promise<Error> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, `${what}: expected a ${name}, but it resolved`);
  const error = caught as Error;
  assert.equal(error?.name, name, `${what}: expected a ${name}, got ${error?.name}: ${error?.message}`);
  const matches = typeof message === "string" ? error.message.includes(message) : message.test(error.message);
  assert.ok(matches, `${what}: the message ${JSON.stringify(error.message)} should contain ${String(message)}`);
  return error;
}

/** Asserts an operation was refused the way a store refuses what it cannot honour: a StoreUnsupportedError naming it. */
export async function refuses(store: KeyValueStore, operation: string, promise: Promise<unknown>, what: string): Promise<void> {
  await rejectsWith(promise, "StoreUnsupportedError", `${store.name} cannot ${operation}`, what);
}

/** Retries `check` until it passes or `withinMs` passed (0: once): how an eventual store is given time to converge. */
export async function eventually(withinMs: number, check: () => Promise<void>): Promise<void> {
  const until = Date.now() + withinMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() >= until) throw error;
      await sleep(Math.min(500, Math.max(10, withinMs / 20)));
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Runs `fn` over `items`, at most `concurrency` at a time. */
export async function inBatches<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < items.length; start += concurrency) {
    await Promise.all(items.slice(start, start + concurrency).map((item, offset) => fn(item, start + offset)));
  }
}

/** Every key under `prefix`, following cursors; asserts each page holds at most `limit` keys. */
export async function listAll(store: KeyValueStore, prefix: string, limit?: number): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.list(limit === undefined ? { prefix, cursor } : { prefix, limit, cursor });
    pages++;
    assert.ok(Array.isArray(page.keys), "list resolves to { keys: string[], cursor? }");
    if (limit !== undefined) assert.ok(page.keys.length <= limit, `a page of limit ${limit} held ${page.keys.length} keys`);
    keys.push(...page.keys);
    assert.ok(page.cursor === undefined || typeof page.cursor === "string", "a cursor is a string or absent");
    assert.ok(pages <= 10_000, "list kept returning a cursor");
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { keys, pages };
}

export const atomicOnly = (store: KeyValueStore): string | undefined =>
  store.atomicConditionalWrites ? undefined : "no atomic conditional writes (store.refuses-atomic checks it refuses them)";

const utf8 = new TextEncoder();
/** UTF-8 byte order, computed here independently of any store (and of core). */
export function byteOrder(a: string, b: string): number {
  const [x, y] = [utf8.encode(a), utf8.encode(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

/** Asserts `actual` is `expected` exactly: deep equality with prototypes, and the same JSON text (key order included). */
export function sameJson(actual: unknown, expected: unknown, what: string): void {
  assert.deepStrictEqual(actual, expected, what);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), `${what}: JSON text (key order)`);
}

/** A string whose JSON text is exactly `bytes` UTF-8 bytes long, mixing 1-, 2-, 3- and 4-byte characters. */
export function stringOfJsonBytes(bytes: number): string {
  const unit = "aé€🔑"; // 1 + 2 + 3 + 4 = 10 bytes
  const content = bytes - 2; // the quotes
  return unit.repeat(Math.floor(content / 10)) + "x".repeat(content % 10);
}
