// A deployment with a short wall-clock limit (`deploy-timeout`): the deadline the handler is given follows it,
// and a handler still running there is answered by the adapter (the provider lets it run on).
import { JSON_TYPE, jsonResponse, logLine } from "./_expect.ts";
import { contextBody, contextRequest } from "./context.ts";
import type { ConformanceCase } from "./types.ts";

/** Long enough for a cold start's first answer on a loaded machine, short enough to wait for. */
const TIMEOUT_MS = 1000;

export const deployTimeoutCases: ConformanceCase[] = [
  {
    id: "deadline.handler-outlives",
    title: `a deployment with a ${TIMEOUT_MS} ms timeout: ctx.deadline follows it, and a handler still running there is answered 504 with one error line`,
    needs: ["http", "logs", "deadline", "deploy-timeout"],
    deploy: { timeoutMs: TIMEOUT_MS },
    steps: [
      { input: contextRequest, behaviour: "context", expect: { response: jsonResponse(200, contextBody({})) } },
      {
        input: { kind: "http", request: { method: "GET", path: "/late", headers: { host: "example.test" } } },
        behaviour: "outlive-deadline",
        expect: {
          response: { status: 504, headers: { "content-type": JSON_TYPE }, bodyText: '{"error":"Gateway Timeout"}' },
          logs: [logLine("error", "http handler did not answer by the deadline", { deadline: { $during: "step" } })],
        },
      },
    ],
  },
];
