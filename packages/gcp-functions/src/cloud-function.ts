import type { IncomingMessage, ServerResponse } from "node:http";
import { type CloudRunApp, type NodeHandlerOptions, toNodeHandler, traceRequestId } from "@fnport/cloud-run";
import { http } from "@google-cloud/functions-framework";
import { eventDeliveries } from "./_deliveries.ts";
import { deployedSignatureType, deployedTimeoutMs, type SignatureType, signatureTypeOption } from "./_deployment.ts";

/** Options of `cloudFunction()`: what `toNodeHandler()` of `@fnport/cloud-run` takes, with Cloud Functions' defaults. */
export interface CloudFunctionOptions
  extends Omit<NodeHandlerOptions, "provider" | "rawBody" | "requestId" | "delivery" | "timeoutMs" | "events" | "maxResponseBytes"> {
  /**
   * The largest response body (default 32 MiB, 2nd gen's limit on a response sent whole; 1st gen's is
   * 10 MB: set 10 * 1024 * 1024 there). A larger one answers a generic 500 with a log line naming its size
   * and the limit, instead of the bare error Google would send.
   */
  maxResponseBytes?: number | undefined;
  /**
   * What the deployment delivers: `http` (an HTTP trigger: requests, and the Pub/Sub push, Cloud Tasks,
   * Cloud Scheduler and Eventarc deliveries an HTTP function can also be the target of), `event` (a 1st
   * gen event trigger: background events) or `cloudevent` (a 2nd gen event trigger: Eventarc CloudEvents).
   * Default: what the framework was started with (`--signature-type`, else `FUNCTION_SIGNATURE_TYPE`,
   * which Google sets for every deployment), else `http`. The function is registered as an HTTP
   * function whatever this says; it decides only whether a JSON body may be a background event.
   */
  signatureType?: SignatureType | undefined;
  /**
   * The function's timeout in ms: `ctx.deadline` is the arrival time plus this, `ctx.signal` aborts
   * shortly before, and a handler still running at the deadline gets a 504. Default: the framework's
   * `--timeout` / `CLOUD_RUN_TIMEOUT_SECONDS` (2nd gen), else `FUNCTION_TIMEOUT_SEC` (1st gen's older
   * runtimes), else none (`ctx.deadline` undefined): set it to your `--timeout` where neither is set.
   */
  timeoutMs?: number | undefined;
  /**
   * Treat Google's deliveries (CloudEvents, background events, Pub/Sub push, Cloud Tasks, Cloud Scheduler)
   * as `messages`, `storage`, `schedule` and `cloudevent` events (default `true`). `false`: every request
   * is `http`.
   */
  events?: boolean | undefined;
}

/** Cloud Functions (2nd gen) refuses a response sent whole over 32 MB (Cloud Functions quotas, "Max uncompressed HTTP response size"). */
export const DEFAULT_MAX_RESPONSE_BYTES: number = 32 * 1024 * 1024;

/** The framework's request: node's, with the fields its middleware adds (its `Request` type). */
interface FrameworkRequest extends IncomingMessage {
  /** The body its parsers already read (any request with a content type), decompressed. */
  rawBody?: Buffer;
  /** `Function-Execution-Id` (1st gen sends it), else an id it made up. */
  executionId?: string;
}

/**
 * The function `cloudFunction()` registers: a node `(request, response)` handler. It returns nothing (it
 * answers every request itself, never by a rejection): the framework then adds no promise of its own.
 */
export type CloudFunctionHandler = (request: IncomingMessage, response: ServerResponse) => void;

const nodeProcess: { argv: string[]; env: Readonly<Record<string, string | undefined>> } | undefined = globalThis.process;

/** The execution id 1st gen sends, else the trace (`TRACE_ID/SPAN_ID`, as on Cloud Run), else the framework's own id. */
function executionRequestId(headers: Readonly<Record<string, string>>, request: IncomingMessage): string | undefined {
  return headers["function-execution-id"] ?? traceRequestId(headers) ?? (request as FrameworkRequest).executionId;
}

/**
 * The framework's body parsers decompress a `gzip`/`deflate`/`br` body into `rawBody`: the event gets the
 * headers of the bytes it holds, without the encoding and with their length.
 */
function describeDecodedBody(request: FrameworkRequest, raw: Buffer): void {
  const encoding = request.headers["content-encoding"];
  if (encoding === undefined || encoding.trim().toLowerCase() === "identity") return;
  delete request.headers["content-encoding"];
  request.headers["content-length"] = String(raw.byteLength);
}

/**
 * Serves `app` as the Cloud Function `name` (deploy with `--entry-point=name`): registers it with the
 * Functions Framework as an HTTP function, which every trigger of both generations reaches — HTTP
 * requests, 2nd gen's Eventarc CloudEvents, 1st gen's background events, Pub/Sub push, Cloud Tasks and
 * Cloud Scheduler — each becoming its portable event through `@fnport/cloud-run`'s translation. Returns
 * the registered handler, which can also be exported under `name` instead.
 */
export function cloudFunction<Deps, Env>(
  name: string,
  app: CloudRunApp<Deps, Env>,
  options: CloudFunctionOptions = {},
): CloudFunctionHandler {
  const { signatureType: signatureOption, timeoutMs: timeoutOption, ...handlerOptions } = options;
  const argv = nodeProcess?.argv ?? [];
  const env = nodeProcess?.env ?? {};
  const signatureType = signatureTypeOption(signatureOption) ?? deployedSignatureType(argv, env);
  const handler = toNodeHandler(app, {
    ...handlerOptions,
    provider: "gcp-functions",
    maxResponseBytes: handlerOptions.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    timeoutMs: timeoutOption ?? deployedTimeoutMs(argv, env) ?? Number.POSITIVE_INFINITY,
    rawBody: (request) => (request as FrameworkRequest).rawBody,
    requestId: executionRequestId,
    delivery: signatureType === "http" ? undefined : eventDeliveries(signatureType),
  });
  const registered: CloudFunctionHandler = (request, response) => {
    const raw = (request as FrameworkRequest).rawBody;
    if (raw !== undefined) describeDecodedBody(request, raw);
    // toNodeHandler answers every failure itself and its promise never rejects: no catch (a promise per request).
    void handler(request, response);
  };
  http(name, registered);
  return registered;
}
