// Runs the sample at the top of this package's README (docs/samples/state-redis/quick-start.ts) against redis-server.
import type { App } from "@fnport/core";
import { httpEvent, invoke } from "@fnport/core/testing";
import { expect, inject, test } from "vitest";

// Loaded by URL: the sample is type-checked with docs/ (this package's settings would ask it for declarations).
const sample = new URL("../../../docs/samples/state-redis/quick-start.ts", import.meta.url).href;
const app = ((await import(sample)) as { default: App }).default;

test("the README's app counts visits in Redis across instances (init opens the store from REDIS_URL)", async () => {
  // Database 5: the keys of the other tests stay apart.
  const env = { REDIS_URL: `${inject("redisUrl")}/5` };
  const first = await invoke(app, httpEvent(), { env });
  const second = await invoke(app, httpEvent(), { env });
  expect([first.status, first.text, second.text]).toEqual([200, '{"visits":1}', '{"visits":2}']);
});
