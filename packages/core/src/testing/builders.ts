import type { CloudEventEvent, HttpEvent, MessagesEvent, ScheduleEvent, StorageEvent } from "../events.ts";
import { createHttpEvent } from "../http/event.ts";
import { appendHeader, emptyRecord } from "../http/headers.ts";
import { buildQuery } from "../http/query.ts";
import { createMessage } from "../messages.ts";

/** A body for a test event: text, bytes, or any other value sent as JSON. */
export type TestBody = string | Uint8Array | Record<string, unknown> | unknown[] | number | boolean | null;

function isRawBody(body: unknown): body is string | Uint8Array {
  return typeof body === "string" || body instanceof Uint8Array;
}

/** Options of `httpEvent`. */
export interface HttpEventOptions {
  method?: string;
  /** May include a query string: `/search?q=a&q=b`. */
  path?: string;
  /** Added to the query string; an array repeats the name. */
  query?: Record<string, string | string[]>;
  /** An array repeats the header. */
  headers?: Record<string, string | string[]>;
  /** Sent as the `cookie` header. */
  cookies?: Record<string, string>;
  /** A string or bytes are sent as they are; anything else as JSON with `content-type: application/json`. */
  body?: TestBody;
  ip?: string;
}

/** An `http` event, as an adapter would build it. */
export function httpEvent(options: HttpEventOptions = {}): HttpEvent {
  const [path = "/", pathQuery = ""] = (options.path ?? "/").split(/\?(.*)/s, 2);
  const extraQuery = options.query ? buildQuery(null, mapValues(options.query)) : "";
  const headers = emptyRecord<string>();
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) appendHeader(headers, name, one);
  }
  for (const [name, value] of Object.entries(options.cookies ?? {})) appendHeader(headers, "cookie", `${name}=${value}`);
  let body: string | Uint8Array | undefined;
  if (options.body !== undefined) {
    if (isRawBody(options.body)) body = options.body;
    else {
      body = JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
  }
  return createHttpEvent({
    method: options.method ?? "GET",
    path,
    rawQuery: [pathQuery, extraQuery].filter(Boolean).join("&"),
    headers,
    body,
    ip: options.ip ?? "127.0.0.1",
    raw: options,
  });
}

function mapValues(query: Record<string, string | string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(query)) out[name] = Array.isArray(value) ? value : [value];
  return out;
}

/** One message of `messagesEvent`. */
export interface MessageOptions {
  /** Defaults to `m1`, `m2`, ... by position. */
  id?: string;
  body: TestBody;
  attributes?: Record<string, string>;
  attempt?: number;
  publishedAt?: Date;
}

/** Options of `messagesEvent`. */
export interface MessagesEventOptions {
  /** Defaults to `test`. */
  source?: string;
  ordered?: boolean;
  messages: MessageOptions[];
}

/** A `messages` event, as an adapter would build it. */
export function messagesEvent(options: MessagesEventOptions): MessagesEvent {
  return {
    kind: "messages",
    source: options.source ?? "test",
    ordered: options.ordered ?? false,
    messages: options.messages.map((message, index) =>
      createMessage({
        id: message.id ?? `m${index + 1}`,
        body: isRawBody(message.body) ? message.body : JSON.stringify(message.body),
        attributes: message.attributes,
        attempt: message.attempt,
        publishedAt: message.publishedAt,
        raw: message,
      }),
    ),
    raw: options,
  };
}

/** Options of `storageEvent`. */
export interface StorageEventOptions {
  action?: "created" | "deleted";
  bucket: string;
  key: string;
  size?: number;
  etag?: string;
  time?: Date;
}

/** A `storage` event. */
export function storageEvent(options: StorageEventOptions): StorageEvent {
  return {
    kind: "storage",
    action: options.action ?? "created",
    bucket: options.bucket,
    key: options.key,
    size: options.size,
    etag: options.etag,
    time: options.time ?? new Date(),
    raw: options,
  };
}

/** Options of `scheduleEvent`. */
export interface ScheduleEventOptions {
  scheduledTime?: Date;
  cron?: string;
  name?: string;
}

/** A `schedule` event. */
export function scheduleEvent(options: ScheduleEventOptions = {}): ScheduleEvent {
  return { kind: "schedule", scheduledTime: options.scheduledTime ?? new Date(), cron: options.cron, name: options.name, raw: options };
}

/** Options of `cloudEvent`. */
export interface CloudEventInit {
  id?: string;
  source: string;
  type: string;
  subject?: string;
  time?: Date;
  dataContentType?: string;
  data?: unknown;
  extensions?: Record<string, unknown>;
}

/** A `cloudevent` event. */
export function cloudEvent(init: CloudEventInit): CloudEventEvent {
  return {
    kind: "cloudevent",
    id: init.id ?? crypto.randomUUID(),
    source: init.source,
    type: init.type,
    subject: init.subject,
    time: init.time,
    dataContentType: init.dataContentType,
    data: init.data,
    extensions: init.extensions ?? {},
    raw: init,
  };
}
