import { type DurableObjectNamespaceBinding, durableObjectStore, worker } from "@fnport/cloudflare-workers";
import { todos } from "./app.ts";

export { StoreDurableObject } from "@fnport/cloudflare-workers"; // the class behind the STATE binding (wrangler.toml)

// The Durable Object store: strong and atomic. Workers has no wall-clock limit of its own: timeoutMs sets one.
export default worker(
  todos((env: { STATE: DurableObjectNamespaceBinding }) => durableObjectStore(env.STATE)),
  { timeoutMs: 10_000 },
);
