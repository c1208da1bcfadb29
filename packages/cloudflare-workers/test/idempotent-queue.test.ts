// idempotent() on durableObjectStore in workerd: the same Workers Queue batch delivered 8 times at
// once runs each message's effect exactly once; the message whose first run fails is retried once.
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startStoresWorker } from "./_stores-workerd.ts";

let mf: Miniflare;
beforeAll(async () => {
  mf = await startStoresWorker(new URL("./workers/stores.ts", import.meta.url), {
    queueConsumers: { jobs: { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 0 } },
  });
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
});

const batch = () =>
  Array.from({ length: 6 }, (_, i) => ({ id: `msg-${i}`, timestamp: new Date(Date.UTC(2026, 0, 1)), attempts: 1, body: `charge-${i}` }));

test("each effect happens once under concurrent duplicate deliveries of a Workers Queue batch", { timeout: 30_000 }, async () => {
  const worker = await mf.getWorker();
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => worker.queue("jobs", batch())));
  const { runs, effects } = (await (await mf.dispatchFetch("http://worker.test/effects")).json()) as { runs: string[]; effects: string[] };
  expect(effects.toSorted()).toEqual(Array.from({ length: 6 }, (_, i) => `charge-${i}`));
  expect(runs.filter((run) => run === "charge-3")).toHaveLength(2);
  // Only the delivery whose run failed retries msg-3; the duplicates waiting on it ran it again.
  expect(outcomes.flatMap((outcome) => outcome.retryMessages)).toEqual([{ msgId: "msg-3" }]);
  expect(outcomes.every((outcome) => outcome.outcome === "ok")).toBe(true);

  const again = await worker.queue("jobs", batch());
  expect(again).toEqual({ outcome: "ok", ackAll: true, retryBatch: { retry: false }, explicitAcks: [], retryMessages: [] });
  expect(((await (await mf.dispatchFetch("http://worker.test/effects")).json()) as { effects: string[] }).effects).toHaveLength(6);
});
