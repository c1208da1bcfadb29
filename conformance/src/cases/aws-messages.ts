import { fixtureJson } from "./_fixtures.ts";
import type { ConformanceCase } from "./types.ts";

// Real AWS batches (SQS, SNS, Kinesis, DynamoDB Streams): every field of every message, the ids Lambda
// knows them by, and the exact partial-batch response, including AWS's own (sqs-batch-item-failures-response.json).

/** The fields of the fixtures these cases read. */
interface StreamRecord {
  SequenceNumber: string;
  NewImage: Record<string, unknown>;
  [field: string]: unknown;
}
type Records = {
  Records: Array<{ messageId?: string; kinesis: { sequenceNumber: string }; dynamodb: StreamRecord }>;
};
const sqs = fixtureJson<Records>("aws/sqs-batch.json");
const kinesis = fixtureJson<Records>("aws/kinesis.json");
const dynamodb = fixtureJson<Records>("aws/dynamodb-streams.json");
const sqsFailureResponse = fixtureJson("aws/sqs-batch-item-failures-response.json");

/** The one message of aws/sns.json, with `text` as its body. */
const snsMessage = (text: string) => ({
  kind: "message",
  id: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
  text,
  attributes: { Test: "TestString", TestBinary: "TestBinary" },
  attempt: 1,
  publishedAt: "2015-06-03T17:43:27.123Z",
});

const NEEDS: ConformanceCase["needs"] = ["messages", "native:aws-lambda"];
const NOTHING_FAILED = { "aws-lambda:batch": { batchItemFailures: [] } };

const sqsMessages = (firstBody: string) => [
  {
    kind: "message",
    id: "059f36b4-87a3-44ab-83d2-661975830a7d",
    text: firstBody,
    // A binary value beside the string one is not a string attribute's value.
    attributes: { testAttr: "100" },
    attempt: 1,
    publishedAt: "2018-12-17T21:37:29.183Z",
  },
  {
    kind: "message",
    id: "2e1424d4-f796-459a-8184-9c92662be6da",
    text: '{"message": "foo1"}',
    attributes: {},
    attempt: 1,
    publishedAt: "2018-12-17T21:37:30.636Z",
  },
];

const kinesisSequence = (i: number): string => kinesis.Records[i]?.kinesis.sequenceNumber ?? "";
const kinesisMessage = (i: number, text: string, publishedAt: string) => ({
  kind: "message",
  id: kinesisSequence(i),
  text,
  attributes: { partitionKey: "s1" },
  attempt: 1,
  publishedAt,
});

const dynamoSequence = (i: number): string => dynamodb.Records[i]?.dynamodb.SequenceNumber ?? "";
const streamRecord = (i: number): StreamRecord => dynamodb.Records[i]?.dynamodb as StreamRecord;
/** The message of a stream record: its `dynamodb` object as JSON, exactly as AWS sent it (Keys, NewImage, ...). */
const dynamoMessage = (i: number, record: StreamRecord) => ({
  kind: "message",
  id: dynamoSequence(i),
  text: JSON.stringify(record),
  attributes: { eventName: "INSERT" },
  attempt: 1,
  publishedAt: "2016-12-02T01:27:00.000Z",
});
// The fixture's two records share a sequence number: the failing one gets its own, so the ids tell them apart.
const SECOND_SEQUENCE = "1405400000000002063282833";
const failingRecord = (record: StreamRecord): StreamRecord => ({
  ...record,
  SequenceNumber: SECOND_SEQUENCE,
  NewImage: { ...record.NewImage, val: { S: "conformance-fail" } },
});

