import { describeKeys, unknownKeys } from "../_result-shape.ts";
import type { HeaderValue, HttpResponseInit, HttpResult } from "../results.ts";
import { isHelperContentType } from "./_content-types.ts";
import { isDecodedByFetch } from "./_fetched-encoding.ts";
import { assertValidHeaderValue, emptyRecord, resultHeaderKey } from "./headers.ts";
import { collectStream, isBodyStream, ResponseStream } from "./stream-body.ts";

/** A handler's HTTP result, checked and flattened for an adapter to encode natively. */
export interface EncodedHttpResponse {
  status: number;
  /** Lower-case names, one value each (repeated values joined with `, `); `set-cookie` is in `cookies`. */
  headers: Record<string, string>;
  /** `set-cookie` values, in order. */
  cookies: string[];
  /** A string for text, bytes for binary content; `null` when there is no body (or it is streamed). */
  body: string | Uint8Array | null;
  /**
   * A streamed body (then `body` is `null`): only for a runner created with `streams: true`; otherwise a
   * streamed result arrives collected in `body`. Send the status, headers and cookies, then its chunks.
   */
  stream?: ResponseStream | undefined;
  /** The handler's own Fetch `Response`, for an adapter that sends it itself: only for a runner created with `keepResponses: true`. */
  response?: Response | undefined;
}

const TEXT_TYPES = /^(?:text\/|application\/(?:json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql)\b|[^;]*\+(?:json|xml)\b)/i;

/** True for content types that are not text (images, octet streams, protobuf, ...). A missing type is text. */
export function isBinaryContentType(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType === "" || isHelperContentType(contentType)) return false;
  return !TEXT_TYPES.test(contentType.trimStart());
}

/** True when the body must travel as bytes: a `Uint8Array`, an encoded body (`content-encoding`), or a binary content type. */
export function isBinaryResponse(response: EncodedHttpResponse): boolean {
  const body = response.body;
  if (body === null) return false;
  const { headers } = response;
  return body instanceof Uint8Array || headers["content-encoding"] !== undefined || isBinaryContentType(headers["content-type"]);
}

function assertStatus(status: number): void {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError(`Invalid status in result: ${status} (an integer from 200 to 599)`);
  }
}

function addOne(headers: Record<string, string>, cookies: string[], name: string, value: string): void {
  const key = resultHeaderKey(name);
  assertValidHeaderValue(name, value);
  if (key === "set-cookie") cookies.push(value);
  else {
    const existing = headers[key];
    headers[key] = existing === undefined ? value : `${existing}, ${value}`;
  }
}

/** A header value as text: a string, or a finite number; anything else (null, an object with a `toJSON`) is refused. */
function headerText(name: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (Number.isFinite(value)) return String(value);
  const got = value === null ? "null" : Array.isArray(value) ? "an array inside an array" : typeof value;
  throw new TypeError(`Invalid value for header "${name}" in result: expected a string or a number, got ${got}`);
}

function addHeader(headers: Record<string, string>, cookies: string[], name: string, value: HeaderValue): void {
  if (Array.isArray(value)) for (const one of value as readonly unknown[]) addOne(headers, cookies, name, headerText(name, one));
  else addOne(headers, cookies, name, headerText(name, value));
}

const RESULT_KEYS: readonly string[] = ["status", "headers", "cookies", "body"];

/** True when every key of a plain result is one it may have (a loop, not a list: this runs for every response). */
function hasOnlyResultKeys(result: object): boolean {
  for (const key in result) if (key !== "status" && key !== "headers" && key !== "body" && key !== "cookies") return false;
  return true;
}

/**
 * A streamed result: sent as a stream when the adapter can (`streams`), else collected. It has the status the
 * handler gave (200 by default, even when the stream turns out empty); framing headers are the sender's.
 */
function streamed(
  status: number,
  headers: Record<string, string>,
  cookies: string[],
  stream: ResponseStream,
  streams: boolean,
  maxBufferedBytes: number,
): EncodedHttpResponse | Promise<EncodedHttpResponse> {
  try {
    assertStatus(status);
  } catch (error) {
    void stream.cancel(error);
    throw error;
  }
  delete headers["content-length"];
  delete headers["transfer-encoding"];
  if (streams) return { status, headers, cookies, body: null, stream };
  return collectStream(stream, maxBufferedBytes).then((bytes) => ({ status, headers, cookies, body: responseBody(bytes, headers) }));
}

