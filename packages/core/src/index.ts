export type { Context, DefaultEnv } from "./context.ts";
export { BodyTooLargeError, HttpError, type HttpErrorOptions, InvalidBodyError, isHttpError, type ValidationIssue } from "./errors.ts";
export type {
  BodyReader,
  CloudEventEvent,
  EventKind,
  FnEvent,
  HttpEvent,
  Message,
  MessagesEvent,
  ScheduleEvent,
  StorageEvent,
} from "./events.ts";
export { type App, defineHandler, type Handler, type HandlerDefinition } from "./handler.ts";
export type { Logger, LogLevel } from "./logger.ts";
export { type ForEachMessageOptions, forEachMessage } from "./messages.ts";
export {
  type HandlerResult,
  type HeaderValue,
  type HttpResponseInit,
  type HttpResult,
  html,
  json,
  type MessagesResult,
  type ResponseOptions,
  redirect,
  text,
} from "./results.ts";
export { validate } from "./schema.ts";
export { type MemoryStoreOptions, memoryStore } from "./store/memory.ts";
export type { KeyValueStore, SetOptions } from "./store/types.ts";
