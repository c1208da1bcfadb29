import type { HeaderValue } from "./results.ts";

// No runtime imports here: a test loads this file alone as a second copy of @fnport/core.
const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** Options of an `HttpError`. */
export interface HttpErrorOptions {
  /** Headers sent with the error response (e.g. `www-authenticate`, `retry-after`). */
  headers?: Readonly<Record<string, HeaderValue>>;
  /** Extra JSON fields sent beside `error` in the response body. */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

// A registered symbol is the same in every copy of @fnport/core one process loads (two versions in
// node_modules, an app bundle beside an adapter's), where `instanceof` sees two unrelated classes.
const HTTP_ERROR_BRAND = Symbol.for("fnport.HttpError");

/**
 * True for an `HttpError` (or subclass) made by any copy of `@fnport/core`; never throws, even for a
 * revoked Proxy. `instanceof HttpError` gives the same answer.
 */
export function isHttpError(value: unknown): value is HttpError {
  try {
    return typeof value === "object" && value !== null && (value as { [HTTP_ERROR_BRAND]?: unknown })[HTTP_ERROR_BRAND] === true;
  } catch {
    return false; // a revoked Proxy throws on every read
  }
}

/**
 * Throw it to answer an HTTP request with `status`: the body is `{"error": message, ...details}`.
 * The message is sent to the client, so write it for them. In a message handler it fails the message.
 */
export class HttpError extends Error {
  static {
    Object.defineProperty(HttpError.prototype, HTTP_ERROR_BRAND, { value: true });
  }

  /** `error instanceof HttpError` holds for an HttpError from another copy of `@fnport/core` too. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (a subclass keeps its own check)
    return this === HttpError ? isHttpError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  override name = "HttpError";
  readonly status: number;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(status: number, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${status}`);
    }
    this.status = status;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }

  /**
   * This error's answer as a Fetch `Response`: the status, the headers and the `{"error": message, ...details}`
   * body fnport sends for it. Hono's default error handler sends what `getResponse()` returns, so an
   * `HttpError` thrown inside a Hono app run by `fromFetch()` keeps its answer.
   */
  getResponse(): Response {
    // `Headers` rejects names and values that cannot be sent (CR/LF, ...) with a TypeError.
    const headers = new Headers();
    for (const name in this.headers) {
      const value = this.headers[name];
      if (typeof value === "object") for (const one of value) headers.append(name, String(one));
      else if (value !== undefined) headers.append(name, String(value));
    }
    headers.set("content-type", JSON_CONTENT_TYPE);
    return new Response(httpErrorBody(this), { status: this.status, headers });
  }
}

/** The JSON body of an `HttpError`'s answer: `error` is always the message, whatever the details hold. */
export function httpErrorBody(error: HttpError): string {
  const body: Record<string, unknown> = { error: error.message, ...error.details };
  body.error = error.message;
  return JSON.stringify(body);
}

/** One problem found by a schema, with the path to the value (`items.0.name`, or `""` for the root). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A body that is not valid JSON, not valid base64, or fails its schema: a 400 for HTTP, a failed message for batches. */
export class InvalidBodyError extends HttpError {
  override name = "InvalidBodyError";
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[] = [], cause?: unknown) {
    super(400, message, issues.length > 0 ? { details: { issues }, cause } : { cause });
    this.issues = issues;
  }
}

/** A body larger than the adapter's limit: 413. */
export class BodyTooLargeError extends HttpError {
  override name = "BodyTooLargeError";
  constructor(limitBytes: number) {
    super(413, `Request body is larger than ${limitBytes} bytes`);
  }
}
