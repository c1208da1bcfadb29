import type { ConformanceCase } from "./types.ts";

const request = { kind: "http" as const, request: { method: "GET", path: "/logs", headers: { host: "example.test" } } };
const sameRequest = { $fromDelivery: "requestId" };

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
          logs: [{ level: "info", severity: "INFO", message: "hello from the handler", n: 1, requestId: sameRequest }],
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
          response: { status: 500, bodyText: '{"error":"Internal Server Error"}' },
          logs: [
            {
              level: "error",
              severity: "ERROR",
              message: "http handler failed",
              requestId: sameRequest,
              error: { name: "Error", message: "secret internal detail", stack: { $startsWith: "Error: secret internal detail" } },
            },
          ],
        },
      },
    ],
  },
  {
    id: "logs.http-error-quiet",
    title: "an HttpError is an answer, not a failure: nothing is logged",
    needs: ["http", "logs"],
    steps: [{ input: request, behaviour: "http-error", expect: { response: { status: 403 }, logs: [] } }],
  },
];
