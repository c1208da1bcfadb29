// The conformance harness module of @fnport/aws-lambda (`fnport-conformance --harness` loads it; so does
// conformance.test.ts): the adapter runs in this process on real-shaped AWS events.
import { randomUUID } from "node:crypto";
import { PassThrough, Writable } from "node:stream";
import type {
  Capability,
  CaseInput,
  ConformanceHarness,
  Delivery,
  DeploySpec,
  HarnessInstance,
  HttpOutput,
  OpenedResponse,
  Output,
} from "@fnport/conformance";
import { createConformanceApp } from "@fnport/conformance/app";
import { lambda, type StreamingIntegration } from "../src/index.ts";
import {
  DEFAULT_CLIENT_IP,
  LAMBDA_INTEGRATIONS,
  type LambdaIntegration,
  lambdaHttpEvent,
  scheduledEvent,
  snsEvent,
  sqsEvent,
} from "./conformance-events.ts";
import { lambdaMeter } from "./conformance-meter.ts";
import { readBatchResponse, readLambdaResponse } from "./conformance-read.ts";

const TIMEOUT_MS = 30_000;
/** The content type a streamed response with a prelude must carry (Lambda's runtime: `HttpResponseStream.from`). */
const PRELUDE_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";

type NativeRecord = Record<string, unknown>;

/** Which integration a native HTTP event came through (for reading its response the way that integration does), or undefined for other events. */
function integrationOf(event: NativeRecord): LambdaIntegration | undefined {
  const context = event.requestContext as NativeRecord | undefined;
  if (context?.elb) return event.multiValueHeaders ? "alb-multi" : "alb";
  if (event.version === "2.0") return String(context?.domainName ?? "").includes(".lambda-url.") ? "function-url" : "apigw-v2";
  if (typeof event.httpMethod === "string") return "apigw-v1";
  return undefined;
}

function records(event: NativeRecord): NativeRecord[] {
  return Array.isArray(event.Records) ? (event.Records as NativeRecord[]) : [];
}

function recordSource(event: NativeRecord): unknown {
  const first = records(event)[0];
  return first?.eventSource ?? first?.EventSource;
}

/** The ids Lambda knows a batch's records by (`itemIdentifier`): SQS message ids, Kinesis and DynamoDB sequence numbers. */
function batchIds(event: NativeRecord): string[] | undefined {
  switch (recordSource(event)) {
    case "aws:sqs":
      return records(event).map((record) => String(record.messageId));
    case "aws:kinesis":
      return records(event).map((record) => String((record.kinesis as NativeRecord).sequenceNumber));
    case "aws:dynamodb":
      return records(event).map((record) => String((record.dynamodb as NativeRecord | undefined)?.SequenceNumber));
    default:
      return undefined;
  }
}

/** A stream (Kinesis, DynamoDB) resumes from the first failed record: it and every later one come again (AWS: "Using Lambda with Kinesis", ReportBatchItemFailures). */
const isStream = (event: NativeRecord): boolean => recordSource(event) === "aws:kinesis" || recordSource(event) === "aws:dynamodb";

interface Read {
  output: Output;
  format: string;
  problems: string[];
}

function readOutput(native: unknown, result: unknown, error: unknown): Read {
  // A malformed input (null, an array, a string) is read as an event with no fields.
  const event: NativeRecord = typeof native === "object" && native !== null && !Array.isArray(native) ? (native as NativeRecord) : {};
  const message = error instanceof Error ? error.message : String(error);
  const ids = batchIds(event);
  // SNS invokes asynchronously: a failed invocation is retried, a successful one is done; the result is ignored.
  if (recordSource(event) === "aws:sns") {
    const snsIds = records(event).map((record) => String((record.Sns as NativeRecord).MessageId));
    return { output: { kind: "messages", failed: error === undefined ? [] : snsIds }, format: "aws-lambda:sns", problems: [] };
  }
  if (ids !== undefined) {
    if (error !== undefined)
      return { output: { kind: "messages", batchFailed: true, error: message }, format: "aws-lambda:batch", problems: [] };
    const { output: failed, problems } = readBatchResponse(result, ids);
    const first = ids.findIndex((id) => failed.includes(id));
    const again = isStream(event) && first !== -1 ? ids.slice(first) : failed;
    return { output: { kind: "messages", failed: again }, format: "aws-lambda:batch", problems };
  }
  const integration = integrationOf(event);
  if (error !== undefined) {
    // An HTTP invocation that fails is a 502 from the integration: no test here expects one.
    return {
      output: { kind: "event", ok: false, error: message },
      format: integration ? `aws-lambda:${integration}` : "aws-lambda:event",
      problems: [],
    };
  }
  if (integration !== undefined) {
    const { output, problems } = readLambdaResponse(integration, result);
    return { output, format: `aws-lambda:${integration}`, problems };
  }
  // Asynchronous invocations (S3, EventBridge) ignore the result.
  return { output: { kind: "event", ok: true }, format: "aws-lambda:event", problems: [] };
}

