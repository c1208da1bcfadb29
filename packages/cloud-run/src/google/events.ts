// Google's CloudEvents (Eventarc, Cloud Functions 2nd gen) mapped onto the portable kinds: Pub/Sub →
// messages, Cloud Storage → storage, Cloud Scheduler → schedule; anything else stays a cloudevent.
import { type CloudEventEvent, type FnEvent, InvalidBodyError, type ScheduleEvent, type StorageEvent } from "@fnport/core";
import { type PubSubPushEnvelope, pubSubMessagesEvent } from "./pubsub.ts";

/** The CloudEvent type of a Pub/Sub message (its data is a push envelope). */
export const PUBSUB_MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";
/** The CloudEvent type of a Cloud Scheduler job run. */
export const SCHEDULER_JOB_EXECUTED = "google.cloud.scheduler.job.v1.executed";

// `archived`: with versioning on, the live object became noncurrent — gone from the bucket's view, like an
// S3 delete marker. `metadataUpdated` is neither a create nor a delete: it stays a cloudevent.
const STORAGE_ACTIONS: ReadonlyMap<string, StorageEvent["action"]> = new Map([
  ["google.cloud.storage.object.v1.finalized", "created"],
  ["google.cloud.storage.object.v1.deleted", "deleted"],
  ["google.cloud.storage.object.v1.archived", "deleted"],
]);

/** The fields of a Cloud Storage object (`StorageObjectData`) the `storage` event reads; int64 fields arrive as strings. */
export interface StorageObjectJson {
  bucket?: string;
  name?: string;
  size?: string | number;
  etag?: string;
  updated?: string;
  timeCreated?: string;
  timeDeleted?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The `storage` event of a Cloud Storage object: `bucket` and `key` (the object name, as stored) are
 * required; `size` (a decimal string in Google's JSON) becomes a number. `time` is the event's time,
 * else the object's own `timeDeleted`/`updated`, else now.
 */
export function storageObjectEvent(action: StorageEvent["action"], object: unknown, time: Date | undefined, raw: unknown): StorageEvent {
  if (!isRecord(object) || typeof object.bucket !== "string" || typeof object.name !== "string" || object.name === "") {
    throw new InvalidBodyError("A Cloud Storage event's data must be an object with a bucket and a name");
  }
  let size: number | undefined;
  if (object.size !== undefined && object.size !== null) {
    size = typeof object.size === "number" ? object.size : /^\d+$/.test(String(object.size)) ? Number(object.size) : Number.NaN;
    if (!Number.isSafeInteger(size) || size < 0)
      throw new InvalidBodyError(`Cloud Storage object size is not a byte count: ${JSON.stringify(object.size)}`);
  }
  return {
    kind: "storage",
    action,
    bucket: object.bucket,
    key: object.name,
    size,
    etag: typeof object.etag === "string" ? object.etag : undefined,
    time: time ?? dateOf(action === "deleted" ? object.timeDeleted : undefined) ?? dateOf(object.updated) ?? new Date(),
    raw,
  };
}

/** The job name at the end of a Cloud Scheduler source, `//cloudscheduler.googleapis.com/projects/P/locations/L/jobs/NAME`. */
function jobName(source: string): string | undefined {
  const at = source.lastIndexOf("/jobs/");
  return at === -1 ? undefined : source.slice(at + 6);
}

/**
 * Google's mapping of a CloudEvent onto the portable kinds: a Pub/Sub `messagePublished` is a `messages`
 * event of one message, a Cloud Storage `finalized` is `storage`/created and `deleted`/`archived`
 * `storage`/deleted, a Cloud Scheduler `executed` is a `schedule`; any other event is returned as it is.
 * `raw` is the CloudEvent. Data that does not fit its type (no envelope, no bucket) is a 400.
 */
export function fromGoogleCloudEvent(event: CloudEventEvent): FnEvent {
  const { type } = event;
  if (type === PUBSUB_MESSAGE_PUBLISHED) {
    if (!isRecord(event.data)) throw new InvalidBodyError(`A ${PUBSUB_MESSAGE_PUBLISHED} event's data must be a JSON Pub/Sub envelope`);
    return pubSubMessagesEvent(event.data as unknown as PubSubPushEnvelope, event);
  }
  const action = STORAGE_ACTIONS.get(type);
  if (action !== undefined) return storageObjectEvent(action, event.data, event.time, event);
  if (type === SCHEDULER_JOB_EXECUTED) {
    const schedule: ScheduleEvent = { kind: "schedule", scheduledTime: event.time ?? new Date(), name: jobName(event.source), raw: event };
    return schedule;
  }
  return event;
}
