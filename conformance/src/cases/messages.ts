import type { MessagesSpec } from "../types.ts";
import { DELIVERED, googleAnswers, HANDLER_THREW, messageFailed } from "./_delivery-answers.ts";
import { loggedError, logLine } from "./_expect.ts";
import type { ConformanceCase, MessagesExpectation } from "./types.ts";

/** When the n-th message (from 1) of a neutral batch was published. */
export const publishedAt = (n: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();

export const batch = (...bodies: string[]): { kind: "messages"; batch: MessagesSpec } => ({
  kind: "messages" as const,
  batch: {
    messages: bodies.map((body, i) => ({
      id: `msg-${i + 1}`,
      body,
      attributes: { index: String(i + 1) },
      publishedAt: publishedAt(i + 1),
    })),
  },
});
const orderedBatch = (...bodies: string[]) => ({ kind: "messages" as const, batch: { ...batch(...bodies).batch, ordered: true } });

const redelivered = (...ids: number[]) => ({ redelivered: ids.map((i) => `msg-${i}`) });
/** Where the models differ: `single` delivers each message alone; `all-or-nothing` delivers a failed batch again whole. */
const byModel = (perMessage: number[], single: number[], allOrNothing: number[]): MessagesExpectation => ({
  "per-message": redelivered(...perMessage),
  single: redelivered(...single),
  "all-or-nothing": redelivered(...allOrNothing),
});

/**
 * Batches on every delivery model: the handler's `{ failed }`, a throw, a schema failure, slow messages;
 * and real AWS batches. Each holds the one promise: no message the handler did not finish is reported
 * done, and no finished one is delivered again where the provider can avoid it.
 */
export const messagesCases: ConformanceCase[] = [
  {
    id: "messages.all-succeed",
    title: "every message succeeds: nothing is retried",
    needs: ["messages"],
    steps: [
      {
        input: batch("one", "two", '{"n":3}'),
        expect: { messages: redelivered(), native: googleAnswers(DELIVERED, DELIVERED, DELIVERED) },
      },
    ],
  },
  {
    id: "messages.some-fail",
    title: "failed messages alone are delivered again (a whole batch where the provider cannot split it)",
    needs: ["messages"],
    steps: [
      {
        input: batch("fail", "ok", "fail"),
        expect: {
          messages: byModel([1, 3], [1, 3], [1, 2, 3]),
          native: googleAnswers(messageFailed("msg-1"), DELIVERED, messageFailed("msg-3")),
        },
      },
    ],
  },
  {
    id: "messages.all-fail",
    title: "every message fails: every one is delivered again",
    needs: ["messages"],
    steps: [{ input: batch("fail", "fail"), expect: { messages: redelivered(1, 2) } }],
  },
  {
    id: "messages.slow-messages",
    title: "slow messages are reported only once the handler finished them (a slow failure is never reported done)",
    needs: ["messages"],
    steps: [{ input: batch("slow-ok", "slow-fail", "ok"), expect: { messages: byModel([2], [2], [1, 2, 3]) } }],
  },
  {
    id: "messages.ordered-stops-at-failure",
    title: "an ordered batch (SQS FIFO, an ordering key) stops at the first failure: it and every later message are delivered again",
    needs: ["messages", "ordered-messages"],
    steps: [
      {
        input: orderedBatch("ok", "fail", "ok", "ok"),
        expect: { messages: byModel([2, 3, 4], [2, 3, 4], [1, 2, 3, 4]) },
      },
    ],
  },
  {
    id: "messages.schema-failure",
    title: "a message failing its schema is a failed message",
    needs: ["messages"],
    steps: [{ input: batch('{"n":1}', '{"n":"x"}'), expect: { messages: byModel([2], [2], [1, 2]) } }],
  },
  {
    id: "messages.handler-throws",
    title: "a throw fails the whole delivery (with one message per delivery, only the one that threw)",
    needs: ["messages"],
    steps: [
      {
        input: batch("ok", "throw-batch"),
        expect: {
          messages: byModel([1, 2], [2], [1, 2]),
          logs: [logLine("error", "messages handler threw", { error: loggedError("Error", "batch handler threw") })],
          native: googleAnswers(DELIVERED, HANDLER_THREW),
        },
      },
    ],
  },
  {
    id: "messages.handler-throws-null",
    title: "a handler that throws a value that is no Error (null) fails the delivery like any throw, with one error line",
    needs: ["messages", "logs"],
    steps: [
      {
        input: batch("throw-null"),
        expect: {
          messages: redelivered(1),
          logs: [logLine("error", "messages handler threw", { error: null })],
          native: googleAnswers(HANDLER_THREW),
        },
      },
    ],
  },
];
