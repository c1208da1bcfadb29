/**
 * How a provider delivers messages and learns which ones to deliver again (DESIGN.md, "How providers
 * deliver messages"):
 * - `per-message`: a batch per delivery, and the provider takes a partial failure (SQS, Kinesis and
 *   DynamoDB Streams `batchItemFailures`, Workers Queues `retry()`/`ack()`): only failed messages return;
 * - `single`: one message per delivery; a failure (a throw, a non-2xx answer) delivers it again
 *   (Pub/Sub push, Eventarc, Cloud Tasks, SNS to Lambda, Azure Storage Queues);
 * - `all-or-nothing`: a batch the provider can only accept or deliver again whole.
 */
export type DeliveryModel = "per-message" | "single" | "all-or-nothing";

/** Every delivery model, in the order the suite documents them. */
export const DELIVERY_MODELS: readonly DeliveryModel[] = ["per-message", "single", "all-or-nothing"];

/** What an adapter can do; a case runs only on harnesses that declare every capability it needs. */
export type Capability =
  | "http"
  /** The harness delivers batches (`{ kind: "messages" }`); it must also declare exactly one `delivery:*` model. */
  | "messages"
  | `delivery:${DeliveryModel}`
  | "storage"
  | "schedule"
  | "cloudevent"
  /** The harness delivers ordered batches (`MessagesSpec.ordered`, e.g. an SQS FIFO queue). */
  | "ordered-messages"
  /** Every value of a repeated query key or header reaches the handler (ALB without multi-value headers keeps only the last). */
  | "repeated-values"
  /** The harness reads the app's log lines (`HarnessInstance.logs`). */
  | "logs"
  /** The adapter reports a wall-clock deadline (`ctx.deadline`). */
  | "deadline"
  /** The provider reports the client's address, and the harness sends `HttpRequestSpec.clientIp` where the provider puts it. */
  | "client-ip"
  /**
   * The platform hands the function every request body as the client sent it, whatever its content type.
   * Google's Functions Framework does not: its body parser answers a JSON content type whose body does not
   * parse (or is a bare JSON number or string) `400 Bad Request` itself, before any function runs.
   */
  | "http:body-as-sent"
  /** Each message carries string attributes (`MessageSpec.attributes` reach `message.attributes`). */
  | "message-attributes"
  /** A schedule event carries its cron expression (`event.cron`). */
  | "schedule-cron"
  /** A schedule event carries the schedule's name (`event.name`, from the input's `name`). */
  | "schedule-name"
  /** The harness delivers native AWS Lambda events other than HTTP (the real SQS, SNS, S3, EventBridge, Kinesis and DynamoDB fixtures in `conformance/fixtures/aws`, and malformed ones). */
  | "native:aws-lambda"
  /** Native API Gateway REST API (payload 1.0) requests. */
  | "native:aws-apigw-v1"
  /** Native API Gateway HTTP API (payload 2.0) requests. */
  | "native:aws-apigw-v2"
  /** Native ALB requests, multi-value headers off. */
  | "native:aws-alb"
  /** Native ALB requests, multi-value headers on. */
  | "native:aws-alb-multi"
  /** Native Lambda Function URL requests (payload 2.0). */
  | "native:aws-function-url"
  /**
   * The harness delivers Cloud Functions 1st gen background events (`{ context, data }` and the older flat
   * form: the real fixtures `conformance/fixtures/gcp/*-legacy-background*.json`) as 1st gen POSTs them to
   * an event-triggered function: the JSON body. It reads a message back as done / delivered again, another
   * event as done / retried, and an answer given before the handler ran (a malformed event) as HTTP.
   */
  | "native:gcp-background"
  /**
   * The harness delivers Google's HTTP deliveries (Eventarc CloudEvents, Pub/Sub push, the real fixtures in
   * `conformance/fixtures/gcp` with the `ce-*` headers a delivery carries): a native input
   * `{ method, path, headers, body }` sent as that HTTP request. It reads a message back as done / delivered
   * again, another event as done / retried, and an answer given before the handler ran (a malformed
   * delivery) as HTTP.
   */
  | "native:gcp-http"
  /**
   * The harness delivers a Workers Queues batch as given (`QueueBatchSpec`: a native input whose bodies are
   * the structured-clone values a producer may send, not only strings) to the Worker's `queue` handler, and
   * reads back which messages were retried, message by message.
   */
  | "native:cloudflare-queue"
  /**
   * The harness runs the Worker's `scheduled` handler with a controller as given (`{ scheduledTime, cron }`,
   * the time in ISO 8601): a Cron Trigger, or one fired by hand, whose `cron` is empty.
   */
  | "native:cloudflare-scheduled"
  /**
   * The harness reads HTTP over the provider's streaming path, and a streamed body that fails after the
   * status went out reaches the client cut off (reported as `HttpOutput.cutOff`), never as a complete response.
   */
  | "http:stream-cut-off"
  /**
   * The provider streams a response to its client with backpressure, and the harness can read one at the
   * suite's pace (`HarnessInstance.open`): a client that reads slowly holds the producer back.
   */
  | "http:stream-backpressure"
  /**
   * The harness sets the adapter's request-body limit (e.g. `maxBodyBytes`) to `BODY_READ_LIMIT_BYTES`: a body of
   * that size is read, one byte more answers 413 when the handler reads it.
   */
  | "http:body-limit-on-read"
  /**
   * The harness sends a request body as the client gave it when the case names `transfer-encoding: chunked`
   * (HTTP/1.1 chunks, no `content-length`), and the provider hands it to the adapter that way: the adapter
   * reads it as it arrives.
   */
  | "http:chunked-request"
  /**
   * A client that goes away while a response streams aborts `ctx.signal` (an `AbortError`), and the harness
   * can open a response as `http:stream-backpressure` does (`HarnessInstance.open`) and leave it (`close()`).
   */
  | "http:client-disconnect"
  /**
   * The platform inflates a compressed request body (`Content-Encoding: gzip`, `deflate` or `br`) before the
   * function runs, as Google's Functions Framework does: the handler gets the decoded bytes, described by
   * their own headers (no `content-encoding`, their `content-length`). A body without a content type, which
   * the framework does not parse, arrives as sent.
   */
  | "http:inflated-body"
  /**
   * The harness plays a deployment that only events reach (a Cloud Functions event trigger): a request that
   * is no event delivery (no body, a body that is not JSON, JSON that is no event) is answered 400 before
   * any handler runs, and an event known only by its JSON body (a 1st gen background event, a bare Pub/Sub
   * push envelope as the Pub/Sub emulator pushes it) is that event.
   */
  | "event-trigger"
  /**
   * The harness deploys the app with a request body limit of `BODY_LIMIT_BYTES` (its adapter's option), and a
   * larger body, declared or sent chunked, is answered `413` before the handler runs; a declared one without
   * its bytes being read (the harness may hold them back until the answer comes).
   */
  | "http:body-limit"
  /**
   * The harness starts the app with the environment a case's `deploy.env` names, where its provider's runtime
   * puts it before the code loads (Lambda: the function's environment, which Lambda's own settings such as
   * `AWS_LAMBDA_LOG_LEVEL` join); without `deploy.env`, the variables are unset.
   */
  | "deploy-env"
  /**
   * The provider isolates tenants (Lambda's tenant isolation mode) and the harness invokes every delivery of a
   * case with its `deploy.tenantId` where the provider puts it (Lambda: the context's `tenantId`; an empty one
   * as given); without it, with none.
   */
  | "tenant-id"
  /**
   * The harness runs the adapter pinned to API Gateway REST API events (payload 1.0; fnport's
   * `lambda(app, { integration: "apigw-v1" })`): an HTTP event of another integration fails the invocation
   * before any handler runs; other events still run.
   */
  | "native:aws-pinned-apigw-v1"
  /**
   * The harness runs the adapter pinned to ALB events with multi-value headers on (fnport's
   * `lambda(app, { integration: "alb-multi" })`): a REST API event, whose `multiValueHeaders` an ALB's also
   * has, fails the invocation before any handler runs.
   */
  | "native:aws-pinned-alb-multi"
  /**
   * Workers: a handler's own `101` Response carrying the client end of a `WebSocketPair` upgrades the
   * connection. The harness sends the upgrade request as a client would, and reads what came back as the
   * response: status `101`, its header lines, and as the body the JSON `{ messages, close }` of the text
   * messages the server end sent and the code and reason it closed with.
   */
  | "workers:websocket"
  /**
   * The harness answers API Gateway REST API (payload 1.0) requests with a buffered Lambda response: the
   * invocation's JSON result, as a REST API in its default `BUFFERED` response transfer mode takes it, which
   * Lambda's 6 MB limit on a synchronous response holds. A REST API in `STREAM` mode invokes the function with
   * `InvokeWithResponseStream` and reads a streamed response instead, which that limit does not hold.
   */
  | "native:aws-apigw-v1-buffered"
  /**
   * The harness deploys the app with the wall-clock limit a case's `deploy.timeoutMs` names (the provider's
   * timeout setting, or the adapter's option where the provider has none: Workers' `timeoutMs`) and reports
   * each delivery's deadline from it, and the provider lets a handler run past it, so the adapter answers at
   * the deadline: `504 {"error":"Gateway Timeout"}`. A provider that stops the function there itself and
   * answers its own way (Lambda: the integration's error) does not declare it.
   */
  | "deploy-timeout"
  /**
   * The harness sends a request target in asterisk-form (`OPTIONS *`, RFC 9112 §3.2.4) as a client reaching
   * the adapter's server directly does, and the adapter hands it on: `event.path` is `*`.
   */
  | "http:asterisk-form"
  /**
   * The harness deploys the app with a limit of `RESPONSE_LIMIT_BYTES` on a response body sent whole (its
   * adapter's option, e.g. `maxResponseBytes`, for a platform that refuses a larger one): a body of exactly the
   * limit goes out, one byte more answers a generic 500 with one error line naming the size and the limit.
   */
  | "http:response-limit"
  /**
   * The harness can open a response and leave it (`HarnessInstance.open`, `close()`), as with
   * `http:client-disconnect`, and a client that leaves while a body streams cancels the body's source (with an
   * `Error`, "The client disconnected") and aborts `ctx.signal`; nothing is logged. Unlike
   * `http:client-disconnect`, no case waits for the client in `ctx.waitUntil` work (a platform may await it
   * before the response goes out).
   */
  | "http:client-leaves-stream"
  /**
   * The provider refuses an HTTP/1 response that declares a length over `DECLARED_LENGTH_LIMIT_BYTES` (32 MiB,
   * Cloud Run's "maximum HTTP/1 response size") and takes a longer body sent chunked: the harness reports a
   * response that declares one as a problem. A Fetch `Response` that declares such a length must go out chunked.
   */
  | "http:declared-length-limit"
  /**
   * The client sees the status line's reason phrase as the adapter's server wrote it (an HTTP/1.1 connection
   * straight to it: a local run, Knative without a proxy), and the harness reports it (`HttpOutput.statusText`):
   * a Fetch `Response`'s own `statusText` goes out, and without one the standard phrase of its status.
   */
  | "http:status-text"
  /**
   * The harness reports the `content-length` the adapter's server wrote (a connection straight to it), and the
   * adapter frames each answer itself: the body's exact length whatever the handler claimed, `0` for an empty
   * body (a 205's too), none on 204.
   */
  | "http:content-length"
  /**
   * The harness sends `Expect: 100-continue` when a case names it, and reports an interim `100 Continue` that
   * came for a body declared over the limit as a problem (the client was told to send a body the server then
   * refused): such a body is refused before the client sends it.
   */
  | "http:expect-continue"
  /**
   * The provider tells an instance to stop (Cloud Run's SIGTERM) and lets its in-flight requests finish, and an
   * answer written while the instance drains closes its connection (`Connection: close`), so no client sends
   * another request on it: the harness implements `HarnessInstance.keepAlive`, which sends a request on a
   * connection the client means to keep and reports the answer's `connection` and `keep-alive` headers (hop-by-hop,
   * dropped elsewhere), and with `drain` tells the instance to stop while the handler runs.
   */
  | "http:drain"
  /**
   * The harness deploys the app, for a case with `deploy.verifiedDeliveries`, with the suite's delivery verifier
   * (`conformanceVerifier()`: its adapter's option, e.g. `verify`; the rule is on that function) and signs every
   * delivery it makes of a neutral input as a trusted sender does (`Authorization: Bearer conformance-trusted`);
   * a native input carries the headers the case gives it. A delivery is checked before it runs: a refused one
   * is answered as core answers it (`refusedDeliveryResponse`), and plain HTTP requests are not checked.
   * A harness with `native:gcp-background` also takes a background event as a fixture with `http` (the event as
   * the body of a request with those headers).
   */
  | "verified-deliveries"
  /**
   * The harness deploys the app so that Google's deliveries become events only on the path a case's
   * `deploy.eventPath` names (the push endpoint's path; the adapter's option, e.g. `eventPath`): a request to
   * any other path is plain HTTP, whatever its headers.
   */
  | "deploy-event-path"
  /**
   * The deployment sets how long an instance told to stop waits for its in-flight requests (`DeploySpec.drainTimeoutMs`),
   * and a request still running then is cut: its client gets no answer (the harness reports `status: 0`, `cutOff`).
   */
  | "http:drain-timeout"
  /**
   * The harness reports how an instance told to stop (a `drain` step) ended: its exit code (`HarnessInstance.exitCode`),
   * which the step's `exitCode` names (default 0: it drained clean and exited on its own).
   */
  | "instance-exit"
  /**
   * The adapter logs its drain, and the harness reads a stopped instance's lines: a `drain` step's log lines are
   * then compared exactly, as any step's (the lines of the server's own logger: no request id). When told to stop,
   * `<SIGNAL>: draining in-flight requests` (info, `connections`: those open then); when it cuts what is left,
   * `in-flight requests did not finish in time: cutting them` (error, `drainTimeoutMs`).
   */
  | "logs:drain";

