// The store suite inside workerd: each check runs in the worker, on the real KV and Durable Object
// implementations Miniflare gives workerd.
import { storeChecks } from "@fnport/conformance/store/checks";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStoresWorker } from "./_stores-workerd.ts";

let mf: Miniflare;
beforeAll(async () => {
  mf = await startStoresWorker(new URL("./workers/stores.ts", import.meta.url));
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
});

const runPrefix = `fnport-conformance/${Date.now().toString(36)}/`;

for (const store of ["kv", "do"] as const) {
  describe(`store conformance: ${store === "kv" ? "workersKvStore" : "durableObjectStore"} in workerd`, () => {
    for (const check of storeChecks) {
      it(`${check.id}: ${check.title}`, { timeout: 60_000 }, async (context) => {
        const response = await mf.dispatchFetch("http://worker.test/check", {
          method: "POST",
          body: JSON.stringify({ store, id: check.id, runPrefix: `${runPrefix}${store}/` }),
        });
        const result = (await response.json()) as { status: string; message?: string };
        if (result.status === "skip") context.skip(result.message);
        expect(result.message ?? "").toBe("");
        expect(result.status).toBe("pass");
      });
    }
  });
}
