// The request's trace, from Google's `X-Cloud-Trace-Context` (`TRACE_ID/SPAN_ID;o=1`, the span id in
// decimal) or W3C `traceparent` (`00-TRACE_ID-SPAN_ID-FLAGS`, hex): Cloud Run sends both.

/** A request's trace as Cloud Logging wants it: a 32-hex trace id, a 16-hex span id, sampled or not. */
export interface TraceContext {
  traceId: string;
  spanId: string | undefined;
  sampled: boolean;
}

const CLOUD_TRACE = /^([0-9a-fA-F]{32})(?:\/(\d{1,20}))?(?:;o=([01]))?$/;
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = "00000000000000000000000000000000";

/** The trace of a request, from `x-cloud-trace-context` first, else `traceparent`; `undefined` when neither is valid. */
export function traceContext(headers: Readonly<Record<string, string | undefined>>): TraceContext | undefined {
  const google = headers["x-cloud-trace-context"];
  if (google !== undefined) {
    const match = CLOUD_TRACE.exec(google);
    if (match !== null && match[1] !== ZERO_TRACE) {
      const decimal = match[2];
      const span = decimal === undefined ? undefined : BigInt(decimal);
      return {
        traceId: (match[1] as string).toLowerCase(),
        // Cloud Logging wants the span id as 16 hex digits; the header gives it in decimal.
        spanId: span === undefined || span === 0n || span >= 1n << 64n ? undefined : span.toString(16).padStart(16, "0"),
        sampled: match[3] === "1",
      };
    }
  }
  const w3c = headers.traceparent;
  if (w3c !== undefined) {
    const match = TRACEPARENT.exec(w3c);
    if (match !== null && match[1] !== ZERO_TRACE) {
      return { traceId: match[1] as string, spanId: match[2], sampled: ((Number.parseInt(match[3] as string, 16) & 1) as number) === 1 };
    }
  }
  return undefined;
}

/**
 * The request id Cloud Run gives a request: `TRACE_ID/SPAN_ID` from `x-cloud-trace-context` (unique per
 * request: Google's front end starts a span for each), else `TRACE_ID/SPAN_ID` from `traceparent`,
 * else `undefined` (the runner then makes a UUID).
 */
export function traceRequestId(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const google = headers["x-cloud-trace-context"];
  if (google !== undefined && CLOUD_TRACE.test(google)) {
    const semicolon = google.indexOf(";");
    return semicolon === -1 ? google : google.slice(0, semicolon);
  }
  const w3c = headers.traceparent;
  if (w3c !== undefined && TRACEPARENT.test(w3c)) return `${w3c.slice(3, 35)}/${w3c.slice(36, 52)}`;
  return undefined;
}

/**
 * The fields that tie a log line to its request in Cloud Logging (`logging.googleapis.com/trace`,
 * `.../spanId`, `.../trace_sampled`); none without a project id (the trace is `projects/ID/traces/TRACE`)
 * or without a trace.
 */
export function cloudLoggingTraceFields(
  headers: Readonly<Record<string, string | undefined>>,
  projectId: string | undefined,
): Record<string, unknown> | undefined {
  if (projectId === undefined || projectId === "") return undefined;
  const trace = traceContext(headers);
  if (trace === undefined) return undefined;
  const fields: Record<string, unknown> = { "logging.googleapis.com/trace": `projects/${projectId}/traces/${trace.traceId}` };
  if (trace.spanId !== undefined) fields["logging.googleapis.com/spanId"] = trace.spanId;
  fields["logging.googleapis.com/trace_sampled"] = trace.sampled;
  return fields;
}