/** The request body limit a harness with `http:body-limit` deploys the app with: 512 KiB. */
export const BODY_LIMIT_BYTES: number = 512 * 1024;

/** The largest response length a provider with `http:declared-length-limit` takes declared (32 MiB). */
export const DECLARED_LENGTH_LIMIT_BYTES: number = 32 * 1024 * 1024;

/** The response body limit a harness with `http:response-limit` deploys the app with: 8 MiB (over every other case's response). */
export const RESPONSE_LIMIT_BYTES: number = 8 * 1024 * 1024;

/** Every capability the suite knows (a harness declaring another is refused). */
export const CAPABILITIES: readonly Capability[] = [
  "http",
  "messages",
  "delivery:per-message",
  "delivery:single",
  "delivery:all-or-nothing",
  "storage",
  "schedule",
  "cloudevent",
  "ordered-messages",
  "repeated-values",
  "logs",
  "deadline",
  "client-ip",
  "http:body-as-sent",
  "message-attributes",
  "schedule-cron",
  "schedule-name",
  "native:aws-lambda",
  "native:aws-apigw-v1",
  "native:aws-apigw-v2",
  "native:aws-alb",
  "native:aws-alb-multi",
  "native:aws-function-url",
  "native:gcp-background",
  "native:gcp-http",
  "native:cloudflare-queue",
  "native:cloudflare-scheduled",
  "http:stream-cut-off",
  "http:stream-backpressure",
  "http:body-limit-on-read",
  "http:chunked-request",
  "http:client-disconnect",
  "http:inflated-body",
  "event-trigger",
  "http:body-limit",
  "deploy-env",
  "tenant-id",
  "native:aws-pinned-apigw-v1",
  "native:aws-pinned-alb-multi",
  "workers:websocket",
  "native:aws-apigw-v1-buffered",
  "deploy-timeout",
  "http:asterisk-form",
  "http:response-limit",
  "http:client-leaves-stream",
  "http:declared-length-limit",
  "http:status-text",
  "http:content-length",
  "http:expect-continue",
  "http:drain",
  "verified-deliveries",
  "deploy-event-path",
  "http:drain-timeout",
  "instance-exit",
  "logs:drain",
];

