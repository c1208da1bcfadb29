import type { IncomingMessage, ServerResponse } from "node:http";
import { type App, BodyTooLargeError, type DefaultEnv, type FnEvent, HttpError, type Logger, type LogLevel } from "@fnport/core";
import {
  createLogger,
  createRunner,
  type DeliveryVerifier,
  type EncodedHttpResponse,
  emptyRecord,
  errorResponse,
  type InvocationInit,
  type LogWriter,
  mergeHeaders,
  requestIdOf,
  verifyDelivery,
} from "@fnport/core/adapter";
import { declaresTooLarge, EMPTY_BODY, hasNoBody, RequestAbortedError, readBody } from "./_body.ts";
import { nodeHttpEvent, splitTarget } from "./_http-event.ts";
import { checkedEventPaths, checkedEvents, checkedLimits } from "./_options.ts";
import { assertResponseSize, writeEncoded, writeFetchResponse, writeStreamed } from "./_response.ts";
import { type DeliveryKind, deliveryEvent, deliveryKind } from "./deliveries.ts";
import { cloudLoggingTraceFields, traceRequestId } from "./trace.ts";

/** Options of `toNodeHandler()` (and of `cloudRun()`, which passes them on). */
export interface NodeHandlerOptions {
  /** `ctx.provider` (default `cloud-run`). */
  provider?: string | undefined;
  /**
   * The request timeout in ms (default 300 000, Cloud Run's default): `ctx.deadline` is the arrival time
   * plus this, and `ctx.signal` aborts shortly before. Set it to your service's `--timeout`. `Infinity`: none.
   */
  timeoutMs?: number | undefined;
  /** The largest request body (default 32 MiB, Cloud Run's limit): a larger one answers 413 before the handler runs. */
  maxBodyBytes?: number | undefined;
  /**
   * The largest response body sent whole, at least 1024 (default: none; on Cloud Run a body over 32 MiB goes out
   * chunked, which has no limit). A larger one answers a generic 500 with a log line naming its size and
   * the limit, instead of the bare error a platform that refuses it would send (Cloud Functions).
   */
  maxResponseBytes?: number | undefined;
  /**
   * The Google Cloud project id, for the `logging.googleapis.com/trace` field that ties each log line to
   * its request. Default: `GOOGLE_CLOUD_PROJECT`, `GCLOUD_PROJECT` or `GCP_PROJECT` from the environment.
   */
  projectId?: string | undefined;
  /**
   * Treat Google's deliveries (CloudEvents, Pub/Sub push, Cloud Tasks, Cloud Scheduler) as `messages`,
   * `storage`, `schedule` and `cloudevent` events (default `true`). `false`: every request is `http`.
   */
  events?: boolean | undefined;
  /**
   * Who may deliver events: a verifier such as `oidcVerifier({ audience, serviceAccounts })` from
   * `@fnport/oidc`. When set, a request that looks like a delivery (CloudEvent, Pub/Sub push, Cloud Tasks,
   * Cloud Scheduler, or what the `delivery` hook finds) becomes an event only once verified; otherwise it is answered 401 or 403 (503 when
   * the verifier cannot check) before the handler runs, with a log line saying why. Plain HTTP requests
   * are not checked. Without it, anyone who can reach the service can send it events: see the README.
   */
  verify?: DeliveryVerifier | undefined;
  /**
   * The path(s) deliveries arrive on (e.g. `"/events"`, the push endpoint's path): a request to any other
   * path is plain HTTP whatever its headers. Compared with the request path as sent, without the query.
   * Default: every path.
   */
  eventPath?: string | readonly string[] | undefined;
  /**
   * A body the caller has already read (Express with a body parser, the Functions Framework's
   * `req.rawBody`): returned bytes or text are used instead of reading the request stream; `undefined`
   * reads the stream.
   */
  rawBody?: ((request: IncomingMessage) => Uint8Array | string | undefined) | undefined;
  /** The request id from the request headers (default: the trace, `TRACE_ID/SPAN_ID`; else a UUID). */
  requestId?: ((headers: Readonly<Record<string, string>>, request: IncomingMessage) => string | undefined) | undefined;
  /**
   * Deliveries that Google's HTTP senders do not announce in their headers (Cloud Functions 1st gen's
   * background events, known by their body): called with the whole body for a request that is none of
   * the deliveries above; returns its event, `undefined` for plain HTTP, or throws an `HttpError` (400)
   * for a malformed one, which is answered as a malformed delivery. Only on `eventPath`; with `verify`,
   * its event runs only once the request is verified too (the body is read first, then checked).
   */
  delivery?: ((request: IncomingMessage, headers: Readonly<Record<string, string>>, body: Uint8Array) => FnEvent | undefined) | undefined;
  /** `ctx.env` and what `init` gets (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Lowest level `ctx.log` writes (default `info`). */
  logLevel?: LogLevel | undefined;
  /** Where log lines go (default: `console`: stdout, stderr from `warn` up; Cloud Logging reads both). */
  write?: LogWriter | undefined;
}

