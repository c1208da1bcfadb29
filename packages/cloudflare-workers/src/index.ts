export type {
  ExecutionContext,
  MessageBatch,
  QueueMessage,
  QueueRetryOptions,
  ScheduledController,
  WorkerRequest,
  WorkerRequestHeaders,
} from "./native-types.ts";
export { type WorkerHandlers, type WorkerOptions, worker } from "./worker.ts";
