import { BODY_LIMIT_BYTES } from "../types.ts";
import { jsonResponse } from "./_expect.ts";
import type { CaseStep, ConformanceCase, ResponseExpectation } from "./types.ts";

/** `count` numbered lines of text: a body far larger than one read of a socket (64 KiB), each byte in its place. */
function numberedLines(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `${prefix} ${String(i).padStart(6, "0")}\n`).join("");
}

function largeBodyStep(prefix: string, count: number): CaseStep {
  return {
    input: {
      kind: "http",
      request: {
        method: "POST",
        path: "/upload",
        headers: { host: "example.test", "content-type": "text/plain; charset=utf-8" },
        body: numberedLines(prefix, count),
      },
    },
    // echo: the event, derived from the request (its text and bytes whole), answered as JSON.
    expect: {},
  };
}

/** Request bodies larger than one piece of the transport: they reach the handler whole and in order. */
export const httpLargeBodyCases: ConformanceCase[] = [
  {
    id: "http.body.large-request",
    title: "request bodies of about 210 and 300 KiB reach the handler whole, every byte in its place",
    needs: ["http"],
    steps: [largeBodyStep("first request, line", 8_000), largeBodyStep("second request, line", 11_000)],
  },
];

/** A text body of exactly `bytes` bytes. */
const bodyOf = (bytes: number, fill: string): string => fill.repeat(Math.ceil(bytes / fill.length)).slice(0, bytes);

export const TOO_LARGE: ResponseExpectation = jsonResponse(413, { error: `Request body is larger than ${BODY_LIMIT_BYTES} bytes` });
const CLOSED_TOO_LARGE = jsonResponse(413, { error: `Request body is larger than ${BODY_LIMIT_BYTES} bytes` }, { connection: "close" });

export function bodyStep(bytes: number, fill: string): CaseStep["input"] {
  return {
    kind: "http",
    request: { method: "PUT", path: "/limit", headers: { host: "example.test", "content-type": "text/plain" }, body: bodyOf(bytes, fill) },
  };
}

/** The request body limit the app is deployed with (`BODY_LIMIT_BYTES`): at it the handler runs, past it a 413 before the handler. */
export const httpBodyLimitCases: ConformanceCase[] = [
  {
    id: "http.body.at-limit",
    title: "a request body of exactly the limit reaches the handler whole",
    needs: ["http", "http:body-limit"],
    // Two fills: the harness may frame one with content-length and the other chunked.
    steps: [
      { input: bodyStep(BODY_LIMIT_BYTES, "a"), expect: {} },
      { input: bodyStep(BODY_LIMIT_BYTES, "de"), expect: {} },
    ],
  },
  {
    id: "http.body.over-limit",
    title: "a request body one byte over the limit, or far over it, answers 413 before the handler runs (nothing recorded)",
    needs: ["http", "http:body-limit"],
    steps: [
      { input: bodyStep(BODY_LIMIT_BYTES + 1, "a"), expect: { events: [], response: TOO_LARGE } },
      { input: bodyStep(BODY_LIMIT_BYTES + 1, "bc"), expect: { events: [], response: TOO_LARGE } },
      { input: bodyStep(3 * BODY_LIMIT_BYTES, "a"), expect: { events: [], response: TOO_LARGE } },
      { input: bodyStep(3 * BODY_LIMIT_BYTES, "no"), expect: { events: [], response: TOO_LARGE } },
      // The instance still answers after refusing bodies.
      { input: bodyStep(10, "after"), expect: {} },
    ],
  },
  {
    id: "http.body.over-limit-closes",
    title:
      "a 413 for a body over the limit closes the connection the client meant to keep (connection: close): the rest of the body is never read",
    needs: ["http", "http:body-limit", "http:drain"],
    // Two fills: the harness may frame one with content-length (refused before it is read) and the other chunked.
    steps: [
      { input: bodyStep(BODY_LIMIT_BYTES + 1, "a"), expect: { keepAlive: "open", events: [], response: CLOSED_TOO_LARGE } },
      { input: bodyStep(BODY_LIMIT_BYTES + 1, "bc"), expect: { keepAlive: "open", events: [], response: CLOSED_TOO_LARGE } },
    ],
  },
  {
    id: "http.body.expect-continue",
    title:
      "a request that asks to continue (Expect: 100-continue) with a body declared over the limit gets the 413 without a 100 Continue (a chunked one after reading it); one at the limit, or small, is served",
    needs: ["http", "http:body-limit", "http:expect-continue"],
    steps: [
      // Two fills each: the harness may frame one with content-length and the other chunked.
      { input: continued(bodyStep(BODY_LIMIT_BYTES + 1, "a")), expect: { events: [], response: TOO_LARGE } },
      { input: continued(bodyStep(BODY_LIMIT_BYTES + 1, "bc")), expect: { events: [], response: TOO_LARGE } },
      { input: continued(bodyStep(BODY_LIMIT_BYTES, "a")), expect: {} },
      { input: continued(bodyStep(BODY_LIMIT_BYTES, "de")), expect: {} },
      { input: continued(bodyStep(10, "small")), expect: {} },
    ],
  },
];

/** The same request, asking to continue before it sends its body. */
export function continued(input: CaseStep["input"]): CaseStep["input"] {
  if (input.kind !== "http") return input;
  return { ...input, request: { ...input.request, headers: { ...input.request.headers, expect: "100-continue" } } };
}
