// @fnport/core/testing: run a handler in a unit test, with no provider at all.
export {
  type CloudEventInit,
  cloudEvent,
  type HttpEventOptions,
  httpEvent,
  type MessageOptions,
  type MessagesEventOptions,
  messagesEvent,
  type ScheduleEventOptions,
  type StorageEventOptions,
  scheduleEvent,
  storageEvent,
} from "./testing/builders.ts";
export { type InvokeOptions, invoke, type TestHttpResponse } from "./testing/invoke.ts";
