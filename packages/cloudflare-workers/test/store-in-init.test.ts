// durableObjectStore made once per isolate (in init) serves every request: workerd refuses I/O through a
// Durable Object stub made during another request, so the store must not keep one.
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startStoresWorker } from "./_stores-workerd.ts";

let mf: Miniflare;
beforeAll(async () => {
  mf = await startStoresWorker(new URL("./workers/store-in-init.ts", import.meta.url));
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
});

test("a durableObjectStore opened in init answers on the isolate's later requests too", async () => {
  const answers: Array<[number, string]> = [];
  for (let i = 0; i < 3; i++) {
    const response = await mf.dispatchFetch("http://worker.test/visit");
    answers.push([response.status, await response.text()]);
  }
  expect(answers).toEqual([
    [200, '{"visits":1}'],
    [200, '{"visits":2}'],
    [200, '{"visits":3}'],
  ]);
});
