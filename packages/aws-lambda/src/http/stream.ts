import type { Logger } from "@fnport/core";
import { collectStream, type EncodedHttpResponse, errorResponse, type ResponseStream, responseBody } from "@fnport/core/adapter";
import { LAMBDA_RESPONSE_LIMIT } from "./_payload-limit.ts";
import type { HttpProcessor } from "./detect.ts";

/** The integrations that can stream a Lambda response (through `InvokeWithResponseStream`). */
export type StreamingIntegration = "function-url" | "apigw-v1";

/**
 * The response stream Lambda's Node.js runtime hands a streaming handler (a node `Writable`); what the
 * adapter uses of it. The runtime calls `_onBeforeFirstWrite` once, before the first write goes out.
 */
export interface LambdaResponseStream {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  end(callback?: () => void): void;
  setContentType?(contentType: string): void;
  once?(event: "drain" | "close" | "error", listener: () => void): unknown;
  off?(event: "drain" | "close" | "error", listener: () => void): unknown;
  readonly destroyed?: boolean;
  readonly writableFinished?: boolean;
  _onBeforeFirstWrite?: ((write: (chunk: string | Uint8Array) => unknown) => void) | undefined;
}

/** The status, headers and cookies sent ahead of a streamed body (the HTTP integration response prelude). */
export interface StreamPrelude {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  multiValueHeaders?: Record<string, string[]>;
}

/** What Lambda's Node.js runtime provides as the `awslambda` global (only the parts used here). */
export interface AwsLambdaGlobal {
  streamifyResponse<T extends (...args: never[]) => unknown>(handler: T): T;
  HttpResponseStream: { from(stream: LambdaResponseStream, prelude: StreamPrelude): LambdaResponseStream };
}

/** The runtime's mark on a streaming handler (the RIC's `HANDLER_STREAMING` symbol, value `response`). */
const STREAMING_MARK = Symbol.for("aws.lambda.runtime.handler.streaming");
/** The content type of a response stream that starts with a prelude (Function URLs, API Gateway streaming). */
export const PRELUDE_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
/** The soft limit on a streamed response, 200 MB (Lambda quotas: "response streaming"). */
export const STREAMED_RESPONSE_LIMIT: number = 200 * 1024 * 1024;

/**
 * The same two calls without the runtime (tests, local runs): the handler is marked as the runtime marks
 * it, and the prelude, then 8 null bytes, go out right before the first write, as the runtime writes them.
 */
const localAwsLambda: AwsLambdaGlobal = {
  streamifyResponse(handler) {
    Object.defineProperty(handler, STREAMING_MARK, { value: "response" });
    return handler;
  },
  HttpResponseStream: {
    from(stream, prelude) {
      stream.setContentType?.(PRELUDE_CONTENT_TYPE);
      const json = JSON.stringify(prelude);
      const write = stream.write.bind(stream);
      let started = false;
      stream.write = (chunk, callback) => {
        if (!started) {
          started = true;
          write(json);
          write(new Uint8Array(8));
        }
        return write(chunk, callback);
      };
      return stream;
    },
  },
};

/** The runtime's `awslambda` global, or the local stand-in where it is missing. */
export function awsLambdaGlobal(): AwsLambdaGlobal {
  return (globalThis as unknown as { awslambda?: AwsLambdaGlobal }).awslambda ?? localAwsLambda;
}

/** The prelude for a response: Function URLs take `cookies`, a REST API's streaming integration `multiValueHeaders`. */
export function streamPrelude(response: EncodedHttpResponse, integration: StreamingIntegration): StreamPrelude {
  const prelude: StreamPrelude = { statusCode: response.status, headers: response.headers };
  if (response.cookies.length > 0) {
    if (integration === "function-url") prelude.cookies = response.cookies;
    else prelude.multiValueHeaders = { "set-cookie": response.cookies };
  }
  return prelude;
}

