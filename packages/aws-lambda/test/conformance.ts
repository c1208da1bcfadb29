// The conformance harness module of @fnport/aws-lambda (`fnport-conformance --harness` loads it; so does
// conformance.test.ts): the adapter runs in this process on real-shaped AWS events.
import { randomUUID } from "node:crypto";
import type { Capability, CaseInput, ConformanceHarness, Delivery, HarnessInstance, HttpOutput, Output } from "@fnport/conformance";
import { createConformanceApp } from "@fnport/conformance/app";
import { lambda } from "../src/index.ts";
import { type LambdaIntegration, lambdaHttpEvent, scheduledEvent, snsEvent, sqsEvent } from "./conformance-events.ts";
import { lambdaMeter } from "./conformance-meter.ts";

type NativeResponse = {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, Array<string | number | boolean>>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
};

const TIMEOUT_MS = 30_000;

/** Which integration a native HTTP event came through (for reading its response the way that integration does). */
function integrationOf(event: Record<string, unknown>): LambdaIntegration {
  const context = event.requestContext as Record<string, unknown> | undefined;
  if (context?.elb) return event.multiValueHeaders ? "alb-multi" : "alb";
  if (event.version === "2.0") return String(context?.domainName ?? "").includes(".lambda-url.") ? "function-url" : "apigw-v2";
  return "apigw-v1";
}

function append(headers: Record<string, string>, cookies: string[], name: string, value: unknown): void {
  const key = name.toLowerCase();
  if (key === "set-cookie") cookies.push(String(value));
  else headers[key] = headers[key] === undefined ? String(value) : `${headers[key]}, ${String(value)}`;
}

/** Reads a Lambda HTTP response the way `integration` does, ignoring fields it ignores. */
export function readLambdaResponse(integration: LambdaIntegration, response: NativeResponse): HttpOutput {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const single = Object.entries(response.headers ?? {});
  const multi = Object.entries(response.multiValueHeaders ?? {});
  if (integration === "apigw-v1" && response.cookies !== undefined) {
    // API Gateway REST rejects a response with fields it does not know: the client gets a 502.
    return { kind: "http", status: 502, headers: {}, cookies: [], bodyBase64: "" };
  }
  if (integration === "alb-multi") for (const [name, values] of multi) for (const value of values) append(headers, cookies, name, value);
  else if (integration === "apigw-v1") {
    // Both maps are merged; a name in multiValueHeaders wins over the same name in headers.
    const multiNames = new Set(multi.map(([name]) => name.toLowerCase()));
    for (const [name, values] of multi) for (const value of values) append(headers, cookies, name, value);
    for (const [name, value] of single) if (!multiNames.has(name.toLowerCase())) append(headers, cookies, name, value);
  } else for (const [name, value] of single) append(headers, cookies, name, value);
  if (integration === "apigw-v2" || integration === "function-url") cookies.push(...(response.cookies ?? []));
  const body = response.body ?? "";
  const bodyBase64 = response.isBase64Encoded ? body : Buffer.from(body, "utf8").toString("base64");
  return { kind: "http", status: response.statusCode ?? 200, headers, cookies, bodyBase64 };
}

function recordSource(event: Record<string, unknown>): unknown {
  const records = event.Records as Array<Record<string, unknown>> | undefined;
  return records?.[0]?.eventSource ?? records?.[0]?.EventSource;
}

function isBatchSource(event: Record<string, unknown>): boolean {
  const source = recordSource(event);
  return source === "aws:sqs" || source === "aws:kinesis" || source === "aws:dynamodb";
}

/** The message ids of an SNS event (one notification per invocation). */
function snsIds(event: Record<string, unknown>): string[] {
  return (event.Records as Array<{ Sns: { MessageId: string } }>).map((record) => record.Sns.MessageId);
}

/** Where neutral batches go: an SQS queue (partial batch responses) or an SNS topic (one message per invocation). */
type MessagesVia = "sqs" | "sns";

function nativeEvent(input: CaseInput, integration: LambdaIntegration, via: MessagesVia, requestId: string): Record<string, unknown> {
  switch (input.kind) {
    case "http":
      return lambdaHttpEvent(integration, input.request, requestId);
    case "messages":
      return via === "sns" ? snsEvent(input.batch) : sqsEvent(input.batch);
    case "schedule":
      return scheduledEvent(input.scheduledTime);
    case "native":
      return input.event as Record<string, unknown>;
  }
}

