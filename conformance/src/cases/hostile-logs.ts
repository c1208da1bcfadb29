import type { ConformanceCase } from "./types.ts";

// Log lines an adversarial review found wrong (issue 7, item 13), held on every adapter: forEachMessage's
// default failure line goes through ctx.log (request id, writer), and U+2028/U+2029 never split a line
// (the suite reads each raw line and refuses one holding them unescaped).

export const hostileLogCases: ConformanceCase[] = [
  {
    id: "context.wait-until-rejected-schedule",
    title: "a scheduled run whose waitUntil promise rejects: logged once, and the run still succeeds (no retry, no exception)",
    needs: ["schedule", "logs"],
    steps: [
      {
        input: { kind: "schedule", scheduledTime: "2026-05-06T07:08:09.000Z", cron: "*/5 * * * *" },
        expect: {
          outcome: { ok: true },
          event: { kind: "schedule", scheduledTime: "2026-05-06T07:08:09.000Z" },
          logs: [
            {
              level: "error",
              severity: "ERROR",
              message: "waitUntil promise rejected",
              // A schedule has no native request id everywhere: one the runner made is fine.
              requestId: { $startsWith: "" },
              error: { name: "Error", message: "background work failed" },
            },
          ],
        },
      },
    ],
  },
  {
    id: "logs.for-each-message-default",
    title: "forEachMessage's default failure line goes through ctx.log: one error line with the message id and a request id",
    needs: ["messages", "logs"],
    steps: [
      {
        input: { kind: "messages", batch: { messages: [{ id: "msg-1", body: "fail-logged" }] } },
        expect: {
          messages: { redelivered: ["msg-1"] },
          logs: [
            {
              level: "error",
              severity: "ERROR",
              message: "message failed",
              messageId: "msg-1",
              // Not every provider gives a queue delivery an id of its own: one the runner made is fine.
              requestId: { $startsWith: "" },
              error: { name: "Error", message: "message msg-1 failed on purpose" },
            },
          ],
        },
      },
    ],
  },
  {
    id: "logs.line-separators",
    title: "U+2028 and U+2029 in a message or a field are escaped: the line stays one line",
    needs: ["http", "logs"],
    steps: [
      {
        input: { kind: "http", request: { method: "GET", path: "/logs", headers: { host: "example.test" } } },
        behaviour: "log-line-separators",
        expect: {
          response: { status: 204 },
          logs: [
            {
              level: "info",
              severity: "INFO",
              message: "line\u2028separator\u2029paragraph",
              note: "a\u2028b",
              requestId: { $fromDelivery: "requestId" },
            },
          ],
        },
      },
    ],
  },
];