const CONTEXT = {
  functionName: "conformance",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:conformance",
  memoryLimitInMB: "128",
  logGroupName: "/aws/lambda/conformance",
  logStreamName: "conformance",
  callbackWaitsForEmptyEventLoop: true,
};

/** Where neutral batches go: an SQS queue (partial batch responses) or an SNS topic (one message per invocation). */
type MessagesVia = "sqs" | "sns";

interface LambdaHarnessOptions {
  name: string;
  /** The integration `lambda()` is pinned to (undefined: it detects each event's). */
  pinned?: LambdaIntegration | undefined;
  /** The integration neutral HTTP requests come through. */
  via: LambdaIntegration;
  messagesVia?: MessagesVia;
  /**
   * `lambda(app, { stream })`: the handler writes to a response stream (the runtime's stand-in); HTTP through
   * the integrations listed streams, everything else is written as the invocation's JSON payload.
   */
  stream?: false | true | StreamingIntegration[];
  capabilities: Capability[];
  lacks?: Partial<Record<Capability, string>>;
}

/**
 * Reads what a streaming handler wrote the way its integration does (a Function URL, a REST API in `STREAM`
 * mode): the HTTP integration prelude (JSON, then 8 null bytes) and the body; a handler that rejected has its
 * response cut off (the runtime ends the stream with the error in its trailers).
 */
function readStreamed(
  written: Buffer,
  integration: StreamingIntegration,
  rejected: boolean,
  seen: StreamSeen,
): { output: HttpOutput; problems: string[] } {
  const problems = seenProblems(seen, rejected);
  if (seen.contentType !== PRELUDE_CONTENT_TYPE) {
    problems.push(
      `the response stream's content type is ${JSON.stringify(seen.contentType)}, not ${PRELUDE_CONTENT_TYPE}: its prelude would be sent as the body`,
    );
  }
  const split = written.indexOf(Buffer.alloc(8));
  if (split === -1) {
    return {
      output: { kind: "http", status: 502, headers: {}, cookies: [], bodyBase64: "" },
      problems: [...problems, `the response stream has no prelude (JSON and 8 null bytes): the ${integration} integration answers 502`],
    };
  }
  const prelude = JSON.parse(written.subarray(0, split).toString("utf8")) as Record<string, unknown>;
  const body = written.subarray(split + 8).toString("base64");
  const reading = readLambdaResponse(integration, { ...prelude, body, isBase64Encoded: true });
  if (rejected) reading.output.cutOff = true;
  return { output: reading.output, problems: [...problems, ...reading.problems] };
}

/** What the runtime's stand-in saw of a streaming invocation besides the bytes. */
interface StreamSeen {
  contentType: string | undefined;
  ended: boolean;
}

/** A streaming handler that resolved must have ended its stream: the runtime otherwise waits until the function times out. */
function seenProblems(seen: StreamSeen, rejected: boolean): string[] {
  return rejected || seen.ended
    ? []
    : ["the handler resolved without ending its response stream: Lambda waits until the function times out"];
}

/**
 * The runtime's response stream, as far as a handler sees it: a node Writable that takes each write a moment
 * later and asks the writer to wait for `drain` once a byte is pending (a client reading slowly), and a
 * content type the handler may set.
 */
