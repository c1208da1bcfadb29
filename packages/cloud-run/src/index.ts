export { DEFAULT_DRAIN_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from "./_options.ts";
export { type DeliveryKind, deliveryEvent, deliveryKind } from "./deliveries.ts";
export {
  fromGoogleCloudEvent,
  PUBSUB_MESSAGE_PUBLISHED,
  SCHEDULER_JOB_EXECUTED,
  type StorageObjectJson,
  storageObjectEvent,
} from "./google/events.ts";
export {
  PUBSUB_SOURCE,
  type PubSubMessageJson,
  type PubSubPushEnvelope,
  parsePubSubPush,
  pubSubMessagesEvent,
  unwrappedPubSubMessagesEvent,
} from "./google/pubsub.ts";
export { cloudSchedulerEvent } from "./google/scheduler.ts";
export { CLOUD_TASKS_SOURCE, cloudTasksMessagesEvent, type GoogleHttpDelivery } from "./google/tasks.ts";
export {
  type CloudRunApp,
  type CloudRunNative,
  type NodeHandler,
  type NodeHandlerOptions,
  toNodeHandler,
} from "./node-handler.ts";
export { type CloudRunOptions, type CloudRunServer, cloudRun } from "./server.ts";
export { cloudLoggingTraceFields, type TraceContext, traceContext, traceRequestId } from "./trace.ts";
