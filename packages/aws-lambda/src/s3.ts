import type { CloudEventEvent, StorageEvent } from "@fnport/core";
import type { InvocationInit, Runner } from "@fnport/core/adapter";
import { type EventProcessor, recordSource } from "./_processor.ts";
import type { S3Event, S3Record } from "./native-types.ts";

// S3 notifications URL-encode the key with `+` for spaces (like a form), e.g. `Happy%20Face.jpg` or `Happy+Face.jpg`.
function decodeKey(key: string): string {
  const spaced = key.includes("+") ? key.replaceAll("+", " ") : key;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function actionOf(eventName: string): StorageEvent["action"] | undefined {
  if (eventName.startsWith("ObjectCreated:")) return "created";
  if (eventName.startsWith("ObjectRemoved:") || eventName.startsWith("LifecycleExpiration:")) return "deleted";
  return undefined;
}

/**
 * One record as a portable event: `storage` for object created/removed (lifecycle expirations count as
 * deleted); any other notification (restore, replication, tagging, ...) as a `cloudevent` of type `eventName`.
 */
export function parseS3Record(record: S3Record): StorageEvent | CloudEventEvent {
  const { bucket, object } = record.s3;
  const key = decodeKey(object.key);
  const time = new Date(record.eventTime);
  const action = actionOf(record.eventName);
  if (action !== undefined) {
    return { kind: "storage", action, bucket: bucket.name, key, size: object.size, etag: object.eTag, time, raw: record };
  }
  return {
    kind: "cloudevent",
    id: object.sequencer ?? `${bucket.name}/${object.key}@${record.eventTime}`,
    source: "aws.s3",
    type: record.eventName,
    subject: key,
    time,
    dataContentType: "application/json",
    data: record.s3,
    extensions: record.awsRegion === undefined ? { bucket: bucket.name } : { bucket: bucket.name, region: record.awsRegion },
    raw: record,
  };
}

// One portable event per record, in order; a throw stops there and fails the invocation (S3 retries it).
async function runS3(runner: Runner, event: S3Event, init: InvocationInit): Promise<undefined> {
  for (const record of event.Records) await runner.event(parseS3Record(record), init);
  return undefined;
}

/** S3 event notifications. */
export const s3Processor: EventProcessor = {
  accepts: (event) => recordSource(event) === "aws:s3",
  run: runS3,
};
