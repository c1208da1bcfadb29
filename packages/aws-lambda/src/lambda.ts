import type { App, DefaultEnv, LogLevel } from "@fnport/core";
import { createRunner, type InvocationInit, type LogWriter, type Runner } from "@fnport/core/adapter";
import { checkOptions } from "./_options.ts";
import { type EventProcessor, recordSource } from "./_processor.ts";
import { eventBridgeProcessor } from "./eventbridge.ts";
import { LAMBDA_RESPONSE_LIMIT } from "./http/_payload-limit.ts";
import {
  detectHttpProcessor,
  detectIntegration,
  type HttpProcessor,
  httpProcessors,
  integrationMismatch,
  type LambdaIntegration,
} from "./http/detect.ts";
import type { LambdaResponseStream, StreamingIntegration } from "./http/stream.ts";
import type { LambdaContext, NativeEvent } from "./native-types.ts";
import { s3Processor } from "./s3.ts";
import { snsProcessor } from "./sns.ts";
import { sqsProcessor } from "./sqs.ts";
import { streamingHandler, streamingIntegrations } from "./streaming-handler.ts";
import { dynamoDbStreamProcessor, kinesisProcessor } from "./streams.ts";

/** Options of `lambda()`. */
export interface LambdaOptions {
  /**
   * The HTTP integration the function sits behind. Default: detected per event. When set, an HTTP event
   * of another shape fails the invocation with an error naming both; non-HTTP events are still accepted.
   */
  integration?: LambdaIntegration | undefined;
  /** Lowest level `ctx.log` writes. Default: Lambda's own log level setting (`AWS_LAMBDA_LOG_LEVEL`), else `info`. */
  logLevel?: LogLevel | undefined;
  /** Where log lines go (default: `console`, which Lambda sends to CloudWatch Logs). */
  write?: LogWriter | undefined;
}

/** Options of a streaming `lambda()`. */
export interface LambdaStreamOptions extends LambdaOptions {
  /**
   * Stream HTTP responses (`awslambda.streamifyResponse`): the handler becomes a streaming one, and a result
   * whose body is a stream (or a `Response`) goes out as it is produced, after a prelude with the status,
   * headers and cookies. `true` streams Function URL requests (set its invoke mode to `RESPONSE_STREAM`);
   * list `"apigw-v1"` too for a REST API whose integration uses the `STREAM` response transfer mode. Other
   * integrations (HTTP APIs, ALB) cannot stream: their body is buffered, at most 6 MB. Without it, `lambda()` returns a handler that buffers.
   */
  stream: true | readonly StreamingIntegration[];
}

/**
 * An app `lambda()` can run: on Lambda `ctx.env` is `process.env`, so the app's `Env` must take string values
 * (an app typed with Workers bindings is a compile error here, not `undefined` bindings at run time).
 */
export type LambdaApp<Deps, Env> = App<Deps, Env> &
  (DefaultEnv extends Env
    ? unknown
    : { readonly [Name in keyof Env]: string | undefined } extends Env
      ? unknown
      : {
          "lambda(app)": "ctx.env on Lambda is process.env, whose values are string | undefined: this app's Env asks for something else (Workers bindings?)";
        });

/** A Lambda handler: `export const handler = lambda(app)`. */
export type LambdaHandler = (event: unknown, context: LambdaContext) => Promise<unknown>;

/** A streaming Lambda handler (`lambda(app, { stream: true })`), marked as `awslambda.streamifyResponse` marks it. */
export type LambdaStreamingHandler = (event: unknown, responseStream: LambdaResponseStream, context: LambdaContext) => Promise<void>;

/** Now plus the context's remaining time; read only when the handler needs it (it costs two clock reads). */
function lambdaDeadline(native: unknown): number | undefined {
  const context = native as LambdaContext | undefined;
  const remaining = context?.getRemainingTimeInMillis;
  return typeof remaining === "function" ? Date.now() + remaining.call(context) : undefined;
}

/** `ctx.tenantId`: the context's `tenantId` on a function with tenant isolation mode. */
function lambdaTenantId(native: unknown): string | undefined {
  const tenantId = (native as LambdaContext | undefined)?.tenantId;
  return typeof tenantId === "string" && tenantId !== "" ? tenantId : undefined;
}

/** Every log line of a tenant's invocation names the tenant. */
function tenantLogFields(native: unknown): Readonly<Record<string, unknown>> | undefined {
  const tenantId = lambdaTenantId(native);
  return tenantId === undefined ? undefined : { tenantId };
}

