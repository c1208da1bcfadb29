import { randomUUID } from "node:crypto";
import { lambda } from "@fnport/aws-lambda";
import { createConformanceApp } from "../app.ts";
import type { Capability, CaseInput, ConformanceHarness, Delivery, HarnessInstance, HttpOutput, Output } from "../types.ts";
import { type LambdaIntegration, lambdaHttpEvent, scheduledEvent, sqsEvent } from "./aws-lambda-events.ts";
import { lambdaMeter } from "./aws-lambda-meter.ts";

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

function isBatchSource(event: Record<string, unknown>): boolean {
  const records = event.Records as Array<Record<string, unknown>> | undefined;
  const source = records?.[0]?.eventSource;
  return source === "aws:sqs" || source === "aws:kinesis" || source === "aws:dynamodb";
}

function nativeEvent(input: CaseInput, integration: LambdaIntegration, requestId: string): Record<string, unknown> {
  switch (input.kind) {
    case "http":
      return lambdaHttpEvent(integration, input.request, requestId);
    case "messages":
      return sqsEvent(input.batch);
    case "schedule":
      return scheduledEvent(input.scheduledTime);
    case "native":
      return input.event as Record<string, unknown>;
  }
}

function toOutput(event: Record<string, unknown>, result: unknown, error: unknown): Output {
  const message = error instanceof Error ? error.message : String(error);
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

/**
 * The Lambda harness: the adapter runs in this process on real-shaped events. Without `integration`
 * it auto-detects and takes the real fixtures; with one, neutral HTTP requests go through that integration.
 */
export function lambdaHarness(integration?: LambdaIntegration): ConformanceHarness {
  const capabilities = new Set<Capability>(
    integration
      ? ["http", "deadline", "logs"]
      : ["http", "messages", "ordered-messages", "storage", "schedule", "cloudevent", "deadline", "logs", "native:aws-lambda"],
  );
  // ALB without multi-value headers hands Lambda only the last value of a repeated key or header.
  if (integration !== "alb") capabilities.add("repeated-values");
  const lacks: Partial<Record<Capability, string>> = {};
  if (integration === "alb")
    lacks["repeated-values"] = "ALB without multi-value headers passes only the last value of a repeated key or header";
  if (integration) {
    const pinned = "a harness pinned to one integration sends only HTTP requests; the auto-detecting one runs the rest";
    for (const capability of ["messages", "ordered-messages", "storage", "schedule", "cloudevent", "native:aws-lambda"] as const) {
      lacks[capability] = pinned;
    }
  }
  const harness: ConformanceHarness = {
    name: integration ? `aws-lambda (${integration})` : "aws-lambda",
    capabilities,
    lacks,
    async start(): Promise<HarnessInstance> {
      const { app, recorded } = createConformanceApp();
      const logs: string[] = [];
      const handler = lambda(app, { integration, write: (line) => void logs.push(line) });
      return {
        async deliver(input): Promise<Delivery> {
          const requestId = randomUUID();
          const deadline = Date.now() + TIMEOUT_MS;
          const event = nativeEvent(input, integration ?? "apigw-v2", requestId);
          const context = {
            awsRequestId: requestId,
            functionName: "conformance",
            functionVersion: "$LATEST",
            invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:conformance",
            memoryLimitInMB: "128",
            logGroupName: "/aws/lambda/conformance",
            logStreamName: "conformance",
            callbackWaitsForEmptyEventLoop: true,
            getRemainingTimeInMillis: () => deadline - Date.now(),
          };
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
  if (!integration) harness.meter = lambdaMeter();
  return harness;
}
