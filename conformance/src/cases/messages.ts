import type { ConformanceCase, MessagesExpectation } from "./types.ts";

const batch = (...bodies: string[]) => ({
  kind: "messages" as const,
  batch: { messages: bodies.map((body, i) => ({ id: `msg-${i + 1}`, body, attributes: { index: String(i + 1) } })) },
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
        expect: {
          messages: redelivered(),
          event: {
            kind: "messages",
            messages: [
              { id: "msg-1", text: "one", attempt: 1 },
              { id: "msg-2", text: "two", attempt: 1 },
              { id: "msg-3", text: '{"n":3}', attempt: 1 },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.some-fail",
    title: "failed messages alone are delivered again (a whole batch where the provider cannot split it)",
    needs: ["messages"],
    steps: [{ input: batch("fail", "ok", "fail"), expect: { messages: byModel([1, 3], [1, 3], [1, 2, 3]) } }],
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
    steps: [{ input: batch("ok", "throw-batch"), expect: { messages: byModel([1, 2], [2], [1, 2]) } }],
  },
  {
    id: "messages.fixture.sqs",
    title: "a real SQS batch: ids, bodies, attributes, attempts, sent time",
    needs: ["messages", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sqs-batch.json" },
        expect: {
          native: { "aws-lambda": { batchItemFailures: [] } },
          event: {
            kind: "messages",
            source: "aws.sqs",
            ordered: false,
            messages: [
              {
                id: "059f36b4-87a3-44ab-83d2-661975830a7d",
                text: "Test message.",
                attributes: { testAttr: "100" },
                attempt: 1,
                publishedAt: "2018-12-17T21:37:29.183Z",
              },
              {
                id: "2e1424d4-f796-459a-8184-9c92662be6da",
                text: '{"message": "foo1"}',
                attempt: 1,
                publishedAt: "2018-12-17T21:37:30.636Z",
              },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.sqs-redelivered",
    title: "SQS ApproximateReceiveCount becomes attempt",
    needs: ["messages", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sqs-single.json" },
        expect: { event: { kind: "messages", messages: [{ id: "MessageID_1", text: "Message Body", attempt: 2 }] } },
      },
    ],
  },
  {
    id: "messages.fixture.sns",
    title: "a real SNS notification",
    needs: ["messages", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sns.json" },
        expect: {
          event: {
            kind: "messages",
            source: "aws.sns",
            messages: [
              {
                id: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                text: "Hello from SNS!",
                attributes: { Test: "TestString", TestBinary: "TestBinary" },
                publishedAt: "2015-06-03T17:43:27.123Z",
              },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.kinesis",
    title: "a real Kinesis batch: base64 data decoded, ordered",
    needs: ["messages", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/kinesis.json" },
        expect: {
          native: { "aws-lambda": { batchItemFailures: [] } },
          event: {
            kind: "messages",
            source: "aws.kinesis",
            ordered: true,
            messages: [
              { text: "Hello World", publishedAt: "2016-12-02T01:18:43.477Z" },
              { text: "Hello World", publishedAt: "2016-12-04T08:52:03.477Z" },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.dynamodb",
    title: "a real DynamoDB Streams batch: the stream record as JSON, ordered",
    needs: ["messages", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/dynamodb-streams.json" },
        expect: {
          native: { "aws-lambda": { batchItemFailures: [] } },
          event: { kind: "messages", source: "aws.dynamodb", ordered: true, messages: [{ publishedAt: "2016-12-02T01:27:00.000Z" }, {}] },
        },
      },
    ],
  },
];
