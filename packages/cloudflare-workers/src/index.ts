export { type DurableObjectStoreOptions, durableObjectStore } from "./durable-object-store.ts";
export { workersKvStore } from "./kv-store.ts";
export type {
  ExecutionContext,
  MessageBatch,
  QueueMessage,
  QueueRetryOptions,
  ScheduledController,
  WorkerRequest,
  WorkerRequestHeaders,
} from "./native-types.ts";
export { StoreDurableObject } from "./store-durable-object.ts";
export type {
  DurableObjectNamespaceBinding,
  DurableObjectResponse,
  DurableObjectStateLike,
  DurableObjectStorageLike,
  DurableObjectStubLike,
  KvNamespaceBinding,
} from "./store-types.ts";
export { type WorkerHandlers, type WorkerOptions, worker } from "./worker.ts";
