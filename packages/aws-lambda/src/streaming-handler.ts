import type { LogLevel } from "@fnport/core";
import { createLogger, type InvocationInit, type LogWriter, type Runner } from "@fnport/core/adapter";
import { isFunctionUrlEvent } from "./http/apigw-v2.ts";
import type { HttpProcessor } from "./http/detect.ts";
import {
  abortOnClose,
  awsLambdaGlobal,
  ended,
  type LambdaResponseStream,
  type StreamingIntegration,
  sendBuffered,
  sendStreamed,
} from "./http/stream.ts";
import type { LambdaStreamingHandler } from "./lambda.ts";
import type { ApiGatewayV2Event, LambdaContext, NativeEvent } from "./native-types.ts";

/** The integrations `lambda()`'s `stream` option streams (`true`: Function URLs), or undefined when it does not stream (checked already: see `_options.ts`). */
export function streamingIntegrations(
  stream: boolean | readonly StreamingIntegration[] | undefined,
): ReadonlySet<StreamingIntegration> | undefined {
  if (stream === true) return new Set(["function-url"]);
  return Array.isArray(stream) ? new Set(stream) : undefined;
}

/** What `lambda()` hands its streaming handler. */
export interface StreamingParts {
  runner: Runner;
  httpProcessor(event: unknown): HttpProcessor | undefined;
  streaming: ReadonlySet<StreamingIntegration>;
  invocationInit(context: LambdaContext | undefined): InvocationInit;
  runEvent(event: NativeEvent, init: InvocationInit): Promise<unknown>;
  logLevel: LogLevel;
  write: LogWriter | undefined;
}

/** The integration an HTTP event came through, when it is one that streams here. */
function streamedIntegration(
  processor: HttpProcessor,
  event: object,
  streaming: ReadonlySet<StreamingIntegration>,
): StreamingIntegration | undefined {
  const integration =
    processor.integration === "apigw-v2" && isFunctionUrlEvent(event as ApiGatewayV2Event) ? "function-url" : processor.integration;
  return streaming.has(integration as StreamingIntegration) ? (integration as StreamingIntegration) : undefined;
}

/**
 * The streaming handler: HTTP through a streaming integration goes out as a prelude and chunks; HTTP through
 * any other integration as its usual JSON result (buffered, 6 MB); other events write their result as JSON.
 */
export function streamingHandler(parts: StreamingParts): LambdaStreamingHandler {
  const { runner, streaming, logLevel, write } = parts;
  async function handle(event: unknown, responseStream: LambdaResponseStream, context: LambdaContext): Promise<void> {
    const http = parts.httpProcessor(event);
    const init = parts.invocationInit(context);
    init.abortOn = abortOnClose(responseStream);
    if (http === undefined) {
      const result = await parts.runEvent(event as NativeEvent, init);
      if (result !== undefined) responseStream.write(JSON.stringify(result));
      return ended(responseStream);
    }
    const response = await runner.http(http.parse(event as object), init);
    const log = () => createLogger({ requestId: init.requestId, provider: "aws-lambda" }, logLevel, write);
    const integration = streamedIntegration(http, event as object, streaming);
    if (integration !== undefined) return sendStreamed(responseStream, response, integration, log);
    return sendBuffered(responseStream, response, http, log);
  }
  return awsLambdaGlobal().streamifyResponse(handle);
}
