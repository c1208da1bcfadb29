import type { Message, MessagesEvent } from "@fnport/core";
import { createMessage } from "@fnport/core/adapter";
import { dateFromMs, type EventProcessor, recordSource, stringAttributes, toBatchResponse } from "./_processor.ts";
import type { SqsEvent, SqsRecord } from "./native-types.ts";

function toMessage(record: SqsRecord): Message {
  const attempt = Number(record.attributes.ApproximateReceiveCount);
  return createMessage({
    id: record.messageId,
    body: record.body,
    attributes: stringAttributes(record.messageAttributes, (attribute) => attribute.stringValue),
    attempt: attempt >= 1 ? attempt : undefined,
    publishedAt: () => dateFromMs(record.attributes.SentTimestamp),
    raw: record,
  });
}

/** The portable batch: ordered for a FIFO queue (its ARN ends in `.fifo`), attributes from string message attributes. */
export function parseSqs(event: SqsEvent): MessagesEvent {
  const records = event.Records;
  return {
    kind: "messages",
    source: "aws.sqs",
    ordered: records[0]?.eventSourceARN.endsWith(".fifo") === true,
    messages: records.map(toMessage),
    raw: event,
  };
}

/** SQS batches: failed messages are reported in `batchItemFailures` (needs `ReportBatchItemFailures` on the mapping). */
export const sqsProcessor: EventProcessor = {
  accepts: (event) => recordSource(event) === "aws:sqs",
  run: (runner, event: SqsEvent, init) => runner.messages(parseSqs(event), init).then(toBatchResponse),
};
