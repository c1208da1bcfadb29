import type { MessagesEvent, ScheduleEvent, StorageEvent } from "./events.ts";
import { createMessage, type MessageInit } from "./messages.ts";

/** What an adapter knows about a batch; see `createMessagesEvent`. */
export interface MessagesEventInit {
  /** Where the batch came from, e.g. `azure.servicebus` (`<provider>.<service>`). */
  source: string;
  /** True when the source promises order (a FIFO queue, an ordering key): `forEachMessage` then stops at the first failure. */
  ordered?: boolean | undefined;
  /** One or more messages; ids must be unique within the batch (the handler reports failures by id). */
  messages: readonly MessageInit[];
  raw: unknown;
}

/**
 * Builds the portable `messages` event. Throws a `TypeError` for an empty batch or two messages with
 * the same id: `{ failed: [id] }` could not say which one failed.
 */
export function createMessagesEvent(init: MessagesEventInit): MessagesEvent {
  if (init.messages.length === 0) throw new TypeError(`createMessagesEvent(): a ${init.source} batch without messages`);
  const ids = new Set<string>();
  const messages = init.messages.map((message) => {
    if (ids.has(message.id))
      throw new TypeError(`createMessagesEvent(): two messages of a ${init.source} batch have the id ${JSON.stringify(message.id)}`);
    ids.add(message.id);
    return createMessage(message);
  });
  return { kind: "messages", source: init.source, ordered: init.ordered ?? false, messages, raw: init.raw };
}

/** A time as a `Date`, epoch ms or an ISO 8601 string. */
export type TimeInit = Date | number | string;

function toDate(time: TimeInit, what: string): Date {
  const date = time instanceof Date ? new Date(time.getTime()) : new Date(time);
  if (Number.isNaN(date.getTime())) throw new TypeError(`${what} is not a valid time: ${JSON.stringify(String(time))}`);
  return date;
}

/** What an adapter knows about a timer; see `createScheduleEvent`. */
export interface ScheduleEventInit {
  /** When the timer was due (not when it ran). */
  scheduledTime: TimeInit;
  cron?: string | undefined;
  /** The schedule's name (a rule, a job, a timer function). */
  name?: string | undefined;
  raw: unknown;
}

/** Builds the portable `schedule` event; an unreadable `scheduledTime` is a `TypeError` naming it. */
export function createScheduleEvent(init: ScheduleEventInit): ScheduleEvent {
  return {
    kind: "schedule",
    scheduledTime: toDate(init.scheduledTime, "createScheduleEvent(): scheduledTime"),
    cron: init.cron,
    name: init.name,
    raw: init.raw,
  };
}

/** What an adapter knows about an object notification; see `createStorageEvent`. */
export interface StorageEventInit {
  action: "created" | "deleted";
  bucket: string;
  /** The object key, decoded (providers that URL-encode keys in notifications, like S3, must decode first). */
  key: string;
  size?: number | undefined;
  etag?: string | undefined;
  time: TimeInit;
  raw: unknown;
}

/** Builds the portable `storage` event; an unknown action or an unreadable time is a `TypeError`. */
export function createStorageEvent(init: StorageEventInit): StorageEvent {
  if (init.action !== "created" && init.action !== "deleted") {
    throw new TypeError(`createStorageEvent(): action must be "created" or "deleted", got ${JSON.stringify(init.action)}`);
  }
  return {
    kind: "storage",
    action: init.action,
    bucket: init.bucket,
    key: init.key,
    size: init.size,
    etag: init.etag,
    time: toDate(init.time, "createStorageEvent(): time"),
    raw: init.raw,
  };
}
