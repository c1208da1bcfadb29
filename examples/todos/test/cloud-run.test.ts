// The todos service on Google Cloud Run (src/cloud-run.ts, unchanged): bundled as the Dockerfile bundles it, a
// real server process on a loopback port, its store Redis (redis-server) through REDIS_URL as service.yaml sets it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleServer, cloudRunRuntime } from "@fnport/example-harness/runtimes";
import { afterAll, inject } from "vitest";
import { describeRuntime } from "./_describe.ts";

const dir = await mkdtemp(join(tmpdir(), "fnport-todos-cloud-run-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describeRuntime(
  cloudRunRuntime(
    "Google Cloud Run: src/cloud-run.ts as the Dockerfile builds it, a server process on loopback, Redis store (redis-server)",
    async () => {
      const bundle = join(dir, "server.mjs");
      await bundleServer(fileURLToPath(new URL("../src/cloud-run.ts", import.meta.url)), bundle);
      return bundle;
    },
    // Database 1: the Cloud Functions test uses 2, so both can run at once against one redis-server.
    () => ({ REDIS_URL: `${inject("redisUrl")}/1` }),
  ),
);