/**
 * A Queues message body of a `native:cloudflare-queue` input: the JSON `value` as it is, or the
 * structured-clone value it describes `as`: `Map` (from entries), `Set`, `Uint8Array`, `Uint16Array`,
 * `ArrayBuffer` (from an array), `DataView` (`{ bytes, offset, length }`), `BigInt` (a decimal string),
 * `Date` (ISO 8601), `RegExp` (`{ source, flags }`), `Error` (`{ name, message }`), `Object` (of bodies) or
 * `Cycle` (an object `{ value, self }` whose `self` is the object itself: structured clone keeps the cycle).
 */
export interface QueueBodySpec {
  as?:
    | "Map"
    | "Set"
    | "Uint8Array"
    | "Uint16Array"
    | "ArrayBuffer"
    | "DataView"
    | "BigInt"
    | "Date"
    | "RegExp"
    | "Error"
    | "Object"
    | "Cycle";
  value: unknown;
}

/** A Queues batch as a `native:cloudflare-queue` input (the event of `{ kind: "native" }`). */
export interface QueueBatchSpec {
  messages: Array<{ id: string; timestamp: string; attempts: number; body: QueueBodySpec }>;
}

/** An HTTP request described neutrally; the harness turns it into its provider's native request. */
export interface HttpRequestSpec {
  method: string;
  /** The path as sent on the wire (percent-encoding kept), without the query. */
  path: string;
  /** The query string without `?`. */
  rawQuery?: string;
  /** Header names as sent; a repeated header is an array. */
  headers?: Record<string, string | string[]>;
  /** The body as text ... */
  body?: string;
  /** ... or as base64 bytes. */
  bodyBase64?: string;
  /**
   * The address the client connected from (with the `client-ip` capability): the harness puts it where
   * its provider does (API Gateway's `sourceIp`, appended to `x-forwarded-for` by ALB or Cloud Run,
   * Workers' `cf-connecting-ip`), never as a header the client could have sent.
   */
  clientIp?: string;
}

