// The conformance harness module of @fnport/aws-lambda (`fnport-conformance --harness` loads it; so does
// conformance.test.ts): the adapter runs in this process on real-shaped AWS events.
import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import type {
  Capability,
  CaseInput,
  ConformanceHarness,
  Delivery,
  HarnessInstance,
  HttpOutput,
  OpenedResponse,
  Output,
} from "@fnport/conformance";
import { createConformanceApp } from "@fnport/conformance/app";
import { lambda } from "../src/index.ts";
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
      return records(event).map((record) => String((record.dynamodb as NativeRecord).SequenceNumber));
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
  /** `lambda(app, { stream: true })`: the handler writes to a response stream (the runtime's stand-in). */
  stream?: boolean;
  capabilities: Capability[];
  lacks?: Partial<Record<Capability, string>>;
}

/**
 * Reads what a streaming handler wrote the way a Function URL does: the HTTP integration prelude (JSON, then
 * 8 null bytes) and the body; a handler that rejected has its response cut off (the runtime ends the stream
 * with the error in its trailers).
 */
function readStreamed(written: Buffer, rejected: boolean): { output: HttpOutput; problems: string[] } {
  const split = written.indexOf(Buffer.alloc(8));
  if (split === -1) {
    return {
      output: { kind: "http", status: 502, headers: {}, cookies: [], bodyBase64: "" },
      problems: ["the response stream has no prelude (JSON and 8 null bytes): a Function URL answers 502"],
    };
  }
  const prelude = JSON.parse(written.subarray(0, split).toString("utf8")) as Record<string, unknown>;
  const body = written.subarray(split + 8).toString("base64");
  const { output, problems } = readLambdaResponse("function-url", { ...prelude, body, isBase64Encoded: true });
  if (rejected) output.cutOff = true;
  return { output, problems };
}

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
    async start(): Promise<HarnessInstance> {
      const { app, recorded } = createConformanceApp();
      const logs: string[] = [];
      const write = (line: string): void => void logs.push(line);
      const handler = lambda(app, { integration: pinned, write });
      const streaming = stream ? lambda(app, { integration: pinned, write, stream: true }) : undefined;
      return {
        async deliver(input): Promise<Delivery> {
          const requestId = randomUUID();
          const deadline = Date.now() + TIMEOUT_MS;
          const event = nativeEvent(input, via, messagesVia, requestId);
          const context = { ...CONTEXT, awsRequestId: requestId, getRemainingTimeInMillis: () => deadline - Date.now() };
          const clientIp = input.kind === "http" ? (input.request.clientIp ?? DEFAULT_CLIENT_IP) : undefined;
          if (streaming !== undefined) {
            const out = new PassThrough();
            const chunks: Buffer[] = [];
            out.on("data", (chunk: Buffer) => chunks.push(chunk));
            const rejected = await streaming(event, out, context).then(
              () => false,
              () => true,
            );
            const written = Buffer.concat(chunks);
            // No native format: the suite's native expectations are the buffered JSON results.
            return { ...readStreamed(written, rejected), native: { streamed: written.toString("base64") }, requestId, deadline, clientIp };
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
          const context = { ...CONTEXT, awsRequestId: requestId, getRemainingTimeInMillis: () => deadline - Date.now() };
          const out = new PassThrough();
          return openStreamed(out, streaming(nativeEvent(input, via, messagesVia, requestId), out, context));
        },
        recorded: async () => recorded,
        logs: async () => logs,
        close: async () => {},
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
];
const BUFFERED =
  "a buffered integration (or a Function URL in BUFFERED invoke mode) takes the body whole, at most 6 MB: the function-url stream harness streams";
const NO_CRON = "an EventBridge scheduled event names its rule, not the rule's cron expression";

/** What an integration's requests can carry: ALB without multi-value headers hands Lambda only the last value of a repeated key or header. */
function httpCapabilities(via: LambdaIntegration): { capabilities: Capability[]; lacks: Partial<Record<Capability, string>> } {
  if (via === "alb") {
    return {
      capabilities: [],
      lacks: { "repeated-values": "ALB without multi-value headers passes only the last value of a repeated key or header" },
    };
  }
  return { capabilities: ["repeated-values"], lacks: {} };
}

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
      for (const other of LAMBDA_INTEGRATIONS) {
        if (!pinned || other === via) capabilities.push(NATIVE_HTTP[other]);
        else {
          lacks[NATIVE_HTTP[other]] =
            `lambda(app, { integration: "${via}" }) refuses the events of another integration by design (packages/aws-lambda/src/lambda.test.ts holds the error)`;
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
  harnesses.push(
    lambdaHarness({
      name: "aws-lambda (function-url, stream)",
      pinned: "function-url",
      via: "function-url",
      stream: true,
      capabilities: ["http", "client-ip", "deadline", "logs", "repeated-values", "http:stream-cut-off", "http:stream-backpressure"],
      lacks: { messages: "a streaming Function URL harness sends HTTP only; the others run the rest" },
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
