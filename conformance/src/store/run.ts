import type { KeyValueStore } from "@fnport/core";
import { type StoreCheck, type StoreCheckContext, storeChecks } from "./checks.ts";

// @fnport/conformance/store/checks: the store suite without vitest (for the CLI, or to run checks inside another runtime).
export { type StoreCheck, type StoreCheckContext, storeChecks };

/** Options of the store suite. */
export interface StoreSuiteOptions {
  /** The TTL expiry is checked with, in seconds (default 1): the store must honour it to the millisecond, give or take 100 ms. */
  ttlSeconds?: number;
  /** How long an eventual store may take to show a write, in ms (default 0 for strong stores, 60,000 for eventual ones). */
  settleMs?: number;
  /** Run only the checks whose id contains this. */
  only?: string;
}

/** A store to hold to the suite: created once for the run, disposed after. */
export interface StoreFactory {
  /** Shown in reports (default: the store's `name`). */
  name?: string;
  create(): KeyValueStore | Promise<KeyValueStore>;
  dispose?(store: KeyValueStore): void | Promise<void>;
}

/** The outcome of one check. */
export interface StoreCheckResult {
  id: string;
  title: string;
  status: "pass" | "fail" | "skip";
  /** Why it failed or was skipped. */
  message?: string;
  ms: number;
}

/** A prefix of its own for each run: checks never meet keys of an earlier or concurrent run. */
export function newRunPrefix(): string {
  return `fnport-conformance/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}/`;
}

/** The context `check` runs with on `store`. */
export function checkContext(store: KeyValueStore, check: StoreCheck, runPrefix: string, options: StoreSuiteOptions): StoreCheckContext {
  return {
    store,
    prefix: `${runPrefix}${check.id}/`,
    ttlSeconds: options.ttlSeconds ?? 1,
    settleMs: options.settleMs ?? (store.consistency === "eventual" ? 60_000 : 0),
  };
}

/** The checks `options.only` selects. */
export function selectedChecks(options: StoreSuiteOptions): StoreCheck[] {
  return storeChecks.filter((check) => options.only === undefined || check.id.includes(options.only));
}

/** Deletes every key a run left under `runPrefix` (best effort: a store that cannot list keeps them). */
export async function removeRunKeys(store: KeyValueStore, runPrefix: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix: runPrefix, cursor });
    await Promise.all(page.keys.map((key) => store.delete(key)));
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/** Runs one check on `store` under `runPrefix` and resolves to its outcome (it does not throw for a failure). */
export async function runStoreCheck(
  store: KeyValueStore,
  check: StoreCheck,
  runPrefix: string,
  options: StoreSuiteOptions = {},
): Promise<StoreCheckResult> {
  const started = performance.now();
  const skip = check.skip?.(store);
  const result: StoreCheckResult = { id: check.id, title: check.title, status: "pass", ms: 0 };
  if (skip !== undefined) Object.assign(result, { status: "skip", message: skip });
  else {
    try {
      await check.run(checkContext(store, check, runPrefix, options));
    } catch (error) {
      Object.assign(result, { status: "fail", message: error instanceof Error ? error.message : String(error) });
    }
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

/** Runs every check on `store`, one after another, and resolves to their outcomes (it does not throw for a failed check). */
export async function runStoreConformance(store: KeyValueStore, options: StoreSuiteOptions = {}): Promise<StoreCheckResult[]> {
  const runPrefix = newRunPrefix();
  const results: StoreCheckResult[] = [];
  for (const check of selectedChecks(options)) results.push(await runStoreCheck(store, check, runPrefix, options));
  await removeRunKeys(store, runPrefix).catch(() => {});
  return results;
}
