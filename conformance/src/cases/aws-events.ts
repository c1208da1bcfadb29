import { fixtureJson } from "./_fixtures.ts";
import type { CaseStep, ConformanceCase } from "./types.ts";

// AWS-specific non-HTTP cases: lookalike and incomplete native events (what a hand-made test event holds),
// each recognised for exactly what it is, or refused naming what it saw.

/**
 * A native event no processor accepts: the invocation fails naming its keys. `format` is the one the
 * Lambda harnesses read the failure as (an event with `httpMethod` reads as a REST API's, with
 * `version: "2.0"` as an HTTP API's).
 */
function refused(event: Record<string, unknown>, format = "aws-lambda:event"): CaseStep {
  const saw = `an event with keys [${Object.keys(event).join(", ")}]`;
  return {
    input: { kind: "native", event },
    expect: {
      events: [],
      outcome: { ok: false, error: { $contains: [saw], because: "each adapter words its refusal its own way; it names what it saw" } },
      native: { [format]: { error: `Error: Unrecognised Lambda event: no processor matches ${saw}` } },
    },
  };
}

const eventbridgeCustom = fixtureJson("aws/eventbridge-custom.json");

type StreamRecords = { Records: Array<{ eventID: string; dynamodb: Record<string, unknown> }> };
const dynamodb = fixtureJson<StreamRecords>("aws/dynamodb-streams.json");

/** The message of a DynamoDB stream record that lacks its `dynamodb` object: the record's eventID, or none. */
const bareDynamoMessage = (id: string) => ({ kind: "message", id, text: "null", attributes: { eventName: "INSERT" }, attempt: 1 });

export const awsEventCases: ConformanceCase[] = [
  {
    id: "malformed.aws-lookalikes",
    title: "an event that only looks like an HTTP request, a batch or an EventBridge event is refused, naming its keys",
    needs: ["native:aws-lambda"],
    steps: [
      refused({ Records: [] }),
      refused({ requestContext: {} }),
      refused({ httpMethod: "GET" }, "aws-lambda:apigw-v1"),
      refused({ httpMethod: "GET", requestContext: null }, "aws-lambda:apigw-v1"),
      refused({ requestContext: { http: {} } }),
      refused({ version: "2.0" }, "aws-lambda:apigw-v2"),
      refused({ id: "1", source: "my.app" }),
      refused({ id: "1", "detail-type": "Thing" }),
    ],
  },
  {
    id: "cloudevent.fixture.eventbridge-aws-events-source",
    title: "an aws.events event that is not a Scheduled Event is a CloudEvent, not a schedule",
    needs: ["cloudevent", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/eventbridge-custom.json", patch: { source: "aws.events" } },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: eventbridgeCustom.id,
            source: "aws.events",
            type: "OrderPurchased",
            subject: "some_additional",
            time: "2020-10-22T18:43:48.000Z",
            dataContentType: "application/json",
            data: eventbridgeCustom.detail,
            extensions: { account: "111122223333", region: "us-west-1" },
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.dynamodb-bare-record",
    title: "a DynamoDB stream record without its dynamodb object is a message named by its eventID (none: an empty id), body null",
    needs: ["messages", "native:aws-lambda"],
    steps: [
      {
        input: {
          kind: "fixture",
          fixture: "aws/dynamodb-streams.json",
          patch: { "/Records/0/dynamodb": undefined, "/Records/1/dynamodb": undefined, "/Records/1/eventID": undefined },
        },
        expect: {
          messages: { redelivered: [] },
          native: { "aws-lambda:batch": { batchItemFailures: [] } },
          event: {
            kind: "messages",
            source: "aws.dynamodb",
            ordered: true,
            messages: [bareDynamoMessage(dynamodb.Records[0]?.eventID ?? ""), bareDynamoMessage("")],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.sqs-no-receive-count",
    title: "an SQS record without ApproximateReceiveCount is a first delivery (attempt 1)",
    needs: ["messages", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/sqs-single.json", patch: { "/Records/0/attributes/ApproximateReceiveCount": undefined } },
        expect: {
          messages: { redelivered: [] },
          native: { "aws-lambda:batch": { batchItemFailures: [] } },
          event: {
            kind: "messages",
            source: "aws.sqs",
            ordered: false,
            messages: [
              {
                kind: "message",
                id: "MessageID_1",
                text: "Message Body",
                attributes: { Attribute1: "AttributeValue1", Attribute2: "123" },
                attempt: 1,
                publishedAt: "2018-03-09T18:53:45.029Z",
              },
            ],
          },
        },
      },
    ],
  },
];