/** One message of a neutral batch. */
export interface MessageSpec {
  id: string;
  body: string;
  /** String attributes (with the `message-attributes` capability; a provider without them drops them). */
  attributes?: Record<string, string>;
  /** When the message was published (ISO 8601, whole milliseconds): the harness puts it where its provider does. */
  publishedAt: string;
}

/**
 * A batch of messages described neutrally. With the `delivery:single` model the suite delivers each
 * message as its own batch of one, in order (an ordered batch stops at the first that must be redelivered).
 */
export interface MessagesSpec {
  messages: MessageSpec[];
  ordered?: boolean;
}

/** What a harness delivers: a neutral description it turns native, or a native event as it is. */
export type CaseInput =
  | { kind: "http"; request: HttpRequestSpec }
  | { kind: "messages"; batch: MessagesSpec }
  /**
   * `scheduledTime` is an ISO date with whole seconds (EventBridge has no finer precision); `name` is the
   * schedule's (a rule, a job), for providers that name it (`schedule-name`).
   */
  | { kind: "schedule"; scheduledTime: string; cron: string; name: string }
  /** A native event (a real fixture, possibly patched) delivered as it is. */
  | { kind: "native"; event: unknown };

/** A native HTTP response, read back neutrally by the harness. */
export interface HttpOutput {
  kind: "http";
  status: number;
  /** Lower-case names, one value each (repeated values joined with `, `), without `set-cookie`. */
  headers: Record<string, string>;
  /** Every `set-cookie` value, in order. */
  cookies: string[];
  /** The body bytes as base64 (after undoing any base64 transport encoding). */
  bodyBase64: string;
  /**
   * True when the body did not arrive complete: the provider cut the response off (a streamed body that failed).
   * With `status` 0 (and no headers, cookies nor body): the connection was cut before any answer came (a
   * network error, as Fetch reports one), e.g. a request still running when a draining instance cut it.
   */
  cutOff?: boolean;
  /** With `http:status-text`: the reason phrase of the status line, as it arrived. */
  statusText?: string;
}

