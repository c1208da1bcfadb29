// A deployment with a short wall-clock limit (`deploy-timeout`): the deadline the handler is given follows it,
// and a handler still running there is answered by the adapter (the provider lets it run on).
import { OUTLIVE_DEADLINE_AT } from "../app.ts";
import { STREAM_CANCELLED, STREAM_TIMED_OUT } from "../app-streaming.ts";
import { TIMED_OUT } from "./_delivery-answers.ts";
import { JSON_TYPE, jsonResponse, logLine, TEXT_TYPE } from "./_expect.ts";
import { contextBody, contextRequest } from "./context.ts";
import { STREAMED_CHUNKS } from "./http-streaming.ts";
import type { ConformanceCase } from "./types.ts";

/** Long enough for a cold start's first answer on a loaded machine, short enough to wait for. */
const TIMEOUT_MS = 1000;

/** A `stream-outlives-deadline` body at the client: its first chunk, then the connection cut. */
const cutOff = { status: 200, headers: { "content-type": TEXT_TYPE }, bodyText: "first;", cutOff: true };
const timedOut = logLine("error", STREAM_TIMED_OUT, { deadline: { $during: "step" } });

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
  {
    id: "deadline.message-outlives",
    title: `a ${TIMEOUT_MS} ms timeout: a message whose handler is still running there is delivered again, with one error line (a Google delivery is answered 504, as Cloud Run answers a request past its timeout)`,
    needs: ["messages", "logs", "deadline", "deploy-timeout"],
    deploy: { timeoutMs: TIMEOUT_MS },
    steps: [
      {
        input: {
          kind: "messages",
          batch: { messages: [{ id: "late-1", body: "outlive-deadline", attributes: {}, publishedAt: "2026-01-01T00:00:01.000Z" }] },
        },
        expect: {
          messages: { redelivered: ["late-1"] },
          logs: [logLine("error", "messages handler did not finish by the deadline", { deadline: { $during: "step" } })],
          native: { "cloud-run:delivery": TIMED_OUT },
        },
      },
    ],
  },
  {
    id: "deadline.schedule-outlives",
    title: `a ${TIMEOUT_MS} ms timeout: a scheduled run whose handler is still running there fails (the scheduler retries it), with one error line naming the schedule`,
    needs: ["schedule", "logs", "deadline", "deploy-timeout"],
    deploy: { timeoutMs: TIMEOUT_MS },
    steps: [
      {
        input: { kind: "schedule", scheduledTime: OUTLIVE_DEADLINE_AT, cron: "*/5 * * * *", name: "every-five-minutes" },
        expect: {
          outcome: {
            ok: false,
            error: {
              $oneOf: ['{"error":"Gateway Timeout"}', "scheduled handler outcome: exception"],
              because: "each provider reports a failed run its own way: Cloud Scheduler gets the 504's body, Workers the run's outcome",
            },
          },
          logs: [logLine("error", "schedule handler did not finish by the deadline", { deadline: { $during: "step" } })],
          native: { "cloud-run:delivery": TIMED_OUT },
        },
      },
    ],
  },
  {
    id: "deadline.stream-outlives",
    title: `a ${TIMEOUT_MS} ms timeout: a body streamed whole before it logs nothing at it; one still streaming there (a streamed result, then a Fetch Response, cancelled with a TimeoutError) reaches the client cut off after its first chunk, with one error line`,
    needs: ["http", "logs", "deadline", "deploy-timeout", "http:stream-cut-off"],
    deploy: { timeoutMs: TIMEOUT_MS },
    steps: [
      // Complete at once: its deadline passes during the next steps, which must see no line about it.
      {
        input: { kind: "http", request: { method: "GET", path: "/streamed", headers: { host: "example.test" } } },
        behaviour: "stream-chunks",
        expect: { response: STREAMED_CHUNKS, logs: [] },
      },
      {
        input: { kind: "http", request: { method: "GET", path: "/streaming", headers: { host: "example.test" } } },
        behaviour: "stream-outlives-deadline",
        expect: { response: cutOff, logs: [timedOut] },
      },
      {
        input: { kind: "http", request: { method: "GET", path: "/streaming", rawQuery: "as=response", headers: { host: "example.test" } } },
        behaviour: "stream-outlives-deadline",
        expect: {
          response: cutOff,
          logs: [timedOut, logLine("warn", STREAM_CANCELLED, { reason: { name: "TimeoutError", message: "The request timed out" } })],
        },
      },
    ],
  },
];
