import { describe, expect, test } from "vitest";
import { cloudLoggingTraceFields, traceContext, traceRequestId } from "./trace.ts";

describe("the trace of a request", () => {
  test.each([
    [
      { "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/1;o=1" },
      { traceId: "105445aa7843bc8bf206b12000100000", spanId: "0000000000000001", sampled: true },
    ],
    [
      { "x-cloud-trace-context": "105445AA7843BC8BF206B12000100000/18446744073709551615;o=0" },
      { traceId: "105445aa7843bc8bf206b12000100000", spanId: "ffffffffffffffff", sampled: false },
    ],
    [
      { "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000" },
      { traceId: "105445aa7843bc8bf206b12000100000", spanId: undefined, sampled: false },
    ],
    // A span id past 64 bits is no span id.
    [
      { "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/18446744073709551616" },
      { traceId: "105445aa7843bc8bf206b12000100000", spanId: undefined, sampled: false },
    ],
    [
      { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
      { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", sampled: true },
    ],
    // An invalid Google header falls back to traceparent; an all-zero trace id is invalid in both.
    [
      { "x-cloud-trace-context": "not-a-trace", traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00" },
      { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", sampled: false },
    ],
    [{ "x-cloud-trace-context": "00000000000000000000000000000000/1;o=1" }, undefined],
    [{ traceparent: "00-00000000000000000000000000000000-b7ad6b7169203331-01" }, undefined],
    [{}, undefined],
  ])("%j", (headers, trace) => {
    expect(traceContext(headers)).toEqual(trace);
  });

  test("the request id keeps the header's own spelling: TRACE/SPAN", () => {
    expect(traceRequestId({ "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/12;o=1" })).toBe(
      "105445aa7843bc8bf206b12000100000/12",
    );
    expect(traceRequestId({ traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" })).toBe(
      "0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331",
    );
    expect(traceRequestId({ "x-cloud-trace-context": "x".repeat(500) })).toBeUndefined();
  });

  test("Cloud Logging fields need a project id and a trace", () => {
    const headers = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
    expect(cloudLoggingTraceFields(headers, "p")).toEqual({
      "logging.googleapis.com/trace": "projects/p/traces/0af7651916cd43dd8448eb211c80319c",
      "logging.googleapis.com/spanId": "b7ad6b7169203331",
      "logging.googleapis.com/trace_sampled": true,
    });
    expect([cloudLoggingTraceFields(headers, undefined), cloudLoggingTraceFields(headers, ""), cloudLoggingTraceFields({}, "p")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
