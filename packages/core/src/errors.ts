import type { HeaderValue } from "./results.ts";

/** Options of an `HttpError`. */
export interface HttpErrorOptions {
  /** Headers sent with the error response (e.g. `www-authenticate`, `retry-after`). */
  headers?: Readonly<Record<string, HeaderValue>>;
  /** Extra JSON fields sent beside `error` in the response body. */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/**
 * Throw it to answer an HTTP request with `status`: the body is `{"error": message, ...details}`.
 * The message is sent to the client, so write it for them. In a message handler it fails the message.
 */
export class HttpError extends Error {
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
