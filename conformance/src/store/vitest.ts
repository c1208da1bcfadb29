import type { KeyValueStore } from "@fnport/core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { checkContext, newRunPrefix, removeRunKeys, type StoreSuiteOptions, selectedChecks } from "./run.ts";

/** Options of `describeStoreConformance`. */
export interface DescribeStoreConformanceOptions<S extends KeyValueStore = KeyValueStore> extends StoreSuiteOptions {
  /** Names the describe block (default `store`). */
  name?: string;
  /** Per-check timeout in ms (default 60 s: a check writes 1,000 keys). */
  timeout?: number;
  /** Called after the last check with the store `create` made (close a client, stop a server). */
  dispose?(store: S): void | Promise<void>;
}

/**
 * Registers every check of the store suite as a vitest test for the store `create` makes (once,
 * before the first check). A check that does not apply to the store is skipped with the reason.
 */
export function describeStoreConformance<S extends KeyValueStore>(
  create: () => S | Promise<S>,
  options: DescribeStoreConformanceOptions<S> = {},
): void {
  const timeout = options.timeout ?? 60_000;
  describe(`store conformance: ${options.name ?? "store"}`, () => {
    let store: S | undefined;
    const runPrefix = newRunPrefix();
    beforeAll(async () => {
      store = await create();
    }, timeout);
    afterAll(async () => {
      if (store === undefined) return;
      await removeRunKeys(store, runPrefix).catch(() => {});
      await options.dispose?.(store);
    }, timeout);
    for (const check of selectedChecks(options)) {
      it(
        `${check.id}: ${check.title}`,
        async (context) => {
          if (store === undefined) throw new Error("the store factory failed (see beforeAll)");
          const skip = check.skip?.(store);
          if (skip !== undefined) context.skip(skip);
          await check.run(checkContext(store, check, runPrefix, options));
        },
        timeout,
      );
    }
  });
}
