import type { Message, MessagesEvent } from "@fnport/core";
import { createMessage, type InvocationInit, type Runner } from "@fnport/core/adapter";
import { type EventProcessor, recordSource, stringAttributes } from "./_processor.ts";
import type { SnsEvent, SnsRecord } from "./native-types.ts";

function toMessage(record: SnsRecord): Message {
  const sns = record.Sns;
  return createMessage({
    id: sns.MessageId,
    body: sns.Message,
    attributes: stringAttributes(sns.MessageAttributes, (attribute) => attribute.Value),
    publishedAt: sns.Timestamp === undefined ? undefined : new Date(sns.Timestamp),
    raw: record,
  });
}

/** The portable batch (SNS delivers one notification per invocation). */
export function parseSns(event: SnsEvent): MessagesEvent {
  return { kind: "messages", source: "aws.sns", ordered: false, messages: event.Records.map(toMessage), raw: event };
}

async function runSns(runner: Runner, event: SnsEvent, init: InvocationInit): Promise<undefined> {
  const failed = await runner.messages(parseSns(event), init);
  // SNS invokes asynchronously and has no partial-failure response: failing the invocation makes Lambda retry it.
  if (failed.length > 0) throw new Error(`SNS message ${failed.join(", ")} failed; the invocation fails so that Lambda retries it`);
  return undefined;
}

/** SNS notifications: a failed message fails the invocation. */
export const snsProcessor: EventProcessor = {
  accepts: (event) => recordSource(event) === "aws:sns",
  run: runSns,
};
