export type { StandardSchemaV1 } from "@standard-schema/spec";
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
export {
  contextOf,
  type FetchApp,
  type FetchAppHandler,
  type FetchExecutionContext,
  type FetchFunction,
  fromFetch,
} from "./fetch-app.ts";
export { type App, defineHandler, type Handler, type HandlerDefinition } from "./handler.ts";
export type { BodyStream } from "./http/stream-body.ts";
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
export type { AnyPathParams, PathParams } from "./router/params.ts";
export {
  createRouter,
  type RouteEvent,
  type RouteHandler,
  type RouteResult,
  type Router,
  type RouterOptions,
} from "./router/router.ts";
export { validate } from "./schema.ts";
export { StoreConflictError, StoreError, StoreUnsupportedError } from "./store/errors.ts";
export { type IdempotentKeyOptions, type IdempotentMessageOptions, type IdempotentOptions, idempotent } from "./store/idempotent.ts";
export { type MemoryStoreOptions, memoryStore } from "./store/memory.ts";
export type {
  DeleteOptions,
  IncrementOptions,
  JsonValue,
  KeyValueStore,
  ListOptions,
  ListPage,
  SetOptions,
  StoreOperationOptions,
  StoreValue,
  UpdateOptions,
  Versioned,
} from "./store/types.ts";
