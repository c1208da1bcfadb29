// A worker that opens its Durable Object store once, in init, as a Lambda or Cloud Run app opens Redis or DynamoDB,
// and uses it on every request of the isolate.
import { defineHandler, json, type KeyValueStore } from "@fnport/core";
import {
  type DurableObjectNamespaceBinding,
  durableObjectStore,
  StoreDurableObject,
  type WorkerHandlers,
  worker,
} from "../../src/index.ts";

export { StoreDurableObject };

const app = defineHandler<{ store: KeyValueStore }, { STATE: DurableObjectNamespaceBinding }>({
  init: (env) => ({ store: durableObjectStore(env.STATE) }),
  handle: async (_, ctx) => json({ visits: await ctx.deps.store.increment("visits") }),
});

const handlers: WorkerHandlers<{ STATE: DurableObjectNamespaceBinding }> = worker(app);
export default handlers;
