// Pub/Sub messages as Google delivers them over HTTP: a push subscription's JSON envelope (wrapped),
// its raw body with `x-goog-pubsub-*` headers (unwrapped), and the `data` of an Eventarc
// `google.cloud.pubsub.topic.v1.messagePublished` CloudEvent, which is the same envelope.
import { InvalidBodyError, type MessagesEvent } from "@fnport/core";
import { createMessage, decodeBase64, emptyRecord, parseJsonBody } from "@fnport/core/adapter";

/** A Pub/Sub message as JSON (the `message` of a push envelope); `message_id`/`publish_time` are the legacy spellings push also sends. */
export interface PubSubMessageJson {
  data?: string;
  attributes?: Record<string, string>;
  messageId?: string;
  message_id?: string;
  publishTime?: string;
  publish_time?: string;
  orderingKey?: string;
}

/** The body of a wrapped push request (and the `data` of a `messagePublished` CloudEvent). */
export interface PubSubPushEnvelope {
  message: PubSubMessageJson;
  subscription?: string;
  /** Present when the subscription has a dead-letter policy: 1 on first delivery. */
  deliveryAttempt?: number;
}

/** The `messages` event `source` for Pub/Sub. */
export const PUBSUB_SOURCE = "gcp.pubsub";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function timestamp(value: unknown, what: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new InvalidBodyError(`${what} is not a timestamp: ${JSON.stringify(value)}`);
  return date;
}

function deliveryAttempt(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidBodyError(`Pub/Sub deliveryAttempt must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function attributesOf(value: unknown): Record<string, string> {
  const attributes = emptyRecord<string>();
  if (value === undefined || value === null) return attributes;
  if (!isRecord(value)) throw new InvalidBodyError("Pub/Sub message attributes must be an object of strings");
  for (const name in value) {
    const one = value[name];
    if (typeof one !== "string") throw new InvalidBodyError(`Pub/Sub message attribute ${JSON.stringify(name)} must be a string`);
    attributes[name] = one;
  }
  return attributes;
}

/**
 * The `messages` event of one Pub/Sub message in its JSON form: `data` base64-decoded (checked now, so
 * a bad one is a 400 before the handler runs), `attributes`, `publishedAt`, `attempt` from the push's
 * `deliveryAttempt`, `ordered` when it has an ordering key. `raw` is the envelope (or what carried it).
 */
export function pubSubMessagesEvent(envelope: PubSubPushEnvelope, raw: unknown = envelope): MessagesEvent {
  const message: unknown = envelope.message;
  if (!isRecord(message)) throw new InvalidBodyError('A Pub/Sub push body has a "message" object');
  const id = message.messageId ?? message.message_id;
  if (typeof id !== "string" || id === "") throw new InvalidBodyError("Pub/Sub message has no messageId");
  let body: Uint8Array = new Uint8Array(0);
  if (message.data !== undefined && message.data !== null) {
    if (typeof message.data !== "string") throw new InvalidBodyError("Pub/Sub message data must be a base64 string");
    try {
      body = decodeBase64(message.data);
    } catch {
      throw new InvalidBodyError("Pub/Sub message data is not valid base64");
    }
  }
  const orderingKey = message.orderingKey;
  return {
    kind: "messages",
    source: PUBSUB_SOURCE,
    ordered: typeof orderingKey === "string" && orderingKey !== "",
    messages: [
      createMessage({
        id,
        body,
        attributes: attributesOf(message.attributes),
        attempt: deliveryAttempt(envelope.deliveryAttempt),
        publishedAt: timestamp(message.publishTime ?? message.publish_time, "Pub/Sub message publishTime"),
        raw: message,
      }),
    ],
    raw,
  };
}

/** Headers Pub/Sub writes on an unwrapped push with "write metadata" on; attributes arrive as headers named after them. */
const MESSAGE_ID = "x-goog-pubsub-message-id";
const METADATA_PREFIX = "x-goog-pubsub-";

/**
 * The `messages` event of an unwrapped push (payload unwrapping with metadata written): the body is the
 * message data as it was published; id, publish time, ordering key and subscription come from
 * `x-goog-pubsub-*` headers. Attributes arrive as headers of their own name, which cannot be told apart
 * from the request's other headers: `attributes` is empty, and `message.raw.headers` has them all.
 */
export function unwrappedPubSubMessagesEvent(headers: Readonly<Record<string, string>>, body: Uint8Array): MessagesEvent {
  const id = headers[MESSAGE_ID];
  if (!id) throw new InvalidBodyError(`An unwrapped Pub/Sub push has no ${MESSAGE_ID} header`);
  const metadata = emptyRecord<string>();
  for (const name in headers) if (name.startsWith(METADATA_PREFIX)) metadata[name] = headers[name] as string;
  const orderingKey = headers[`${METADATA_PREFIX}ordering-key`];
  const attempt = headers[`${METADATA_PREFIX}delivery-attempt`];
  return {
    kind: "messages",
    source: PUBSUB_SOURCE,
    ordered: orderingKey !== undefined && orderingKey !== "",
    messages: [
      createMessage({
        id,
        body,
        attempt: deliveryAttempt(attempt === undefined ? undefined : Number(attempt)),
        publishedAt: timestamp(headers[`${METADATA_PREFIX}publish-time`], "x-goog-pubsub-publish-time"),
        raw: { headers, metadata },
      }),
    ],
    raw: { headers, body },
  };
}

/**
 * A push request's `messages` event: wrapped (a JSON envelope) or unwrapped (`x-goog-pubsub-message-id`).
 * `undefined` for a body that is not an envelope (another Google API's push notification is plain HTTP);
 * invalid JSON under a JSON content type, bad base64 or a message without an id is a 400.
 */
export function parsePubSubPush(headers: Readonly<Record<string, string>>, body: Uint8Array): MessagesEvent | undefined {
  if (headers[MESSAGE_ID] !== undefined) return unwrappedPubSubMessagesEvent(headers, body);
  const contentType = headers["content-type"];
  if (contentType === undefined || !/^\s*application\/json\s*(?:;|$)/i.test(contentType)) return undefined;
  let parsed: unknown;
  try {
    parsed = parseJsonBody(new TextDecoder().decode(body));
  } catch (error) {
    throw new InvalidBodyError(`Pub/Sub push body is not valid JSON: ${((error as Error).cause as Error | undefined)?.message}`);
  }
  if (!isRecord(parsed) || !("message" in parsed)) return undefined;
  return pubSubMessagesEvent(parsed as unknown as PubSubPushEnvelope);
}