/**
 * How a native batch delivery ended, as the provider sees it: `failed` lists the messages it will deliver
 * again (every other one is done); `batchFailed` means it delivers the whole batch again. A `single`
 * delivery reports `{ failed: [] }` (2xx, acknowledged) or `{ failed: [id] }` / `batchFailed` (redelivered);
 * an `all-or-nothing` one reports `{ failed: [] }` or `batchFailed`.
 */
export type MessagesOutput = { kind: "messages"; failed: string[] } | { kind: "messages"; batchFailed: true; error: string };

/** How any other invocation ended: fine, or failed (so the provider retries). */
export type EventOutput = { kind: "event"; ok: true } | { kind: "event"; ok: false; error: string };

/** The neutral view of an invocation's outcome. */
export type Output = HttpOutput | MessagesOutput | EventOutput;

/** What a harness reports about one delivery. */
export interface Delivery {
  output: Output;
  /** The native output exactly as the provider would receive it (JSON-able), for exact comparisons. */
  native: unknown;
  /** The request id the harness gave the invocation natively, when it gave one. */
  requestId?: string | undefined;
  /** The deadline (epoch ms) the harness gave natively, when it gave one. */
  deadline?: number | undefined;
  /**
   * When the provider starts the deadline's clock at a moment the harness knows only within an interval
   * (the request's arrival, somewhere between sending it and the answer): `deadline` is the earliest it
   * can be and this the latest. Cases then accept any deadline in between (plus their own window).
   */
  deadlineLatest?: number | undefined;
  /**
   * The client address the provider reports for an HTTP request (where it puts it natively), when it
   * reports one: `event.ip` must be exactly this. With `client-ip` it is the request's `clientIp`.
   */
  clientIp?: string | undefined;
  /**
   * Names the shape of `native` (e.g. `aws-lambda:apigw-v2`, `aws-lambda:batch`): a case's `native`
   * expectations are keyed by it. A case that names one format of a provider (the part before `:`)
   * must name every format of that provider it reaches. Without it, `native` is never compared.
   */
  format?: string | undefined;
  /**
   * What the harness found wrong with the native output itself, one line each (a field the provider does
   * not know, a header it would drop, a message neither acknowledged nor retried): each fails the step.
   */
  problems?: string[] | undefined;
}

