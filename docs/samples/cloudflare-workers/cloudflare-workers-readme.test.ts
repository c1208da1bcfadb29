// Runs the samples of packages/cloudflare-workers/README.md in workerd (Miniflare), bundled as wrangler bundles them.
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { bundleWorker, collectLines } from "@fnport/example-harness/runtimes";
import { Miniflare } from "miniflare";
import { expect, test } from "vitest";

const entry = (name: string) => fileURLToPath(new URL(name, import.meta.url));

test("src/worker.ts: worker(app) answers fetch", { timeout: 60_000 }, async () => {
  const mf = new Miniflare({ modules: true, script: await bundleWorker(entry("worker.ts")), compatibilityDate: "2026-04-01" });
  try {
    const response = await mf.dispatchFetch("http://worker.test/hello");
    expect([response.status, await response.text()]).toEqual([200, '{"path":"/hello"}']);
  } finally {
    await mf.dispose();
  }
});

test("State: a message delivered three times at once is handled once (durableObjectStore + idempotent)", { timeout: 60_000 }, async () => {
  const lines: string[] = [];
  const mf = new Miniflare({
    modules: true,
    script: await bundleWorker(entry("state.ts")),
    compatibilityDate: "2026-04-01",
    durableObjects: { STATE: { className: "StoreDurableObject", useSQLite: true } },
    queueConsumers: { jobs: { maxRetries: 0 } },
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => collectLines(lines, stdout, stderr),
  });
  try {
    const worker = await mf.getWorker();
    const message = { id: "m-1", timestamp: new Date(), attempts: 1, body: "charge order 7" };
    const outcomes = await Promise.all([worker.queue("jobs", [message]), worker.queue("jobs", [message]), worker.queue("jobs", [message])]);
    expect(outcomes.map((outcome) => [outcome.outcome, outcome.ackAll, outcome.retryMessages])).toEqual(Array(3).fill(["ok", true, []]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines.filter((line) => line.includes("once:"))).toEqual(["once: charge order 7"]);
  } finally {
    await mf.dispose();
  }
});
