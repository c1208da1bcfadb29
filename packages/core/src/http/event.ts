import { type BodySource, BufferedBody } from "../body.ts";
import type { HttpEvent } from "../events.ts";
import { requestHeaders, requestMethod, requestUrl } from "./_fetch-request.ts";
import { parseCookies } from "./headers.ts";
import { firstValues, parseQueryPairs } from "./query.ts";

const BODY_READ_THROUGH_REQUEST = "The request body was already read through event.toRequest(): read it there, or through the event";
const BODY_READ_THROUGH_EVENT =
  "The request body was already read through the event: read it there, or call event.toRequest() after reading it";

/** What an adapter knows about a request; see `createHttpEvent`. */
export interface HttpEventInit {
  method: string;
  /** The path as the client sent it (percent-encoding kept), starting with `/`, without the query. */
  path: string;
  /** The query string without `?`; `buildQuery()` makes one from parsed parameters. */
  rawQuery?: string | undefined;
  /**
   * Lower-case names; `mergeHeaders()` builds them from native single- or multi-value records. A function is
   * called once, when the headers are first read (many handlers never read them: copying costs ~150 ns).
   */
  headers: Record<string, string> | (() => Record<string, string>);
  body?: BodySource;
  ip?: string | undefined;
  raw: unknown;
  /** Replaces the default `toRequest()` (e.g. to hand back the provider's own `Request`). */
  toRequest?: (() => Request) | undefined;
}

/** The method in upper case; the common ones, already upper case from every provider, skip `toUpperCase()`. */
function upperCaseMethod(method: string): string {
  switch (method) {
    case "GET":
    case "POST":
    case "PUT":
    case "PATCH":
    case "DELETE":
    case "HEAD":
    case "OPTIONS":
      return method;
    default:
      return method.toUpperCase();
  }
}

class HttpRequestEvent extends BufferedBody implements HttpEvent {
  readonly kind = "http" as const;
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly ip: string | undefined;
  readonly raw: unknown;
  #headers: Record<string, string> | (() => Record<string, string>);
  #queryPairs: Array<[string, string]> | undefined;
  #query: Record<string, string> | undefined;
  #cookies: Record<string, string> | undefined;
  #request: Request | undefined;
  #toRequest: (() => Request) | undefined;
  /** The Request was made before the event's helpers read the body. */
  #requestBeforeEventRead = false;
  /** The Request's body stream pulled the body (it decides only while the event has not read it). */
  #pulledByRequest = false;

  constructor(init: HttpEventInit) {
    super(init.body);
    this.method = upperCaseMethod(init.method);
    this.path = init.path;
    this.rawQuery = init.rawQuery ?? "";
    this.#headers = init.headers;
    this.ip = init.ip;
    this.raw = init.raw;
    this.#toRequest = init.toRequest;
  }

  get headers(): Readonly<Record<string, string>> {
    const headers = this.#headers;
    if (typeof headers !== "function") return headers;
    this.#headers = headers();
    return this.#headers;
  }

  get query(): Readonly<Record<string, string>> {
    this.#query ??= firstValues(this.#pairs());
    return this.#query;
  }

  queryAll(name: string): string[] {
    const values: string[] = [];
    for (const [key, value] of this.#pairs()) if (key === name) values.push(value);
    return values;
  }

  get cookies(): Readonly<Record<string, string>> {
    this.#cookies ??= parseCookies(this.headers.cookie);
    return this.#cookies;
  }

  toRequest(): Request {
    if (this.#request === undefined) {
      this.#request = this.#toRequest ? this.#toRequest() : this.#buildRequest();
      this.#requestBeforeEventRead = !this.claimed;
    }
    return this.#request;
  }

  // One body, read one way: once read through the Request, the event's helpers give this error, on every
  // provider (on Workers the Request is the native one, whose body cannot be read twice).
  protected override takenElsewhere(): Error | undefined {
    return this.#pulledByRequest || this.#request?.bodyUsed === true ? new TypeError(BODY_READ_THROUGH_REQUEST) : undefined;
  }

  #pairs(): Array<[string, string]> {
    this.#queryPairs ??= parseQueryPairs(this.rawQuery);
    return this.#queryPairs;
  }

  #buildRequest(): Request {
    const url = requestUrl(this.headers, this.path, this.rawQuery);
    const init: RequestInit & { duplex?: "half" } = { method: requestMethod(this.method), headers: requestHeaders(this.headers) };
    if (this.method !== "GET" && this.method !== "HEAD" && !this.knownEmpty) {
      const body = this.requestBody;
      if (typeof body === "function") {
        init.body = new ReadableStream<Uint8Array>(
          {
            pull: async (controller) => {
              // A Request made before the event read the body finds it gone, as a native one would.
              if (this.#requestBeforeEventRead && this.claimed) throw new TypeError(BODY_READ_THROUGH_EVENT);
              // Only read before the event's helpers claim the body: after, the body is theirs either way.
              this.#pulledByRequest = true;
              controller.enqueue(await body());
              controller.close();
            },
          },
          // Pulled only when the Request's body is read: by default a stream pulls once as soon as it is made.
          { highWaterMark: 0 },
        );
        init.duplex = "half";
      } else {
        init.body = body;
      }
    }
    return new Request(url, init);
  }
}

/** Builds the portable `http` event from native parts; creates no Web `Request`/`Headers` until asked. */
export function createHttpEvent(init: HttpEventInit): HttpEvent {
  return new HttpRequestEvent(init);
}