/** An HTTP response whose body the suite reads at its own pace, as a slow client does. */
export interface OpenedResponse {
  status: number;
  /**
   * The next piece of the body as the client receives it, `undefined` at its end. Nothing is read ahead
   * between calls beyond what the client's own buffers hold: the provider sees a client that reads no faster.
   */
  read(): Promise<Uint8Array | undefined>;
  /** Stops reading (the client goes away); the response may be left unfinished. */
  close(): void;
}

/** One running instance of the conformance app behind the adapter. */
export interface HarnessInstance {
  /** Turns `input` into a native invocation of the adapter, runs it, and reads the outcome back. */
  deliver(input: CaseInput): Promise<Delivery>;
  /**
   * With `http:stream-backpressure`: sends an HTTP `input` the way `deliver` does, and resolves once the
   * response's head arrived, its body unread (the provider's own framing, such as Lambda's prelude, taken off).
   * While the suite reads slowly from it, it may `deliver` other requests to the same instance.
   */
  open?(input: CaseInput): Promise<OpenedResponse>;
  /** The portable views the app recorded, oldest first (see `EventView`). */
  recorded(): Promise<EventView[]>;
  /**
   * Every line the app logged so far, oldest first (with the `logs` capability). It must be complete when
   * it resolves: a harness whose runtime writes through a pipe flushes it first (the suite waits for
   * nothing, so a late line is a line of the next step, where it fails).
   */
  logs?(): Promise<string[]>;
  /**
   * With `http:drain`: delivers an HTTP `input` as `deliver` does, on a connection the client means to keep
   * (`Connection: keep-alive`), its answer's `connection` and `keep-alive` headers reported in `HttpOutput.headers`. With `drain`,
   * once the handler runs (the app recorded its event) the instance is told to stop; it answers and takes no
   * delivery after that (`recorded()` and `logs()` still report what it did).
   */
  keepAlive?(input: CaseInput, drain: boolean): Promise<Delivery>;
  /**
   * With `instance-exit`, after a `drain` step: resolves once the instance ended, to its exit code (`null` when
   * something else ended it, e.g. a signal it did not handle).
   */
  exitCode?(): Promise<number | null>;
  /**
   * With `http:client-leaves-stream`: sends an HTTP `input` and, once the handler runs (the app recorded its
   * event), leaves before any answer came (closes the connection); resolves once it closed.
   */
  leave?(input: CaseInput): Promise<void>;
  close(): Promise<void>;
}

/**
 * How a case deploys the app (each case starts a fresh instance): what the harness must honour with the
 * capability each field names. A harness without those capabilities never sees a case that sets them.
 */