export const awsMessagesCases: ConformanceCase[] = [
  {
    id: "messages.fixture.sqs",
    title: "a real SQS batch: ids, bodies, string attributes, attempts, sent time; nothing failed",
    needs: NEEDS,
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sqs-batch.json" },
        expect: {
          messages: { redelivered: [] },
          native: NOTHING_FAILED,
          event: { kind: "messages", source: "aws.sqs", ordered: false, messages: sqsMessages("Test message.") },
        },
      },
    ],
  },
  {
    id: "messages.fixture.sqs-partial-failure",
    title: "a real SQS batch whose first message fails answers AWS's own partial-batch response",
    needs: NEEDS,
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sqs-batch.json", patch: { "/Records/0/body": "fail" } },
        expect: {
          messages: { redelivered: ["059f36b4-87a3-44ab-83d2-661975830a7d"] },
          native: { "aws-lambda:batch": sqsFailureResponse },
          event: { kind: "messages", source: "aws.sqs", ordered: false, messages: sqsMessages("fail") },
        },
      },
    ],
  },
  {
    id: "messages.fixture.sqs-redelivered",
    title: "SQS ApproximateReceiveCount becomes attempt",
    needs: NEEDS,
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sqs-single.json" },
        expect: {
          messages: { redelivered: [] },
          native: NOTHING_FAILED,
          event: {
            kind: "messages",
            source: "aws.sqs",
            ordered: false,
            messages: [
              {
                kind: "message",
                id: "MessageID_1",
                text: "Message Body",
                // Attribute3 is binary: it has no string value.
                attributes: { Attribute1: "AttributeValue1", Attribute2: "123" },
                attempt: 2,
                publishedAt: "2018-03-09T18:53:45.029Z",
              },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.sns",
    title: "a real SNS notification",
    needs: NEEDS,
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sns.json" },
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "aws.sns",
            ordered: false,
            messages: [snsMessage("Hello from SNS!")],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.sns-failure",
    title: "a failed SNS notification fails the invocation (SNS has no partial failure), naming the message",
    needs: NEEDS,
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sns.json", patch: { "/Records/0/Sns/Message": "fail" } },
        expect: {
          messages: { redelivered: ["95df01b4-ee98-5cb9-9903-4c221d41eb5e"] },
          native: {
            "aws-lambda:sns": {
              error: "Error: SNS message 95df01b4-ee98-5cb9-9903-4c221d41eb5e failed; the invocation fails so that Lambda retries it",
            },
          },
          event: {
            kind: "messages",
            source: "aws.sns",
            ordered: false,
            messages: [snsMessage("fail")],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.sns-no-timestamp",
    title: "an SNS notification without a Timestamp (a hand-made test event) has no publishedAt",
    needs: NEEDS,
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sns.json", patch: { "/Records/0/Sns/Timestamp": undefined } },
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "aws.sns",
            ordered: false,
            messages: [
              {
                kind: "message",
                id: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                text: "Hello from SNS!",
                attributes: { Test: "TestString", TestBinary: "TestBinary" },
                attempt: 1,
              },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.kinesis",
    title: "a real Kinesis batch: sequence numbers as ids, base64 data decoded, partition key, arrival time, ordered",
    needs: NEEDS,
    steps: [
      {
        input: {
          kind: "fixture",
          fixture: "aws/kinesis.json",
          patch: { "/Records/1/kinesis/data": Buffer.from("second").toString("base64") },
        },
        expect: {
          messages: { redelivered: [] },
          native: NOTHING_FAILED,
          event: {
            kind: "messages",
            source: "aws.kinesis",
            ordered: true,
            messages: [
              kinesisMessage(0, "Hello World", "2016-12-02T01:18:43.477Z"),
              kinesisMessage(1, "second", "2016-12-04T08:52:03.477Z"),
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.kinesis-failure",
    title: "a Kinesis record fails: it and every later record of the shard come again, named by sequence number",
    needs: NEEDS,
    steps: [
      {
        input: {
          kind: "fixture",
          fixture: "aws/kinesis.json",
          patch: {
            "/Records/0/kinesis/data": Buffer.from("fail").toString("base64"),
            "/Records/1/kinesis/data": Buffer.from("second").toString("base64"),
          },
        },
        expect: {
          messages: { redelivered: [kinesisSequence(0), kinesisSequence(1)] },
          native: {
            "aws-lambda:batch": { batchItemFailures: [{ itemIdentifier: kinesisSequence(0) }, { itemIdentifier: kinesisSequence(1) }] },
          },
          event: {
            kind: "messages",
            source: "aws.kinesis",
            ordered: true,
            messages: [kinesisMessage(0, "fail", "2016-12-02T01:18:43.477Z"), kinesisMessage(1, "second", "2016-12-04T08:52:03.477Z")],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.dynamodb",
    title: "a real DynamoDB Streams batch: sequence numbers as ids, the whole stream record as JSON, ordered",
    needs: NEEDS,
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/dynamodb-streams.json" },
        expect: {
          messages: { redelivered: [] },
          native: NOTHING_FAILED,
          event: {
            kind: "messages",
            source: "aws.dynamodb",
            ordered: true,
            messages: [dynamoMessage(0, streamRecord(0)), dynamoMessage(1, streamRecord(1))],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.dynamodb-failure",
    title: "a DynamoDB stream record fails in the middle: the ones before are done, it and the rest come again",
    needs: NEEDS,
    steps: [
      {
        input: {
          kind: "fixture",
          fixture: "aws/dynamodb-streams.json",
          patch: { "/Records/1/dynamodb": failingRecord(streamRecord(1)) },
        },
        expect: {
          messages: { redelivered: [SECOND_SEQUENCE] },
          native: { "aws-lambda:batch": { batchItemFailures: [{ itemIdentifier: SECOND_SEQUENCE }] } },
          event: {
            kind: "messages",
            source: "aws.dynamodb",
            ordered: true,
            messages: [dynamoMessage(0, streamRecord(0)), { ...dynamoMessage(1, failingRecord(streamRecord(1))), id: SECOND_SEQUENCE }],
          },
        },
      },
    ],
  },
];

// Read by the SQS case above: keep the fixture the one the expectations describe.
if (sqs.Records[0]?.messageId !== "059f36b4-87a3-44ab-83d2-661975830a7d")
  throw new Error("aws/sqs-batch.json is not the fixture these cases describe");
