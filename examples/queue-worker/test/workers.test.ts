// The payments consumer on Cloudflare Workers (src/worker.ts, unchanged) in workerd through Miniflare, with the
// queue consumer and Durable Object binding wrangler reads from wrangler.toml.
import { fileURLToPath } from "node:url";
import { workersRuntime } from "@fnport/example-harness/runtimes";
import { describeRuntime } from "./_describe.ts";

describeRuntime(
  workersRuntime(
    "Cloudflare Workers: src/worker.ts in workerd (Miniflare), Queues, Durable Object store",
    fileURLToPath(new URL("../wrangler.toml", import.meta.url)),
  ),
);
