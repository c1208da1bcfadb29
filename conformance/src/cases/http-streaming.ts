import { SIZE_HEADER } from "../app-aws.ts";
import { STREAM_FAILED } from "../app-streaming.ts";
import { DECLARED_LENGTH_LIMIT_BYTES } from "../types.ts";
import { loggedError, logLine, TEXT_TYPE } from "./_expect.ts";
import type { ConformanceCase, ResponseExpectation } from "./types.ts";

const MIB = 1024 * 1024;
const get = { kind: "http" as const, request: { method: "GET", path: "/stream", headers: { host: "example.test" } } };

/** The `stream-chunks` answer: its status, headers and both cookies, then every chunk in order. */
export const STREAMED_CHUNKS: ResponseExpectation = {
  status: 201,
  headers: { "content-type": TEXT_TYPE, "x-streamed": "yes" },
  cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"],
  bodyText: "one;two;thrée",
};

/**
 * Streamed results (a `body` that is an async iterable or a `ReadableStream`): every adapter answers them,
 * streaming where its provider can and reading them whole where it cannot; the bugs peers have had with
 * them (an empty stream losing its status, cookies dropped, a failed stream sent as a complete response).
 */
export const httpStreamingCases: ConformanceCase[] = [
  {
    id: "http.stream.chunks",
    title: "a streamed body: status, headers, both cookies, then every chunk in order (strings as UTF-8, bytes as given)",
    needs: ["http"],
    steps: [{ input: get, behaviour: "stream-chunks", expect: { response: STREAMED_CHUNKS, logs: [] } }],
  },
  {
    id: "http.stream.empty",
    title: "an empty stream keeps its status (not 204), its headers and its cookie",
    needs: ["http"],
    steps: [
      {
        input: get,
        behaviour: "stream-empty",
        expect: { response: { status: 202, headers: { "x-empty": "yes" }, cookies: ["e=1; Path=/"], bodyText: "" }, logs: [] },
      },
    ],
  },
  {
    id: "http.stream.readable",
    title: "a ReadableStream of bytes arrives byte for byte",
    needs: ["http"],
    steps: [
      {
        input: get,
        behaviour: "stream-readable",
        expect: { response: { status: 200, headers: { "content-type": "application/octet-stream" }, bodyBase64: "AAEC/f7/" } },
      },
    ],
  },
  {
    id: "http.stream.backpressure",
    title:
      "100 MB streamed to a client that stops reading twice: the function never produces more than 16 MiB beyond what the client read and its sockets hold (memory stays flat)",
    needs: ["http", "http:stream-backpressure"],
    steps: [
      {
        input: { kind: "http", request: { ...get.request, rawQuery: `bytes=${100 * MIB}` } },
        behaviour: "stream-large",
        expect: {
          response: { status: 200 },
          // Beyond the kernel's socket buffers (the suite adds their ceilings: 10 MiB on a stock Linux, 36 MiB on
          // this project's machines), what the adapter and runtime hold; without backpressure the producer reaches
          // the whole 100 MB during a pause.
          slowRead: { bytes: 100 * MIB, pausesAt: [MIB, 50 * MIB], pauseMs: 500, maxAheadBytes: 16 * MIB },
        },
      },
    ],
  },
  {
    id: "http.stream.fails-mid-way",
    title: "a stream that fails after its first chunk: the client gets it cut off (never a complete 200), one log line",
    needs: ["http", "http:stream-cut-off", "logs"],
    steps: [
      {
        input: get,
        behaviour: "stream-fails",
        expect: {
          response: { status: 200, headers: { "content-type": TEXT_TYPE }, bodyText: "first;", cutOff: true },
          logs: [logLine("error", STREAM_FAILED, { error: loggedError("Error", "the stream's source failed") })],
        },
      },
    ],
  },
  {
    id: "http.stream.response-fails-mid-way",
    title:
      "a Fetch Response whose body fails after its first chunk: the client gets it cut off (never a complete 200), one log line as for a streamed result",
    needs: ["http", "http:stream-cut-off", "logs"],
    steps: [
      {
        input: get,
        behaviour: "response-stream-fails",
        expect: {
          response: { status: 200, headers: { "content-type": TEXT_TYPE }, bodyText: "first;", cutOff: true },
          logs: [logLine("error", STREAM_FAILED, { error: loggedError("Error", "the stream's source failed") })],
        },
      },
    ],
  },
  {
    id: "http.stream.declared-length-limit",
    title:
      "a Fetch Response that declares a length over the provider's limit on one goes out chunked, whole; one of exactly the limit, or less, keeps its content-length",
    needs: ["http", "http:declared-length-limit"],
    steps: [DECLARED_LENGTH_LIMIT_BYTES + 1, DECLARED_LENGTH_LIMIT_BYTES, 10].map((bytes) => ({
      input: { kind: "http" as const, request: { ...get.request, rawQuery: `bytes=${bytes}` } },
      behaviour: "response-declared-length",
      expect: { response: declaredLength(bytes) },
    })),
  },
  {
    id: "http.response.declared-length-limit",
    title:
      "a result over the provider's limit on a declared length goes out chunked, whole, whatever length the handler claimed; one of exactly the limit gets its own length",
    needs: ["http", "http:declared-length-limit", "http:content-length"],
    deploy: { noResponseLimit: true },
    steps: [DECLARED_LENGTH_LIMIT_BYTES + 1, DECLARED_LENGTH_LIMIT_BYTES].map((bytes) => ({
      input: {
        kind: "http" as const,
        request: { ...get.request, headers: { ...get.request.headers, [SIZE_HEADER]: String(bytes) } },
      },
      behaviour: "sized-claimed",
      expect: { response: claimedLength(bytes) },
    })),
  },
  {
    id: "http.response.status-text",
    title:
      "a Fetch Response's own status text is the reason phrase, with a body and without one; without one, the status's standard phrase",
    needs: ["http", "http:status-text"],
    steps: [
      { rawQuery: "text=Fine%20Indeed", statusText: "Fine Indeed", bodyText: "with a status text" },
      { rawQuery: "text=Nothing%20Here&empty=1", statusText: "Nothing Here", bodyText: "" },
      { rawQuery: "", statusText: "OK", bodyText: "with a status text" },
    ].map(({ rawQuery, statusText, bodyText }) => ({
      input: { kind: "http" as const, request: { ...get.request, rawQuery } },
      behaviour: "response-status-text",
      expect: {
        response: { status: 200, statusText, headers: bodyText === "" ? {} : { "content-type": TEXT_TYPE }, bodyText },
      },
    })),
  },
];

/** The `sized-claimed` answer of `bytes` bytes of "x": its own content-length only up to the limit (the body made when compared). */
function claimedLength(bytes: number): ResponseExpectation {
  const length = bytes > DECLARED_LENGTH_LIMIT_BYTES ? {} : { "content-length": String(bytes) };
  return {
    status: 200,
    headers: { "content-type": TEXT_TYPE, ...length },
    get bodyText() {
      return "x".repeat(bytes);
    },
  };
}

/**
 * The `response-declared-length` answer of `bytes` bytes of "x": its content-length only up to the limit. The
 * body (32 MiB) is made only when a step compares it, not by every test file that loads the cases.
 */
function declaredLength(bytes: number): ResponseExpectation {
  const length = bytes > DECLARED_LENGTH_LIMIT_BYTES ? {} : { "content-length": String(bytes) };
  return {
    status: 200,
    headers: { "content-type": "application/octet-stream", ...length },
    get bodyText() {
      return "x".repeat(bytes);
    },
  };
}
