// The todos service on Google Cloud Functions (src/gcf.ts, unchanged): bundled by the `gcp-build` line, run
// by the Functions Framework's CLI as the README's two gcloud lines deploy it (a Pub/Sub trigger receiving
// Eventarc CloudEvents, an HTTP trigger), both on Redis (redis-server) through REDIS_URL.
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { bundleFunction, cloudFunctionsRuntime, deploymentFromGcloud } from "@fnport/example-harness/runtimes";
import { afterAll, inject } from "vitest";
import { describeRuntime } from "./_describe.ts";
import { EXPECTED, INVALID_JSON, type Step } from "./scenario.ts";

// The one answer that differs, and it is the platform's: the Functions Framework parses a JSON body before any
// function runs (Google's runtime is the same framework) and answers one that does not parse with its own 400 page.
const FRAMEWORK_400 = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>Bad Request</pre>
</body>
</html>
`;
const expected: Step[] = EXPECTED.map((step) =>
  "body" in step && (step.body as { error?: string } | null)?.error === INVALID_JSON
    ? { ...step, headers: { "content-type": "text/html; charset=utf-8" }, body: FRAMEWORK_400 }
    : step,
);

// Inside the example (dist/ is ignored): the bundle's import of the framework must find the copy the CLI runs.
const bundle = fileURLToPath(new URL(`../dist/gcf-test-${process.pid}.mjs`, import.meta.url));
afterAll(() => rm(bundle, { force: true }));

describeRuntime(
  cloudFunctionsRuntime(
    "Google Cloud Functions (2nd gen): src/gcf.ts as gcp-build bundles it, under the Functions Framework, an HTTP trigger and a Pub/Sub trigger, Redis store (redis-server)",
    async () => {
      await bundleFunction(fileURLToPath(new URL("../src/gcf.ts", import.meta.url)), bundle);
      return bundle;
    },
    // Database 2 (Cloud Run uses 1, the queue-worker tests 3 and 4): the examples' tests share one redis-server.
    deploymentFromGcloud(readFileSync(new URL("../README.md", import.meta.url), "utf8"), () => ({ REDIS_URL: `${inject("redisUrl")}/2` })),
  ),
  expected,
);