/** `ctx.native` on Cloud Run: the node request and response, and the request headers as the event has them. */
export interface CloudRunNative {
  request: IncomingMessage;
  response: ServerResponse;
  headers: Readonly<Record<string, string>>;
}

/** Node's own request headers: lower-case names, repeated ones joined; read here only by fixed names. */
type NodeHeaders = Readonly<Record<string, string | undefined>>;

/**
 * `ctx.native`, whose `headers` (a null-prototype copy of node's, in which `__proto__` from the wire is a
 * plain key) are copied when first read: most handlers never read them, and the adapter's own reads go
 * to node's record (≈ 1 000 instructions per request saved).
 */
class NodeNative implements CloudRunNative {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  #headers: Record<string, string> | undefined;

  constructor(request: IncomingMessage, response: ServerResponse) {
    this.request = request;
    this.response = response;
  }

  get headers(): Record<string, string> {
    this.#headers ??= mergeHeaders(this.request.headers as NodeHeaders);
    return this.#headers;
  }
}

/** A node request listener: `http.createServer(handler)`, or Express `app.use(handler)`. Resolves once the response is written. */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** A client that leaves before its response is written aborts `ctx.signal`. */
function abortOnDisconnect(native: unknown, abort: (reason: unknown) => void): void {
  const { response } = native as CloudRunNative;
  const disconnected = (): void => abort(new DOMException("The client disconnected", "AbortError"));
  if (response.writableFinished) return;
  if (response.destroyed) disconnected();
  else response.once("close", () => !response.writableFinished && disconnected());
}

const nodeProcess: { env: Readonly<Record<string, string | undefined>> } | undefined = globalThis.process;

/**
 * An app Cloud Run can run: `ctx.env` is `process.env` (or the `env` option), whose values are strings, so
 * an app typed with other bindings (Workers' KV, D1...) is a compile error here, not `undefined` at run time.
 */
export type CloudRunApp<Deps, Env> = App<Deps, Env> &
  (DefaultEnv extends Env
    ? unknown
    : { readonly [Name in keyof Env]: string | undefined } extends Env
      ? unknown
      : {
          "cloudRun(app)": "ctx.env on Cloud Run and Cloud Functions is process.env, whose values are string | undefined: this app's Env asks for something else (Workers bindings?)";
        });

/**
 * The node request/response translation of an app: `http.createServer(toNodeHandler(app))`, Express
 * middleware, or anything else that hands over node's `(req, res)`. The body is read whole (at most
 * `maxBodyBytes`) before the handler runs; Google's deliveries become their portable events; results
 * are written with an exact `content-length`, and a Fetch `Response` is streamed with backpressure.
 */
export function toNodeHandler<Deps, Env>(app: CloudRunApp<Deps, Env>, options: NodeHandlerOptions = {}): NodeHandler {
  return nodeHandlers(app, options).handle;
}

