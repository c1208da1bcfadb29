// The todos service on Cloudflare Workers (src/worker.ts, unchanged) in workerd through Miniflare, configured by
// wrangler.toml: the Durable Object store, the import queue, the nightly cron.
import { fileURLToPath } from "node:url";
import { workersRuntime } from "@fnport/example-harness/runtimes";
import { describeRuntime } from "./_describe.ts";

describeRuntime(
  workersRuntime(
    "Cloudflare Workers: src/worker.ts in workerd (Miniflare), Durable Object store",
    fileURLToPath(new URL("../wrangler.toml", import.meta.url)),
  ),
);