function responseStream(): { out: Writable; chunks: Buffer[]; seen: StreamSeen } {
  const chunks: Buffer[] = [];
  const seen: StreamSeen = { contentType: undefined, ended: false };
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  out.on("finish", () => {
    seen.ended = true;
  });
  Object.assign(out, {
    setContentType(type: string) {
      seen.contentType = type;
    },
  });
  return { out, chunks, seen };
}

/** The mark Lambda's Node.js runtime looks for to hand a handler a response stream (and its value). */
const STREAMING_MARK = Symbol.for("aws.lambda.runtime.handler.streaming");

/**
 * A streaming handler's response stream read at a slow client's pace, as a Function URL relays it: the prelude
 * (JSON, then 8 null bytes) taken off for the status, then the body as the handler writes it. The stream holds
 * 16 KiB, so the handler waits for drain while nothing is read. A rejected invocation cuts the body off.
 */
async function openStreamed(out: PassThrough, invocation: Promise<void>): Promise<OpenedResponse> {
  invocation.then(
    () => undefined,
    (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  const chunks = out[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  let split = -1;
  while (split === -1) {
    const step = await chunks.next();
    if (step.done === true)
      throw new Error("the response stream ended without a prelude (JSON and 8 null bytes): a Function URL answers 502");
    head = Buffer.concat([head, step.value]);
    split = head.indexOf(Buffer.alloc(8));
  }
  const prelude = JSON.parse(head.subarray(0, split).toString("utf8")) as { statusCode?: number };
  let rest: Buffer | undefined = head.subarray(split + 8);
  return {
    status: prelude.statusCode ?? 200,
    async read() {
      const first = rest;
      rest = undefined;
      if (first !== undefined && first.byteLength > 0) return first;
      const step = await chunks.next();
      return step.done === true ? undefined : step.value;
    },
    close: () => out.destroy(),
  };
}

function nativeEvent(input: CaseInput, via: LambdaIntegration, messagesVia: MessagesVia, requestId: string): NativeRecord {
  switch (input.kind) {
    case "http":
      return lambdaHttpEvent(via, input.request, requestId);
    case "messages":
      return messagesVia === "sns" ? snsEvent(input.batch) : sqsEvent(input.batch);
    case "schedule":
      return scheduledEvent(input.scheduledTime, input.name);
    case "native":
      return input.event as NativeRecord;
  }
}

/** Lambda's own settings that reach a function as environment variables: unset unless a case names them. */
const LAMBDA_SETTINGS = ["AWS_LAMBDA_LOG_LEVEL"];

/**
 * Sets the process environment as a function deployed with `env` has it (Lambda's settings it leaves out unset),
 * from now until the returned function puts the previous values back.
 */
function deployEnv(env: Readonly<Record<string, string>>): () => void {
  const names = [...new Set([...LAMBDA_SETTINGS, ...Object.keys(env)])];
  const saved = names.map((name) => [name, process.env[name]] as const);
  for (const name of names) {
    if (Object.hasOwn(env, name)) process.env[name] = env[name];
    else delete process.env[name];
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** One Lambda harness: `lambda(app, { integration })` called in this process with native events. */
function lambdaHarness({
  name,
  pinned,
  via,
  messagesVia = "sqs",
  stream = false,
  capabilities,
  lacks = {},
}: LambdaHarnessOptions): ConformanceHarness {
  return {
    name,
    capabilities: new Set(capabilities),
    lacks,
    provider: "aws-lambda",
    messageSource: messagesVia === "sns" ? "aws.sns" : "aws.sqs",
    async start(deploy: DeploySpec = {}): Promise<HarnessInstance> {
      const { app, recorded } = createConformanceApp();
      const logs: string[] = [];
      const write = (line: string): void => void logs.push(line);
      // The function's environment as Lambda sets it before the code loads, for the instance's life (`close()` restores it).
      const restoreEnv = deployEnv(deploy.env ?? {});
      const build = () => ({
        handler: lambda(app, { integration: pinned, write }),
        streaming: stream === false ? undefined : lambda(app, { integration: pinned, write, stream }),
      });
      let built: ReturnType<typeof build>;
      try {
        built = build();
      } catch (error) {
        restoreEnv();
        throw error;
      }
      const { handler, streaming } = built;
      // Tenant isolation mode: the runtime puts the invocation's tenant id in the context.
      const tenant = deploy.tenantId === undefined ? {} : { tenantId: deploy.tenantId };
      /** The context Lambda passes an invocation: its request id, time left until `deadline`, the tenant if any. */
      const contextFor = (requestId: string, deadline: number) => ({
        ...CONTEXT,
        ...tenant,
        awsRequestId: requestId,
        getRemainingTimeInMillis: () => deadline - Date.now(),
      });
      const streamed = new Set<StreamingIntegration>(stream === true ? ["function-url"] : stream === false ? [] : stream);
      const unmarked =
        streaming !== undefined && (streaming as unknown as Record<symbol, unknown>)[STREAMING_MARK] !== "response"
          ? [
              "the streaming handler lacks the runtime's mark (aws.lambda.runtime.handler.streaming = response): Lambda would call it as a buffered one",
            ]
          : [];
      return {
        async deliver(input): Promise<Delivery> {
          const requestId = randomUUID();
          const deadline = Date.now() + TIMEOUT_MS;
          const event = nativeEvent(input, via, messagesVia, requestId);
          const context = contextFor(requestId, deadline);
          const clientIp = input.kind === "http" ? (input.request.clientIp ?? DEFAULT_CLIENT_IP) : undefined;
          if (streaming !== undefined) {
            const { out, chunks, seen } = responseStream();
            let error: unknown;
            await streaming(event, out, context).catch((thrown: unknown) => {
              error = thrown ?? new Error("threw undefined");
            });
            const written = Buffer.concat(chunks);
            const integration = typeof event === "object" && event !== null ? integrationOf(event) : undefined;
            // A handler that failed before writing anything failed the invocation (no response was started).
            const started = error === undefined || written.length > 0;
            if (started && (integration === "function-url" || integration === "apigw-v1") && streamed.has(integration)) {
              const reading = readStreamed(written, integration, error !== undefined, seen);
              // No native format: the suite's native expectations are the buffered JSON results.
              return {
                output: reading.output,
                problems: [...unmarked, ...reading.problems],
                native: { streamed: written.toString("base64") },
                requestId,
                deadline,
                clientIp,
              };
            }
            // Any other event: the handler writes the invocation's JSON payload (nothing for a result without one).
            const text = written.toString("utf8");
            const result: unknown = error !== undefined || text === "" ? undefined : JSON.parse(text);
            const { output, format, problems } = readOutput(event, result, error);
            return {
              output,
              native: error === undefined ? result : { error: String(error) },
              format,
              problems: [...unmarked, ...seenProblems(seen, error !== undefined), ...problems],
              requestId,
              deadline,
              clientIp,
            };
          }
          let result: unknown;
          let error: unknown;
          try {
            result = await handler(event, context);
          } catch (thrown) {
            error = thrown ?? new Error("threw undefined");
          }
          const { output, format, problems } = readOutput(event, result, error);
          return {
            output,
            native: error === undefined ? result : { error: String(error) },
            format,
            problems,
            requestId,
            deadline,
            clientIp: input.kind === "http" ? (input.request.clientIp ?? DEFAULT_CLIENT_IP) : undefined,
          };
        },
        async open(input): Promise<OpenedResponse> {
          if (streaming === undefined || input.kind !== "http") throw new Error(`${name} opens streamed HTTP responses only`);
          const requestId = randomUUID();
          const deadline = Date.now() + TIMEOUT_MS;
          const context = contextFor(requestId, deadline);
          const out = new PassThrough();
          return openStreamed(out, streaming(nativeEvent(input, via, messagesVia, requestId), out, context));
        },
        recorded: async () => recorded,
        logs: async () => logs,
        close: async () => restoreEnv(),
      };
    },
  };
}

const NATIVE_HTTP: Record<LambdaIntegration, Capability> = {
  "apigw-v1": "native:aws-apigw-v1",
  "apigw-v2": "native:aws-apigw-v2",
  alb: "native:aws-alb",
  "alb-multi": "native:aws-alb-multi",
  "function-url": "native:aws-function-url",
};

/** A harness that buffers REST API responses also says so: Lambda's 6 MB limit holds what it answers them with. */
const BUFFERED_REST_API: Capability = "native:aws-apigw-v1-buffered";

/** What a harness taking `integration`'s events declares; REST API events it answers buffered unless it streams them. */
const nativeHttp = (integration: LambdaIntegration): Capability[] =>
  integration === "apigw-v1" ? [NATIVE_HTTP[integration], BUFFERED_REST_API] : [NATIVE_HTTP[integration]];

const STREAMED_REST_API =
  "its REST API streams (response transfer mode STREAM, InvokeWithResponseStream): a streamed response is not held to Lambda's 6 MB limit on a buffered one";

const COMMON: Capability[] = [
  "http",
  "http:body-as-sent",
  "client-ip",
  "deadline",
  "logs",
  "messages",
  "delivery:per-message",
  "message-attributes",
  "ordered-messages",
  "storage",
  "schedule",
  "schedule-name",
  "cloudevent",
  "native:aws-lambda",
  "deploy-env",
];
const NO_CRON = "an EventBridge scheduled event names its rule, not the rule's cron expression";

const NO_TENANTS =
  "a function with tenant isolation mode is invoked through the Invoke API or API Gateway only: not through a Function URL nor an ALB (AWS Lambda, tenant isolation)";

/**
 * What an integration's requests can carry: ALB without multi-value headers hands Lambda only the last value of a
 * repeated key or header; only API Gateway invokes a function with tenant isolation mode for a tenant.
 */
function httpCapabilities(via: LambdaIntegration): { capabilities: Capability[]; lacks: Partial<Record<Capability, string>> } {
  const tenants: { capabilities: Capability[]; lacks: Partial<Record<Capability, string>> } =
    via === "apigw-v1" || via === "apigw-v2"
      ? { capabilities: ["tenant-id"], lacks: {} }
      : { capabilities: [], lacks: { "tenant-id": NO_TENANTS } };
  if (via === "alb") {
    return {
      capabilities: tenants.capabilities,
      lacks: {
        ...tenants.lacks,
        "repeated-values": "ALB without multi-value headers passes only the last value of a repeated key or header",
      },
    };
  }
  return { capabilities: ["repeated-values", ...tenants.capabilities], lacks: tenants.lacks };
}

/** The pinned harnesses the suite feeds other integrations' events, by the capability that says so. */
const PINNED_CASES: ReadonlyArray<[LambdaIntegration, Capability]> = [
  ["apigw-v1", "native:aws-pinned-apigw-v1"],
  ["alb-multi", "native:aws-pinned-alb-multi"],
];
const notPinned = (to: LambdaIntegration): string => `only the harness pinned to ${to} is fed other integrations' events`;
const NOT_PINNED = Object.fromEntries(PINNED_CASES.map(([to, capability]) => [capability, notPinned(to)]));

const BUFFERED =
  "a buffered integration (or a Function URL in BUFFERED invoke mode) takes the body whole, at most 6 MB: the function-url stream harness streams";

/**
 * Every Lambda harness: for each HTTP integration, `lambda(app)` detecting it and `lambda(app, { integration })`
 * pinned to it, both receiving every native event a function behind it can get (SQS batches with
 * partial failure, S3, EventBridge, Kinesis, DynamoDB Streams); and SNS (one message per invocation:
 * the single delivery model).
 */
export default function lambdaHarnesses(): ConformanceHarness[] {
  const harnesses: ConformanceHarness[] = [];
  for (const pinned of [false, true]) {
    for (const via of LAMBDA_INTEGRATIONS) {
      const http = httpCapabilities(via);
      const lacks: Partial<Record<Capability, string>> = {
        ...http.lacks,
        "schedule-cron": NO_CRON,
        "http:stream-cut-off": BUFFERED,
        "http:stream-backpressure": BUFFERED,
      };
      const capabilities: Capability[] = [...COMMON, ...http.capabilities];
      for (const [to, capability] of PINNED_CASES) {
        if (pinned && via === to) capabilities.push(capability);
        else lacks[capability] = notPinned(to);
      }
      for (const other of LAMBDA_INTEGRATIONS) {
        if (!pinned || other === via) capabilities.push(...nativeHttp(other));
        else {
          for (const capability of nativeHttp(other)) {
            lacks[capability] =
              `lambda(app, { integration: "${via}" }) refuses the events of another integration by design (the case lambda.pinned.foreign-http holds the error, on the apigw-v1 harness)`;
          }
        }
      }
      const harness = lambdaHarness({
        name: pinned ? `aws-lambda (${via})` : `aws-lambda (detect, ${via})`,
        pinned: pinned ? via : undefined,
        via,
        capabilities,
        lacks,
      });
      if (via === "alb" || via === "alb-multi") {
        harness.providerHeaders = {
          request: { "x-forwarded-for": "ALB appends the address the request came from to the client's own x-forwarded-for" },
        };
      }
      if (!pinned && via === "apigw-v2") harness.meter = lambdaMeter();
      harnesses.push(harness);
    }
  }
  // Streaming handlers (`lambda(app, { stream })`) take every event too: HTTP through a streaming integration
  // goes out as a prelude and chunks, any other HTTP as its integration's buffered JSON, other events as
  // their JSON result.
  const otherThanFunctionUrl = Object.fromEntries(
    LAMBDA_INTEGRATIONS.filter((other) => other !== "function-url").flatMap((other) =>
      nativeHttp(other).map((capability) => [
        capability,
        `lambda(app, { integration: "function-url" }) refuses the events of another integration by design (the case lambda.pinned.foreign-http holds the error, on the apigw-v1 harness)`,
      ]),
    ),
  );
  harnesses.push(
    lambdaHarness({
      name: "aws-lambda (function-url, stream)",
      pinned: "function-url",
      via: "function-url",
      stream: true,
      capabilities: [...COMMON, "repeated-values", "http:stream-cut-off", "http:stream-backpressure", "native:aws-function-url"],
      lacks: { ...otherThanFunctionUrl, "schedule-cron": NO_CRON, "tenant-id": NO_TENANTS, ...NOT_PINNED },
    }),
    lambdaHarness({
      name: "aws-lambda (detect, stream, apigw-v1)",
      via: "apigw-v1",
      stream: ["apigw-v1", "function-url"],
      capabilities: [
        ...COMMON,
        "repeated-values",
        "tenant-id",
        "http:stream-cut-off",
        "http:stream-backpressure",
        ...Object.values(NATIVE_HTTP),
      ],
      lacks: { "schedule-cron": NO_CRON, ...NOT_PINNED, [BUFFERED_REST_API]: STREAMED_REST_API },
    }),
    lambdaHarness({
      name: "aws-lambda (detect, stream, apigw-v2 buffered)",
      via: "apigw-v2",
      stream: true,
      capabilities: [...COMMON, "repeated-values", "tenant-id", ...LAMBDA_INTEGRATIONS.flatMap(nativeHttp)],
      lacks: {
        "schedule-cron": NO_CRON,
        ...NOT_PINNED,
        "http:stream-cut-off": "an HTTP API cannot stream: a streaming handler buffers its response, and a body that fails is a 500",
        "http:stream-backpressure": "an HTTP API cannot stream: a streaming handler buffers its response",
      },
    }),
  );
  const notSns = "the SNS harness delivers messages only; the others run the rest";
  harnesses.push(
    lambdaHarness({
      name: "aws-lambda (sns)",
      via: "apigw-v2",
      messagesVia: "sns",
      capabilities: ["messages", "delivery:single", "message-attributes", "logs"],
      lacks: {
        "ordered-messages": "SNS standard topics promise no order (FIFO topics deliver to SQS, not to Lambda)",
        http: notSns,
      },
    }),
  );
  return harnesses;
}