/** Resolves when the stream can take more, or is gone. */
function drained(stream: LambdaResponseStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off?.("drain", done);
      stream.off?.("close", done);
      resolve();
    };
    if (stream.once === undefined) resolve();
    else {
      stream.once("drain", done);
      stream.once("close", done);
    }
  });
}

/**
 * Links `ctx.signal` to the response stream: closed before the response finished, it aborts. Lambda's Node.js
 * runtime closes it when its own connection to the Runtime API fails, not when the client disconnects: it
 * reports no disconnect at all (aws/aws-lambda-nodejs-runtime-interface-client issue 145, open).
 */
export function abortOnClose(stream: LambdaResponseStream): (abort: (reason: unknown) => void) => void {
  return (abort) => {
    if (stream.writableFinished === true) return;
    const closed = (): void => abort(new DOMException("The response stream was closed", "AbortError"));
    if (stream.destroyed === true) closed();
    else stream.once?.("close", () => stream.writableFinished !== true && closed());
  };
}

/** Ends the stream; resolves once it is finished. */
export function ended(stream: LambdaResponseStream): Promise<void> {
  return new Promise((resolve) => stream.end(resolve));
}

/**
 * Sends a response through the runtime's stream: the prelude (status, headers, cookies) at once, even for
 * an empty body, then each chunk, waiting for `drain` when the stream is full. A body that fails mid-way
 * (logged once already by the runner) or passes 200 MB rejects: the runtime then ends the stream with the
 * error in its trailers, and the client gets a cut-off response, never one that looks complete.
 */
export async function sendStreamed(
  out: LambdaResponseStream,
  response: EncodedHttpResponse,
  integration: StreamingIntegration,
  log: () => Logger,
): Promise<void> {
  const stream = awsLambdaGlobal().HttpResponseStream.from(out, streamPrelude(response, integration));
  const body = response.stream;
  // An empty write sends the prelude now: the runtime writes it only before a first write (an empty
  // stream would otherwise lose its status).
  stream.write(new Uint8Array(0));
  if (body === undefined) {
    // An empty body's write sends nothing more, as the empty write above.
    if (response.body !== null) stream.write(response.body);
    return ended(stream);
  }
  let sent = 0;
  for (let chunk = await body.read(); chunk !== undefined; chunk = await body.read()) {
    sent += chunk.byteLength;
    if (sent > STREAMED_RESPONSE_LIMIT) {
      const error = new RangeError(`The streamed response passed ${STREAMED_RESPONSE_LIMIT} bytes, Lambda's limit for a streamed response`);
      log().error("http response body failed while streaming", { error });
      await body.cancel(error);
      throw error;
    }
    if (stream.destroyed === true) {
      await body.cancel(new Error("The response stream was closed"));
      return;
    }
    if (!stream.write(chunk)) await drained(stream);
  }
  return ended(stream);
}

/**
 * For an integration that cannot stream (an HTTP API, ALB, a REST API in buffered mode): the body read
 * whole, at most Lambda's 6 MB, and the integration's usual JSON result, written as the invocation's payload.
 */
export async function sendBuffered(
  out: LambdaResponseStream,
  response: EncodedHttpResponse,
  processor: HttpProcessor,
  log: () => Logger,
): Promise<void> {
  let native: unknown;
  try {
    native = processor.encode(await buffered(response));
  } catch (error) {
    // A body that failed while read is logged already (by the runner's stream); nothing was sent: answer 500.
    if (!(response.stream?.failed === true)) log().error("http response could not be encoded for the provider", { error });
    native = processor.encode(errorResponse(undefined));
  }
  out.write(JSON.stringify(native));
  return ended(out);
}

async function buffered(response: EncodedHttpResponse): Promise<EncodedHttpResponse> {
  const stream: ResponseStream | undefined = response.stream;
  if (stream === undefined) return response;
  const bytes = await collectStream(stream, LAMBDA_RESPONSE_LIMIT);
  return { status: response.status, headers: response.headers, cookies: response.cookies, body: responseBody(bytes, response.headers) };
}
