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
    // Every hex digit, in either case: the trace id as Cloud Logging wants it, lower-case.
    [
      { "x-cloud-trace-context": "0123456789abcdef0123456789ABCDEF/9;o=0" },
      { traceId: "0123456789abcdef0123456789abcdef", spanId: "0000000000000009", sampled: false },
    ],
    // A span id of 0 is no span id; an empty one, or one of 21 digits, makes the header no trace (traceparent is next).
    [
      { "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/0;o=1" },
      { traceId: "105445aa7843bc8bf206b12000100000", spanId: undefined, sampled: true },
    ],
    [{ "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/;o=1" }, undefined],
    [{ "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/100000000000000000000;o=1" }, undefined],
    // A character before or after the Google header's value: not a trace, the pattern holds the whole value.
    [
      {
        "x-cloud-trace-context": "x105445aa7843bc8bf206b12000100000/1;o=1",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
      },
      { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", sampled: false },
    ],
    [
      {
        "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/1;o=1;x",
        traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
      },
      { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", sampled: false },
    ],
    // Any two hex digits are a version and flags (a later version starts the same); sampled is bit 0 of the flags.
    [
      { traceparent: "9f-0123456789abcdef0123456789abcdef-0123456789abcdef-a0" },
      { traceId: "0123456789abcdef0123456789abcdef", spanId: "0123456789abcdef", sampled: false },
    ],
    [
      { traceparent: "a0-0123456789abcdef0123456789abcdef-fedcba9876543210-f9" },
      { traceId: "0123456789abcdef0123456789abcdef", spanId: "fedcba9876543210", sampled: true },
    ],
    // A character before or after traceparent's value: not a trace.
    [{ traceparent: "000-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }, undefined],
    [{ traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-x" }, undefined],
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
    expect(traceRequestId({ "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/12" })).toBe("105445aa7843bc8bf206b12000100000/12");
    expect(traceRequestId({ "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000;o=1" })).toBe("105445aa7843bc8bf206b12000100000");
    expect(traceRequestId({ "x-cloud-trace-context": "x".repeat(500) })).toBeUndefined();
    expect(traceRequestId({ traceparent: "000-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" })).toBeUndefined();
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