function toOutput(event: Record<string, unknown>, result: unknown, error: unknown): Output {
  const message = error instanceof Error ? error.message : String(error);
  // SNS invokes asynchronously: a failed invocation is retried, a successful one is done.
  if (recordSource(event) === "aws:sns") return { kind: "messages", failed: error === undefined ? [] : snsIds(event) };
  if (isBatchSource(event)) {
    if (error !== undefined) return { kind: "messages", batchFailed: true, error: message };
    const failures = (result as { batchItemFailures?: Array<{ itemIdentifier: string }> }).batchItemFailures ?? [];
    return { kind: "messages", failed: failures.map((failure) => failure.itemIdentifier) };
  }
  if (error !== undefined) return { kind: "event", ok: false, error: message };
  if (typeof result === "object" && result !== null && "statusCode" in result) {
    return readLambdaResponse(integrationOf(event), result as NativeResponse);
  }
  return { kind: "event", ok: true };
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

interface LambdaHarnessOptions {
  name: string;
  integration?: LambdaIntegration | undefined;
  via?: MessagesVia;
  capabilities: Capability[];
  lacks?: Partial<Record<Capability, string>>;
}

/** One Lambda harness: `lambda(app, { integration })` called in this process with native events. */
function lambdaHarness({ name, integration, via = "sqs", capabilities, lacks = {} }: LambdaHarnessOptions): ConformanceHarness {
  return {
    name,
    capabilities: new Set(capabilities),
    lacks,
    async start(): Promise<HarnessInstance> {
      const { app, recorded } = createConformanceApp();
      const logs: string[] = [];
      const handler = lambda(app, { integration, write: (line) => void logs.push(line) });
      return {
        async deliver(input): Promise<Delivery> {
          const requestId = randomUUID();
          const deadline = Date.now() + TIMEOUT_MS;
          const event = nativeEvent(input, integration ?? "apigw-v2", via, requestId);
          const context = { ...CONTEXT, awsRequestId: requestId, getRemainingTimeInMillis: () => deadline - Date.now() };
          let result: unknown;
          let error: unknown;
          try {
            result = await handler(event, context);
          } catch (thrown) {
            error = thrown ?? new Error("threw undefined");
          }
          return {
            output: toOutput(event, result, error),
            native: error === undefined ? result : { error: String(error) },
            requestId,
            deadline,
          };
        },
        recorded: async () => recorded,
        logs: async () => logs,
        close: async () => {},
      };
    },
  };
}

const HTTP: Capability[] = ["http", "http:body-as-sent", "client-ip", "deadline", "logs"];
const PINNED = "a harness pinned to one integration sends only HTTP requests; the auto-detecting one runs the rest";
const NOT_SNS = "the SNS harness delivers messages only; the others run the rest";

/**
 * Every Lambda harness: auto-detection with the real fixtures and SQS batches (per-message failure),
 * each HTTP integration pinned, and SNS (one message per invocation: the single delivery model).
 */
export default function lambdaHarnesses(): ConformanceHarness[] {
  const auto = lambdaHarness({
    name: "aws-lambda",
    capabilities: [
      ...HTTP,
      "repeated-values",
      "messages",
      "delivery:per-message",
      "ordered-messages",
      "storage",
      "schedule",
      "cloudevent",
      "native:aws-lambda",
    ],
  });
  auto.meter = lambdaMeter();
  const pinned = (["apigw-v1", "apigw-v2", "alb", "alb-multi", "function-url"] as const).map((integration) => {
    const lacks: Partial<Record<Capability, string>> = {};
    for (const capability of ["messages", "ordered-messages", "storage", "schedule", "cloudevent", "native:aws-lambda"] as const) {
      lacks[capability] = PINNED;
    }
    // ALB without multi-value headers hands Lambda only the last value of a repeated key or header.
    if (integration === "alb")
      lacks["repeated-values"] = "ALB without multi-value headers passes only the last value of a repeated key or header";
    return lambdaHarness({
      name: `aws-lambda (${integration})`,
      integration,
      capabilities: integration === "alb" ? HTTP : [...HTTP, "repeated-values"],
      lacks,
    });
  });
  const sns = lambdaHarness({
    name: "aws-lambda (sns)",
    via: "sns",
    capabilities: ["messages", "delivery:single"],
    lacks: {
      "ordered-messages": "SNS standard topics promise no order (FIFO topics deliver to SQS, not to Lambda)",
      http: NOT_SNS,
      logs: NOT_SNS,
    },
  });
  return [auto, ...pinned, sns];
}
