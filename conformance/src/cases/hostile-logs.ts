import { loggedError, logLine } from "./_expect.ts";
import { publishedAt } from "./messages.ts";
import type { ConformanceCase } from "./types.ts";

// Log lines an adversarial review found wrong (issue 7, items 11 and 13), held on every adapter: one
// waitUntil policy beyond HTTP, forEachMessage's default failure line through ctx.log (request id,
// writer), and U+2028/U+2029 that never split a line (the suite refuses a raw line holding them).

export const hostileLogCases: ConformanceCase[] = [
  {
    id: "context.wait-until-rejected-schedule",
    title: "a scheduled run whose waitUntil promise rejects: logged once, and the run still succeeds (no retry, no exception)",
    needs: ["schedule", "logs"],
    steps: [
      {
        // The app's waitUntil rejects for a schedule at exactly this time (conformance/src/app-hostile.ts).
        input: { kind: "schedule", scheduledTime: "2026-05-06T07:08:09.000Z", cron: "*/5 * * * *", name: "every-five-minutes" },
        expect: {
          outcome: { ok: true },
          logs: [logLine("error", "waitUntil promise rejected", { error: loggedError("Error", "background work failed") })],
        },
      },
    ],
  },
  {
    id: "logs.for-each-message-default",
    title: "forEachMessage's default failure line goes through ctx.log: one error line with the message id and the request id",
    needs: ["messages", "logs"],
    steps: [
      {
        input: { kind: "messages", batch: { messages: [{ id: "msg-1", body: "fail-logged", publishedAt: publishedAt(1) }] } },
        expect: {
          messages: { redelivered: ["msg-1"] },
          logs: [
            logLine("error", "message failed", { messageId: "msg-1", error: loggedError("Error", "message msg-1 failed on purpose") }),
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
          logs: [logLine("info", "line\u2028separator\u2029paragraph", { note: "a\u2028b" })],
        },
      },
    ],
  },
];
