// The payments consumer on Google Cloud Run (src/cloud-run.ts, unchanged): bundled as the Dockerfile bundles it,
// a server process on loopback, one Pub/Sub push per message, Redis (redis-server) through REDIS_URL.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleServer, cloudRunRuntime } from "@fnport/example-harness/runtimes";
import { afterAll, inject } from "vitest";
import { describeRuntime } from "./_describe.ts";

const dir = await mkdtemp(join(tmpdir(), "fnport-payments-cloud-run-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describeRuntime(
  cloudRunRuntime(
    "Google Cloud Run: src/cloud-run.ts as the Dockerfile builds it, Pub/Sub push, Redis store (redis-server)",
    async () => {
      const bundle = join(dir, "server.mjs");
      await bundleServer(fileURLToPath(new URL("../src/cloud-run.ts", import.meta.url)), bundle);
      return bundle;
    },
    // Database 3 (the todos tests use 1 and 2), so both examples can run at once against one redis-server.
    () => ({ REDIS_URL: `${inject("redisUrl")}/3` }),
  ),
);
