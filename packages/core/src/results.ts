import { describeKeys, unknownKeys } from "./_result-shape.ts";
import { HTML_TYPE, JSON_TYPE, TEXT_TYPE } from "./http/_content-types.ts";
import type { BodyStream } from "./http/stream-body.ts";

/** A header value in a result: one value, or several sent as separate lines or joined. */
export type HeaderValue = string | number | readonly (string | number)[];

/** An HTTP result as a plain object. Any field may be left out. */
export interface HttpResponseInit {
  /** Defaults to 200, or 204 when there is no body. */
  status?: number | undefined;
  headers?: Readonly<Record<string, HeaderValue | undefined>> | undefined;
  /** `set-cookie` values, sent in order (also accepted as `headers["set-cookie"]`). */
  cookies?: readonly string[] | undefined;
  /**
   * Text, bytes, or a stream (`ReadableStream` or async iterable of `Uint8Array`/string chunks) sent as it
   * is produced where the provider can stream (status, headers and cookies first), collected where it cannot.
   */
  body?: string | Uint8Array | BodyStream | null | undefined;
  /**
   * Not a result field: fnport names it `status`. Declared so that Lambda's `{ statusCode, body }` shape is a
   * compile error that says so (at run time any other key is a logged 500).
   */
  statusCode?: "fnport results name it `status`, not `statusCode`";
}

/** What an `http` handler may return: a plain object, a Fetch `Response`, or nothing (204). */
export type HttpResult = HttpResponseInit | Response;

/** What a `messages` handler may return: nothing (all done) or the ids of the messages that failed. */
export interface MessagesResult {
  failed: readonly string[];
  /**
   * Not a result field: return `{ failed: ids }`. Declared so that Lambda's `{ batchItemFailures }` shape is a
   * compile error that says so (at run time it fails the batch with that message).
   */
  batchItemFailures?: "return { failed: ids }: the adapter writes batchItemFailures";
}

/** Anything a handler may return. */
// biome-ignore lint/suspicious/noConfusingVoidType: `void` lets a handler that returns nothing type-check.
export type HandlerResult = HttpResult | MessagesResult | undefined | void;

/** Options of the `json()`, `text()` and `html()` helpers. */
export type ResponseOptions = Omit<HttpResponseInit, "body">;

const OPTION_KEYS: readonly string[] = ["status", "headers", "cookies"];

function withContentType(type: string, body: string, options: ResponseOptions | undefined): HttpResponseInit {
  if (options === undefined) return { status: 200, headers: { "content-type": type }, body };
  const unknown = unknownKeys(options, OPTION_KEYS);
  if (unknown !== undefined)
    throw new TypeError(`Invalid response options: ${describeKeys(unknown)} (options are status, headers and cookies)`);
  const custom = options.headers;
  // A caller's `Content-Type` (any case) replaces the default instead of being joined to it.
  const typed = custom !== undefined && Object.keys(custom).some((name) => name.toLowerCase() === "content-type");
  return {
    status: options.status ?? 200,
    headers: typed ? { ...custom } : { "content-type": type, ...custom },
    cookies: options.cookies,
    body,
  };
}

/** A JSON response; `undefined` is sent as `null`. */
export function json(data: unknown, options?: ResponseOptions): HttpResponseInit {
  return withContentType(JSON_TYPE, JSON.stringify(data) ?? "null", options);
}

/** A plain-text response. */
export function text(body: string, options?: ResponseOptions): HttpResponseInit {
  return withContentType(TEXT_TYPE, body, options);
}

/** An HTML response. */
export function html(body: string, options?: ResponseOptions): HttpResponseInit {
  return withContentType(HTML_TYPE, body, options);
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** A redirect; `status` is one of 301, 302 (default), 303, 307, 308. */
export function redirect(location: string, status: 301 | 302 | 303 | 307 | 308 = 302): HttpResponseInit {
  if (!REDIRECT_STATUSES.has(status)) throw new RangeError(`redirect status must be 301, 302, 303, 307 or 308, got ${status}`);
  return { status, headers: { location }, body: null };
}
