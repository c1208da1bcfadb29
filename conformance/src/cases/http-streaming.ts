import { STREAM_FAILED } from "../app-streaming.ts";
import { loggedError, logLine, TEXT_TYPE } from "./_expect.ts";
import type { ConformanceCase } from "./types.ts";

const get = { kind: "http" as const, request: { method: "GET", path: "/stream", headers: { host: "example.test" } } };

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
    steps: [
      {
        input: get,
        behaviour: "stream-chunks",
        expect: {
          response: {
            status: 201,
            headers: { "content-type": TEXT_TYPE, "x-streamed": "yes" },
            cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"],
            bodyText: "one;two;thrée",
          },
          logs: [],
        },
      },
    ],
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
];
