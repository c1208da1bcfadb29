import type { Message, MessagesEvent } from "@fnport/core";
import { createMessage } from "@fnport/core/adapter";
import { dateFromMs, type EventProcessor, recordSource, toBatchResponse } from "./_processor.ts";
import type { DynamoDbStreamEvent, DynamoDbStreamRecord, KinesisEvent, KinesisRecord } from "./native-types.ts";

function kinesisMessage(record: KinesisRecord): Message {
  const { kinesis } = record;
  const arrival = kinesis.approximateArrivalTimestamp;
  return createMessage({
    id: kinesis.sequenceNumber,
    body: { base64: kinesis.data },
    attributes: kinesis.partitionKey === undefined ? undefined : { partitionKey: kinesis.partitionKey },
    // approximateArrivalTimestamp is in seconds, with milliseconds as the fraction
    publishedAt: arrival === undefined ? undefined : dateFromMs(Math.round(arrival * 1000)),
    raw: record,
  });
}

/** The portable batch: ordered (a shard is), ids are sequence numbers, bodies the base64 `data` decoded. */
export function parseKinesis(event: KinesisEvent): MessagesEvent {
  return { kind: "messages", source: "aws.kinesis", ordered: true, messages: event.Records.map(kinesisMessage), raw: event };
}

function dynamoDbMessage(record: DynamoDbStreamRecord): Message {
  const stream = record.dynamodb;
  const created = stream?.ApproximateCreationDateTime;
  return createMessage({
    id: stream?.SequenceNumber ?? record.eventID ?? "",
    // The stream record as AWS sends it: Keys, NewImage and OldImage in DynamoDB's typed JSON ({"S": "..."}).
    body: JSON.stringify(stream ?? null),
    attributes: record.eventName === undefined ? undefined : { eventName: record.eventName },
    // ApproximateCreationDateTime is in whole seconds
    publishedAt: created === undefined ? undefined : dateFromMs(created * 1000),
    raw: record,
  });
}

/** The portable batch: ordered (a shard is), ids are sequence numbers, bodies the `dynamodb` stream record as JSON. */
export function parseDynamoDbStream(event: DynamoDbStreamEvent): MessagesEvent {
  return { kind: "messages", source: "aws.dynamodb", ordered: true, messages: event.Records.map(dynamoDbMessage), raw: event };
}

// Stream mappings take the failed sequence numbers as itemIdentifier and resume from the lowest one
// (docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html); ids are those numbers.

/** Kinesis Data Streams batches. */
export const kinesisProcessor: EventProcessor = {
  accepts: (event) => recordSource(event) === "aws:kinesis",
  run: (runner, event: KinesisEvent, init) => runner.messages(parseKinesis(event), init).then(toBatchResponse),
};

/** DynamoDB Streams batches. */
export const dynamoDbStreamProcessor: EventProcessor = {
  accepts: (event) => recordSource(event) === "aws:dynamodb",
  run: (runner, event: DynamoDbStreamEvent, init) => runner.messages(parseDynamoDbStream(event), init).then(toBatchResponse),
};