/** What `toNodeHandler` returns, and `serve`: the same without a promise when the body must be read first (cloudRun's server drops it). */
export function nodeHandlers<Deps, Env>(
  app: CloudRunApp<Deps, Env>,
  options: NodeHandlerOptions = {},
): {
  handle: NodeHandler;
  serve: (request: IncomingMessage, response: ServerResponse) => Promise<void> | undefined;
  /** The request body limit in force (the option, checked, or its default). */
  maxBodyBytes: number;
} {
  const provider = options.provider ?? "cloud-run";
  const { timeoutMs, maxBodyBytes, maxResponseBytes } = checkedLimits(options);
  const env = options.env ?? nodeProcess?.env ?? {};
  const projectId = options.projectId ?? env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? env.GCP_PROJECT;
  const { verify } = options;
  const events = checkedEvents(options.events, verify);
  const onEventPath = eventPathMatcher(checkedEventPaths(options.eventPath));
  const { rawBody, delivery, logLevel = "info", write } = options;
  const requestIdHook = options.requestId;
  const runner = createRunner(app, {
    provider,
    logLevel,
    write,
    // Nothing stops a node process at the request timeout (Cloud Run cuts the connection): the runner answers 504 there.
    // Without a timeout there is nothing to enforce, and the runner's plain path saves promise hops on every request.
    enforceDeadline: timeoutMs !== Number.POSITIVE_INFINITY,
    shareDeadlineTimer: true,
    // A streamed result is piped to the socket with backpressure (writeStreamed), a Fetch `Response` too (writeFetchResponse).
    streams: true,
    keepResponses: true,
    abortOn: abortOnDisconnect,
    logFieldsOf: (native) => cloudLoggingTraceFields((native as CloudRunNative).headers, projectId),
  });

  /** The adapter's own log lines about a request (a malformed delivery, a stream that failed), like `ctx.log`'s. */
  // A request without a trace has no id until one is read: these lines and ctx.log's share the one made then (requestIdOf).
  const requestLog = (init: InvocationInit): Logger =>
    createLogger(
      { ...cloudLoggingTraceFields((init.native as CloudRunNative).headers, projectId), requestId: requestIdOf(init), provider },
      logLevel,
      write,
    );

  function invocation(native: NodeNative): InvocationInit {
    return {
      requestId:
        requestIdHook === undefined ? traceRequestId(native.request.headers as NodeHeaders) : requestIdHook(native.headers, native.request),
      deadline: timeoutMs === Number.POSITIVE_INFINITY ? undefined : Date.now() + timeoutMs,
      env,
      native,
    };
  }

  function answerFailure(response: ServerResponse, error: unknown): void {
    // A delivery still running at the deadline: the runner rejected with a TimeoutError; answer what Cloud Run would, 504.
    writeEncoded(response, errorResponse(error, (error as { name?: unknown } | null)?.name === "TimeoutError"), false);
  }

  function deliver(event: FnEvent, response: ServerResponse, init: InvocationInit): Promise<void> {
    const done = event.kind === "messages" ? runner.messages(event, init) : runner.event(event, init).then(() => NONE);
    return done.then(
      (failed) => writeEncoded(response, failed.length === 0 ? noContent() : messageFailed(failed), false),
      (error: unknown) => answerFailure(response, error),
    );
  }

  function dispatch(native: NodeNative, body: Uint8Array, detached: boolean): Promise<void> | undefined {
    const { request, response } = native;
    const init = invocation(native);
    if (!events || !onEventPath(request.url)) return serveHttp(native, body, init, detached);
    const kind = deliveryKind(request.method ?? "GET", request.headers as NodeHeaders);
    if (kind === "http") return delivery === undefined ? serveHttp(native, body, init, detached) : route(kind, false, native, body, init);
    if (verify !== undefined) {
      // Who sent it is checked before the delivery is even parsed: a forged one never reaches the handler.
      return verifyDelivery(verify, { headers: native.headers, body }, requestLog(init), kind).then((refused) => {
        if (refused === undefined) return route(kind, true, native, body, init);
        writeEncoded(response, refused, false);
      });
    }
    return route(kind, false, native, body, init);
  }

  /** A request on the event path: Google's delivery by its headers, else the `delivery` hook's event by its body, else HTTP. */
  function route(kind: DeliveryKind, verified: boolean, native: NodeNative, body: Uint8Array, init: InvocationInit): Promise<void> {
    const { request, response } = native;
    const headers = native.headers;
    let event: FnEvent | undefined;
    let what: string = kind;
    try {
      if (kind !== "http") event = deliveryEvent(kind, headers, body);
      if (event === undefined && delivery !== undefined) {
        what = "event";
        event = delivery(request, headers, body);
      }
    } catch (error) {
      if (error instanceof HttpError)
        requestLog(init).warn(`rejected a malformed ${what} delivery`, { status: error.status, reason: error.message });
      else requestLog(init).error(`failed to read a ${what} delivery`, { error });
      answerFailure(response, error);
      return Promise.resolve();
    }
    if (event === undefined) return serveHttp(native, body, init) as Promise<void>;
    if (verified || verify === undefined) return deliver(event, response, init);
    // Known only by its body (a 1st gen background event): it is read first, then checked like the others before it runs.
    const found = event;
    return verifyDelivery(verify, { headers, body }, requestLog(init), "body-detected event").then((refused) => {
      if (refused === undefined) return deliver(found, response, init);
      writeEncoded(response, refused, false);
    });
  }

  /** `detached`: the caller drops the promise, so none is made (a node server's listener). */
  function serveHttp(native: NodeNative, body: Uint8Array, init: InvocationInit, detached = false): Promise<void> | undefined {
    const { request, response } = native;
    const event = nodeHttpEvent(request, () => native.headers, body);
    const head = request.method === "HEAD";
    const encode = (encoded: EncodedHttpResponse): Promise<void> | undefined => {
      if (encoded.response !== undefined)
        return writeFetchResponse(response, encoded.response, head, init.deadline, () => requestLog(init));
      if (encoded.stream !== undefined) return writeStreamed(response, encoded, encoded.stream, init.deadline, () => requestLog(init));
      if (maxResponseBytes !== Number.POSITIVE_INFINITY) assertResponseSize(encoded, maxResponseBytes, provider);
      writeEncoded(response, encoded, head);
      return undefined;
    };
    if (!detached) return runner.http(event, init, encode) as Promise<void>;
    runner.serveHttp(event, init, encode);
    return undefined;
  }

  function bodyFailed(response: ServerResponse, error: unknown): void {
    if (error instanceof RequestAbortedError) return; // nobody to answer
    response.shouldKeepAlive = false; // the rest of the body is never read: close the connection after the 413
    answerFailure(response, error);
  }

  /** `dispatch`, never throwing: a failure outside the handler (a bug) is logged and answered 500. */
  function run(native: NodeNative, body: Uint8Array, detached: boolean): Promise<void> | undefined {
    const { response } = native;
    try {
      return dispatch(native, body, detached);
    } catch (error) {
      createLogger({ provider }, logLevel, write).error("the request failed outside the handler", { error });
      if (response.headersSent) response.destroy();
      else answerFailure(response, error);
      return detached ? undefined : Promise.resolve();
    }
  }

  /**
   * Serves a request. With `done`: returns the promise of its answer when there is one at once (the body is
   * known); otherwise (the body is still arriving, or the request was refused) returns nothing and calls
   * `done` once the response is written. Without `done` (a server that drops it): returns nothing, and no
   * promise is made for the answer, which saves one or two per request.
   */
  function serve(request: IncomingMessage, response: ServerResponse, done?: () => void): Promise<void> | undefined {
    const detached = done === undefined;
    const headers = request.headers as NodeHeaders;
    if (declaresTooLarge(headers, maxBodyBytes)) {
      bodyFailed(response, new BodyTooLargeError(maxBodyBytes));
      done?.();
      return undefined;
    }
    const native = new NodeNative(request, response);
    const supplied = rawBody?.(request);
    if (supplied !== undefined) return run(native, typeof supplied === "string" ? utf8.encode(supplied) : supplied, detached);
    if (hasNoBody(headers)) return run(native, EMPTY_BODY, detached);
    readBody(
      request,
      maxBodyBytes,
      (body) => {
        const served = run(native, body, detached);
        if (done !== undefined) void (served as Promise<void>).then(done);
      },
      (error) => {
        bodyFailed(response, error);
        done?.();
      },
    );
    return undefined;
  }

  // The promise it returns never rejects: a server may drop it (`void handler(req, res)`).
  function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let finished = false;
    let finish: (() => void) | undefined;
    const served = serve(request, response, () => {
      finished = true;
      finish?.();
    });
    if (served !== undefined) return served;
    if (finished) return Promise.resolve();
    return new Promise<void>((resolve) => {
      finish = resolve;
    });
  }

  return { handle, serve, maxBodyBytes };
}

const utf8 = new TextEncoder();

/** Whether a request target (`/events?x=1`) is on one of `paths`; every target is when none are given. */
function eventPathMatcher(paths: ReadonlySet<string> | undefined): (target: string | undefined) => boolean {
  if (paths === undefined) return () => true;
  // The path as the event has it: an absolute-form target (`http://host/events`) is on `/events` too.
  return (target = "/") => paths.has(splitTarget(target).path);
}
const NONE: readonly string[] = [];

/** A delivery handled: 204, no body (Pub/Sub, Eventarc, Cloud Tasks and Cloud Scheduler all take any 2xx). */
function noContent(): EncodedHttpResponse {
  return { status: 204, headers: emptyRecord(), cookies: [], body: null };
}

/** A delivery whose message failed: 500, so the sender delivers it again. */
function messageFailed(failed: readonly string[]): EncodedHttpResponse {
  const headers = emptyRecord<string>();
  headers["content-type"] = "application/json; charset=utf-8";
  return {
    status: 500,
    headers,
    cookies: [],
    body: JSON.stringify({ error: `Message ${failed.join(", ")} failed: it will be delivered again` }),
  };
}