function encodePlain(
  result: HttpResponseInit,
  streams: boolean,
  maxBufferedBytes: number,
): EncodedHttpResponse | Promise<EncodedHttpResponse> {
  if (!hasOnlyResultKeys(result)) {
    throw new TypeError(
      // Some key is not one of them (hasOnlyResultKeys): unknownKeys finds at least one.
      `Invalid result for an http event: ${describeKeys(unknownKeys(result, RESULT_KEYS) as string[])}. ` +
        "A result has only status, headers, cookies and body; to send data as JSON, return json(data)",
    );
  }
  const headers = emptyRecord<string>();
  const cookies: string[] = [];
  if (result.headers) {
    if (typeof result.headers !== "object")
      throw new TypeError(`Invalid headers in result: expected an object, got ${typeof result.headers}`);
    for (const name in result.headers) {
      const value = result.headers[name];
      if (value !== undefined) addHeader(headers, cookies, name, value);
    }
  }
  if (result.cookies) {
    if (!Array.isArray(result.cookies))
      throw new TypeError(`Invalid cookies in result: expected an array of set-cookie values, got ${typeof result.cookies}`);
    for (const cookie of result.cookies) addHeader(headers, cookies, "set-cookie", cookie);
  }
  const body = result.body ?? null;
  if (body !== null && typeof body !== "string" && !(body instanceof Uint8Array)) {
    if (isBodyStream(body)) return streamed(result.status ?? 200, headers, cookies, new ResponseStream(body), streams, maxBufferedBytes);
    throw new TypeError(
      `Invalid body in result: expected a string, a Uint8Array, a ReadableStream, an async iterable or null, got ${typeof body} (use json() for objects)`,
    );
  }
  const status = result.status ?? (body === null ? 204 : 200);
  assertStatus(status);
  return { status, headers, cookies, body };
}

// UTF-8 (a TextDecoder's default); `fatal`: bytes that are not UTF-8 stay bytes; `ignoreBOM`: a leading BOM is
// kept, not stripped.
const strictUtf8 = new TextDecoder(undefined, { fatal: true, ignoreBOM: true });

/**
 * Bytes of a body as text only when the text gives back the same bytes: not compressed or otherwise
 * encoded (`content-encoding`), not a binary type, and valid UTF-8. Anything else stays bytes.
 */
export function responseBody(bytes: Uint8Array, headers: Record<string, string>): string | Uint8Array {
  if (headers["content-encoding"] !== undefined || isBinaryContentType(headers["content-type"])) return bytes;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return bytes;
  }
}

async function encodeResponse(response: Response, streams: boolean, maxBufferedBytes: number): Promise<EncodedHttpResponse> {
  const headers = emptyRecord<string>();
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  // A fetched body is decoded already: its encoding and length were the upstream's bytes'.
  if (isDecodedByFetch(response)) {
    delete headers["content-encoding"];
    delete headers["content-length"];
  }
  const cookies = response.headers.getSetCookie();
  // Streamed, or read chunk by chunk up to a limit; without one, `arrayBuffer()` reads it fastest.
  if (response.body !== null && (streams || maxBufferedBytes !== Number.POSITIVE_INFINITY)) {
    return streamed(response.status, headers, cookies, new ResponseStream(response.body), streams, maxBufferedBytes);
  }
  let body: string | Uint8Array | null = null;
  if (response.body !== null) body = responseBody(new Uint8Array(await response.arrayBuffer()), headers);
  return { status: response.status, headers, cookies, body };
}

// Duck-typed: reading the global `Response` on Node loads undici (about 25 ms of cold start).
export function isFetchResponse(result: unknown): result is Response {
  return typeof (result as Partial<Response> | null | undefined)?.arrayBuffer === "function";
}

/**
 * Checks a handler's HTTP result and flattens it: status 200–599, valid header names and values,
 * `set-cookie` split out. Nothing (`undefined`) is a 204. Sync for plain objects with a string or bytes body.
 * A streamed body (a `ReadableStream` or async iterable, or a `Response`'s body) stays a stream in
 * `stream` when `streams` is true (the adapter sends it as it comes); otherwise it is read whole into `body`,
 * stopping past `maxBufferedBytes` (the stream cancelled, the promise rejected with a `RangeError`).
 */
export function encodeHttpResult(
  result: HttpResult | undefined,
  streams = false,
  maxBufferedBytes: number = Number.POSITIVE_INFINITY,
): EncodedHttpResponse | Promise<EncodedHttpResponse> {
  if (result === undefined || result === null) return { status: 204, headers: emptyRecord(), cookies: [], body: null };
  if (typeof result !== "object") {
    throw new TypeError(`Invalid result for an http event: expected an object or a Response, got ${typeof result}`);
  }
  return isFetchResponse(result) ? encodeResponse(result, streams, maxBufferedBytes) : encodePlain(result, streams, maxBufferedBytes);
}
