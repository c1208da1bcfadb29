// @fnport/core/adapter: everything an adapter (ours or a third party's) is built on.
export { decodeBase64, encodeBase64 } from "./_base64.ts";
export { requestIdOf } from "./_invocation-context.ts";
export { type LongTimer, startTimer, stopTimer } from "./_timer.ts";
export { type BodySource, parseJsonBody } from "./body.ts";
export {
  type CloudEventMode,
  type CloudEventRequest,
  cloudEventMode,
  isJsonContentType,
  parseBinaryCloudEvent,
  parseCloudEvent,
  parseStructuredCloudEvent,
} from "./cloudevents.ts";
export { MessagesFailedError, requireAllDone } from "./delivery.ts";
export {
  createMessagesEvent,
  createScheduleEvent,
  createStorageEvent,
  type MessagesEventInit,
  type ScheduleEventInit,
  type StorageEventInit,
  type TimeInit,
} from "./event-builders.ts";
export { isDecodedByFetch } from "./http/_fetched-encoding.ts";
export { type ForwardedClientAddressOptions, forwardedClientAddress } from "./http/client-address.ts";
export { createHttpEvent, type HttpEventInit } from "./http/event.ts";
export { type FetchResponseOptions, isBodyless, toFetchResponse } from "./http/fetch-response.ts";
export { appendHeader, assertValidHeader, emptyRecord, mergeHeaders, parseCookies } from "./http/headers.ts";
export { buildQuery, parseQueryPairs } from "./http/query.ts";
export { type EncodedHttpResponse, encodeHttpResult, isBinaryContentType, isBinaryResponse, responseBody } from "./http/result.ts";
export { parseSetCookie, type SetCookie } from "./http/set-cookie.ts";
export { collectStream, isBodyStream, ResponseStream, STREAM_FAILED_MESSAGE } from "./http/stream-body.ts";
export { type RequestTarget, splitRequestTarget } from "./http/target.ts";
export { consoleWriter, createLogger, type LogWriter, serializeError } from "./logger.ts";
export { createMessage, type MessageInit } from "./messages.ts";
export { createRunner, errorResponse, type InvocationInit, type Runner, type RunnerOptions } from "./runner.ts";
export {
  abortable,
  assertIncrement,
  assertStoreArguments,
  assertStoreKey,
  assertTtl,
  assertValueSize,
  compareStoreKeys,
  decodeStoreValue,
  encodeStoreValue,
  incremented,
  incrementOverflow,
  listArguments,
  notAnInteger,
  updateByVersion,
  utf8Length,
  type VersionedAccess,
} from "./store/toolkit.ts";
export {
  type DeliveryRequest,
  type DeliveryVerifier,
  refusedDeliveryResponse,
  type Verification,
  type VerificationFailure,
  type VerifiedCaller,
  verifyDelivery,
} from "./verify.ts";