const NO_ENV: Readonly<Record<string, string | undefined>> = Object.freeze({});
// Read once: Node defines `globalThis.process` as a getter (about 45 ns a call); `.env` is still read per
// invocation, so a test that replaces `process.env` is seen.
const nodeProcess: { env: Readonly<Record<string, string | undefined>> } | undefined = globalThis.process;

// Lambda's advanced logging controls name six levels; ctx.log has four.
const LAMBDA_LOG_LEVELS: Readonly<Record<string, LogLevel>> = {
  TRACE: "debug",
  DEBUG: "debug",
  INFO: "info",
  WARN: "warn",
  ERROR: "error",
  FATAL: "error",
};

const eventProcessors: readonly EventProcessor[] = [
  sqsProcessor,
  snsProcessor,
  s3Processor,
  kinesisProcessor,
  dynamoDbStreamProcessor,
  eventBridgeProcessor,
];

function invocationInit(context: LambdaContext | undefined): InvocationInit {
  return {
    requestId: context?.awsRequestId,
    env: nodeProcess?.env ?? NO_ENV,
    native: context,
  };
}

/** The error for an event no processor recognises, naming what it saw. */
function unrecognised(event: unknown): Error {
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    return new Error(
      `Unrecognised Lambda event: no processor matches ${event === null ? "null" : Array.isArray(event) ? "an array" : `a ${typeof event}`}`,
    );
  }
  const keys = Object.keys(event);
  const shown = keys.length > 20 ? `${keys.slice(0, 20).join(", ")}, ...` : keys.join(", ");
  const source = recordSource(event as NativeEvent);
  const detail = source === undefined ? "" : ` (Records[0] has eventSource ${JSON.stringify(source)})`;
  return new Error(`Unrecognised Lambda event: no processor matches an event with keys [${shown}]${detail}`);
}

function runEvent(runner: Runner, event: NativeEvent, init: InvocationInit): Promise<unknown> {
  for (const processor of eventProcessors) if (processor.accepts(event)) return processor.run(runner, event, init);
  throw unrecognised(event);
}

/**
 * Adapts an app to AWS Lambda: HTTP from API Gateway (REST and HTTP APIs), ALB and Function URLs;
 * SQS, SNS, S3, EventBridge, Kinesis and DynamoDB Streams. One runner per call: `init` runs once.
 */
export function lambda<Deps, Env>(app: LambdaApp<Deps, Env>, options: LambdaStreamOptions): LambdaStreamingHandler;
export function lambda<Deps, Env>(app: LambdaApp<Deps, Env>, options?: LambdaOptions): LambdaHandler;
export function lambda<Deps, Env>(
  app: LambdaApp<Deps, Env>,
  options: LambdaOptions & { stream?: LambdaStreamOptions["stream"] | false } = {},
): LambdaHandler | LambdaStreamingHandler {
  const { integration } = options;
  checkOptions(integration, options.stream);
  const pinned: HttpProcessor | undefined = integration === undefined ? undefined : httpProcessors[integration];
  const logLevel = options.logLevel ?? LAMBDA_LOG_LEVELS[nodeProcess?.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() ?? ""] ?? "info";
  const streaming = streamingIntegrations(options.stream);
  const runner = createRunner(app, {
    provider: "aws-lambda",
    deadlineOf: lambdaDeadline,
    logLevel,
    write: options.write,
    streams: streaming !== undefined,
    // A streamed body answered buffered stops being read past Lambda's payload limit (ALB's 1 MB is checked when encoded).
    maxBufferedBytes: LAMBDA_RESPONSE_LIMIT,
    tenantIdOf: lambdaTenantId,
    logFieldsOf: tenantLogFields,
  });

  /** The HTTP processor for a native event, undefined for another kind; throws for a malformed or mismatched one. */
  function httpProcessor(event: unknown): HttpProcessor | undefined {
    if (typeof event !== "object" || event === null) throw unrecognised(event);
    const native = event as NativeEvent;
    if (pinned === undefined) return detectHttpProcessor(native);
    if (pinned.accepts(native)) return pinned;
    const seen = detectIntegration(native);
    if (seen !== undefined) throw integrationMismatch(pinned.integration, seen);
    return undefined;
  }

  if (streaming !== undefined) {
    return streamingHandler({
      runner,
      httpProcessor,
      streaming,
      invocationInit,
      runEvent: (event, init) => runEvent(runner, event, init),
      logLevel,
      write: options.write,
    });
  }

  return (event: unknown, context: LambdaContext) => {
    try {
      const http = httpProcessor(event);
      const native = event as NativeEvent;
      const init = invocationInit(context);
      if (http !== undefined) return runner.http(http.parse(native), init, http.encode);
      return runEvent(runner, native, init);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
