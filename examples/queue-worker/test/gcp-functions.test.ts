// The payments consumer on Google Cloud Functions (src/gcf.ts, unchanged): bundled by the `gcp-build` line, run
// by the Functions Framework's CLI as the README's two gcloud lines deploy it (a Pub/Sub trigger receiving
// Eventarc CloudEvents, an HTTP trigger), both on Redis (redis-server) through REDIS_URL.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { bundleFunction, cloudFunctionsRuntime, deploymentFromGcloud } from "@fnport/example-harness/runtimes";
import { afterAll, inject } from "vitest";
import { describeRuntime } from "./_describe.ts";

// Inside the example (dist/ is ignored): the bundle's import of the framework must find the copy the CLI runs.
const bundle = fileURLToPath(new URL(`../dist/gcf-test-${process.pid}.mjs`, import.meta.url));
afterAll(() => rm(bundle, { force: true }));

describeRuntime(
  cloudFunctionsRuntime(
    "Google Cloud Functions (2nd gen): src/gcf.ts as gcp-build bundles it, under the Functions Framework, a Pub/Sub trigger and an HTTP trigger, Redis store (redis-server)",
    async () => {
      await bundleFunction(fileURLToPath(new URL("../src/gcf.ts", import.meta.url)), bundle);
      return bundle;
    },
    // Database 4 (Cloud Run uses 3, the todos tests 1 and 2): the examples' tests share one redis-server.
    deploymentFromGcloud(readFileSync(new URL("../README.md", import.meta.url), "utf8"), () => ({ REDIS_URL: `${inject("redisUrl")}/4` })),
  ),
);
