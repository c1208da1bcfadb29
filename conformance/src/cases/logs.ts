import { GENERIC_500, JSON_TYPE, loggedError, logLine } from "./_expect.ts";
import type { ConformanceCase } from "./types.ts";

const request = { kind: "http" as const, request: { method: "GET", path: "/logs", headers: { host: "example.test" } } };

/** `ctx.log` and the error policy's log lines: one JSON line each, carrying the request id. */
export const logCases: ConformanceCase[] = [
  {
    id: "logs.handler-line",
    title: "ctx.log writes one JSON line with level, message, fields and the request id; debug is below the default level",
    needs: ["http", "logs"],
    steps: [
      {
        input: request,
        behaviour: "log",
        expect: {
          response: { status: 204 },
          logs: [logLine("info", "hello from the handler", { n: 1 })],
        },
      },
    ],
  },
  {
    id: "logs.thrown-error",
    title: "a thrown error is logged once, with its message and stack and the request id (the response has neither)",
    needs: ["http", "logs"],
    steps: [
      {
        input: request,
        behaviour: "throw",
        expect: {
          response: GENERIC_500,
          logs: [logLine("error", "http handler failed", { error: loggedError("Error", "secret internal detail") })],
        },
      },
    ],
  },
  {
    id: "logs.http-error-quiet",
    title: "an HttpError is an answer, not a failure: nothing is logged",
    needs: ["http", "logs"],
    steps: [
      {
        input: request,
        behaviour: "http-error",
        expect: {
          response: { status: 403, headers: { "content-type": JSON_TYPE, "x-reason": "conformance" }, bodyText: '{"error":"Not for you"}' },
          logs: [],
        },
      },
    ],
  },
];
