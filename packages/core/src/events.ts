import type { StandardSchemaV1 } from "@standard-schema/spec";

/** The body helpers shared by an HTTP request and a queue message. Each reads the body once. */
export interface BodyReader {
  /** The body decoded as UTF-8. */
  text(): Promise<string>;
  /** The body as raw bytes. */
  bytes(): Promise<Uint8Array>;
  /** The body parsed as JSON; an invalid body rejects with an `InvalidBodyError` (400). */
  json(): Promise<unknown>;
  /** The body parsed as JSON and validated with any Standard Schema (zod, valibot, ...). */
  json<S extends StandardSchemaV1>(schema: S): Promise<StandardSchemaV1.InferOutput<S>>;
}

/** One HTTP request. */
export interface HttpEvent extends BodyReader {
  readonly kind: "http";
  /** Upper-case method, e.g. `GET`. */
  readonly method: string;
  /** The path as the client sent it, percent-encoding kept, without the query string. */
  readonly path: string;
  /** The query string without the leading `?`, percent-encoding kept. */
  readonly rawQuery: string;
  /** The first value of each query parameter, decoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Every value of a query parameter, in order. */
  queryAll(name: string): string[];
  /** Lower-case header names; repeated headers joined with `, ` (`cookie` with `; `). */
  readonly headers: Readonly<Record<string, string>>;
  /** The `cookie` header parsed; the first value of each name wins. */
  readonly cookies: Readonly<Record<string, string>>;
  /** The client address the provider reports, when it reports one. */
  readonly ip: string | undefined;
  /** A Fetch `Request` for this event, created on first call (for Hono, itty-router, h3, ...). */
  toRequest(): Request;
  /** The provider's native event. */
  readonly raw: unknown;
}

/** One message of a batch. */
export interface Message extends BodyReader {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** 1 on first delivery. */
  readonly attempt: number;
  readonly publishedAt: Date | undefined;
  readonly raw: unknown;
}

/** A batch of queue, topic or stream messages. */
export interface MessagesEvent {
  readonly kind: "messages";
  /** Where the batch came from: `aws.sqs`, `aws.sns`, `aws.kinesis`, `aws.dynamodb`, `gcp.pubsub`, `cloudflare.queue`, ... */
  readonly source: string;
  /** True when the source promises order (SQS FIFO, Pub/Sub ordering keys): `forEachMessage` then stops at the first failure. */
  readonly ordered: boolean;
  readonly messages: readonly Message[];
  readonly raw: unknown;
}

/** An object created in or deleted from a bucket. */
export interface StorageEvent {
  readonly kind: "storage";
  readonly action: "created" | "deleted";
  readonly bucket: string;
  /** The object key, decoded. */
  readonly key: string;
  readonly size?: number | undefined;
  readonly etag?: string | undefined;
  readonly time: Date;
  readonly raw: unknown;
}

/** A timer fired. */
export interface ScheduleEvent {
  readonly kind: "schedule";
  readonly scheduledTime: Date;
  readonly cron?: string | undefined;
  readonly name?: string | undefined;
  readonly raw: unknown;
}

/** Any other event, as a CloudEvents 1.0 envelope. */
export interface CloudEventEvent {
  readonly kind: "cloudevent";
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject?: string | undefined;
  readonly time?: Date | undefined;
  readonly dataContentType?: string | undefined;
  readonly data: unknown;
  /** Extension attributes (any attribute beyond the CloudEvents core set). */
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly raw: unknown;
}

/** Every event a handler can receive, discriminated by `kind`. */
export type FnEvent = HttpEvent | MessagesEvent | StorageEvent | ScheduleEvent | CloudEventEvent;

/** The kinds of events. */
export type EventKind = FnEvent["kind"];
