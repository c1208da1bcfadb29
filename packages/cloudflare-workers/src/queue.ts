import { InvalidBodyError, type MessagesEvent } from "@fnport/core";
import { type BodySource, createMessage } from "@fnport/core/adapter";
import type { MessageBatch } from "./native-types.ts";

const utf8 = new TextEncoder();

/** JSON for the structured-clone values JSON does not cover: Map → object, Set → array, BigInt → string, bytes → numbers. */
function structuredToJson(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null) return typeof value === "bigint" ? value.toString() : value;
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (value instanceof ArrayBuffer) return Array.from(new Uint8Array(value));
  if (ArrayBuffer.isView(value)) return Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value instanceof RegExp) return value.toString();
  return value;
}

function jsonBytes(value: unknown): Promise<Uint8Array> {
  try {
    return Promise.resolve(utf8.encode(JSON.stringify(value, structuredToJson) ?? ""));
  } catch (error) {
    return Promise.reject(new InvalidBodyError(`Message body cannot be written as JSON: ${(error as Error).message}`, [], error));
  }
}

/**
 * How a message body reaches `text()`, `bytes()` and `json()`: a string as it is; an `ArrayBuffer` or any
 * typed array / `DataView` as its bytes; `undefined` as an empty body; any other value (numbers, objects,
 * arrays, and structured-clone values such as Date, Map, Set, BigInt) as its JSON text, written on first read.
 */
export function messageBody(body: unknown): BodySource {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body === undefined) return null;
  return () => jsonBytes(body);
}

/** The portable `messages` event of a Queues batch (Queues promise no order). */
export function toMessagesEvent(batch: MessageBatch): MessagesEvent {
  const messages = batch.messages.map((message) =>
    createMessage({
      id: message.id,
      body: messageBody(message.body),
      attempt: message.attempts,
      publishedAt: message.timestamp,
      raw: message,
    }),
  );
  return { kind: "messages", source: "cloudflare.queue", ordered: false, messages, raw: batch };
}

/** Acks the batch, or retries the failed messages and acks the others. */
export function settleBatch(batch: MessageBatch, failed: readonly string[]): void {
  if (failed.length === 0) {
    batch.ackAll();
    return;
  }
  const retry = new Set(failed);
  for (const message of batch.messages) {
    if (retry.has(message.id)) message.retry();
    else message.ack();
  }
}
