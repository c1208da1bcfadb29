import { type DurableObjectNamespaceBinding, durableObjectStore, worker } from "@fnport/cloudflare-workers";
import { payments } from "./app.ts";

export { StoreDurableObject } from "@fnport/cloudflare-workers"; // the class behind the STATE binding (wrangler.toml)

// idempotent() needs atomic conditional writes: the Durable Object store has them (Workers KV does not).
export default worker(
  payments((env: { STATE: DurableObjectNamespaceBinding }) => durableObjectStore(env.STATE)),
  { timeoutMs: 30_000 },
);