export interface DeploySpec {
  /** With `deploy-env`: the environment variables the app starts with. */
  env?: Readonly<Record<string, string>>;
  /** With `tenant-id`: the tenant every delivery of the case is invoked for. */
  tenantId?: string;
  /** With `deploy-timeout`: the deployment's wall-clock limit for each invocation, in ms. */
  timeoutMs?: number;
  /**
   * With `http:declared-length-limit`: deployed with no response body limit of the adapter's own (e.g.
   * `maxResponseBytes`, which `http:response-limit` sets), so a result over `DECLARED_LENGTH_LIMIT_BYTES` goes out.
   */
  noResponseLimit?: true;
  /** With `verified-deliveries`: deployed with the suite's delivery verifier (`conformanceVerifier()`). */
  verifiedDeliveries?: true;
  /** With `deploy-event-path`: the one path Google's deliveries are events on (e.g. `/events`). */
  eventPath?: string;
  /** With `http:drain-timeout`: how long an instance told to stop waits for its in-flight requests before it cuts them, in ms. */
  drainTimeoutMs?: number;
}

/** What an adapter author implements to run the suite. */
export interface ConformanceHarness {
  /** Shown in the matrix, e.g. `aws-lambda (apigw-v2)`. */
  name: string;
  capabilities: ReadonlySet<Capability>;
  /** Why the adapter lacks a capability, for the ones it lacks: shown beside every case that does not apply. */
  lacks?: Partial<Record<Capability, string>>;
  /** Starts a fresh (cold) instance running the conformance app, deployed as the case asks (see `DeploySpec`). */
  start(deploy?: DeploySpec): Promise<HarnessInstance>;
  /**
   * True when the provider takes cookies as objects (name, value, attributes) rather than `Set-Cookie`
   * lines: the suite then compares `HttpOutput.cookies` by meaning (`parseSetCookie` of both sides), so
   * your harness may write them back in any attribute order and spelling.
   */
  structuredCookies?: boolean;
  /**
   * Headers the provider adds that the client never sent nor the app returned, each with the reason
   * (lower-case name → why): `request` ones may appear in `event.headers`, `response` ones in
   * `HttpOutput.headers`, beside what a case expects; a case that names one compares it. Anything else
   * extra fails the case.
   */
  providerHeaders?: { request?: Readonly<Record<string, string>>; response?: Readonly<Record<string, string>> };
  /** `ctx.provider` as the adapter reports it (e.g. `aws-lambda`): cases compare it with `{ $fromDelivery: "provider" }`. */
  provider?: string;
  /** `event.source` of the batches the harness delivers (with `messages`), e.g. `aws.sqs`. */
  messageSource?: string;
  /** For the cold/warm meter; see `meter.ts`. */
  meter?: MeterHarness;
  /** Releases what the harness keeps between instances (runtimes, bundles). */
  dispose?(): Promise<void>;
}

/**
 * How the meter runs the suite's hello app (`helloApp` from `@fnport/conformance/hello`) behind the
 * adapter (`"fnport"`) and a raw hand-written hello for the same provider (`"raw"`) that keeps the same
 * contract (`HELLO_REQUEST` answered with `HELLO_ANSWER`, validated with the same `validateHello`).
 */
export interface MeterHarness {
  /** Starts a fresh process or isolate for `which` and resolves once its first response is back. Returns the elapsed ms. */
  cold(which: "fnport" | "raw"): Promise<number>;
  /** Runs `count` warm invocations of `which` and resolves to the elapsed nanoseconds. */
  warm(which: "fnport" | "raw", count: number): Promise<number>;
  /** The deployable bundle of each hello, minified and gzipped, when the provider deploys a bundle. */
  bundleSizes?(): Promise<Record<"fnport" | "raw", { bytes: number; gzipBytes: number }>>;
  /**
   * For a server (Cloud Run, any Node server): the requests per second a running `which` answers to a load
   * generator on loopback for `durationMs`; the meter alternates rounds of both and reports the ratio.
   */
  throughput?(which: "fnport" | "raw", durationMs: number): Promise<number>;
  /**
   * For an adapter that streams: sends `STREAMED_HELLO` (from `@fnport/conformance/hello`) `count` times, one
   * after another, to `streamedHelloApp` behind the adapter (`"fnport"`) or to a raw streamed hello that writes
   * the same chunks with the same pause (`"raw"`); resolves to the summed nanoseconds from each request sent
   * to its first body byte, rejecting unless that first read is the first chunk alone and the whole body follows.
   */
  firstByte?(which: "fnport" | "raw", count: number): Promise<number>;
}

/** A portable event as plain JSON, recorded by the conformance app and compared by the cases. */
export interface EventView {
  kind: string;
  [field: string]: unknown;
}
