import { invocationOf } from "./_invocation-of.ts";
import { type BodySource, BufferedBody } from "./body.ts";
import type { Message, MessagesEvent } from "./events.ts";
import { emptyRecord } from "./http/headers.ts";
import { consoleWriter, createLogger, serializeError } from "./logger.ts";
import type { MessagesResult } from "./results.ts";

/** What an adapter knows about one message; see `createMessage`. */
export interface MessageInit {
  id: string;
  body: BodySource;
  attributes?: Record<string, string> | undefined;
  /** 1 on first delivery (the default). */
  attempt?: number | undefined;
  publishedAt?: Date | undefined;
  raw: unknown;
}

class QueueMessage extends BufferedBody implements Message {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly attempt: number;
  readonly publishedAt: Date | undefined;
  readonly raw: unknown;

  constructor(init: MessageInit) {
    super(init.body);
    this.id = init.id;
    this.attributes = init.attributes ?? emptyRecord();
    this.attempt = init.attempt ?? 1;
    this.publishedAt = init.publishedAt;
    this.raw = init.raw;
  }
}

/** Builds one portable message from native parts; the body is decoded only when read. */
export function createMessage(init: MessageInit): Message {
  return new QueueMessage(init);
}

/** Options of `forEachMessage`. */
export interface ForEachMessageOptions {
  /** Run one at a time and fail every message after the first failure (default: `event.ordered`). */
  ordered?: boolean | undefined;
  /** Called with each failure; by default an error line through the invocation's `ctx.log` naming the message id. */
  onError?: ((error: unknown, message: Message) => void) | undefined;
}

// For a batch no runner delivered (built by hand): a bare line on stderr.
const fallbackLog = createLogger({}, "error", consoleWriter);

/** The default `onError`: one line through the invocation's `ctx.log` (request id, level, writer). */
function logFailureFor(event: MessagesEvent): (error: unknown, message: Message) => void {
  return (error, message) => {
    const log = invocationOf(event)?.log ?? fallbackLog;
    log.error("message failed", { messageId: message.id, error: serializeError(error) });
  };
}

/**
 * Runs `fn` for every message and returns `{ failed }` with the ids whose `fn` threw or rejected,
 * so one bad message does not fail the batch. Unordered batches run concurrently; ordered ones run
 * in sequence and stop at the first failure, failing it and every message after it.
 */
export async function forEachMessage(
  event: MessagesEvent,
  fn: (message: Message, index: number) => unknown,
  options: ForEachMessageOptions = {},
): Promise<MessagesResult> {
  const onError = options.onError ?? logFailureFor(event);
  const { messages } = event;
  const failed: string[] = [];
  if (options.ordered ?? event.ordered) {
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i] as Message;
      try {
        await fn(message, i);
      } catch (error) {
        onError(error, message);
        for (let j = i; j < messages.length; j++) failed.push((messages[j] as Message).id);
        break;
      }
    }
    return { failed };
  }
  const outcomes = await Promise.allSettled(messages.map(async (message, i) => fn(message, i)));
  outcomes.forEach((outcome, i) => {
    if (outcome.status === "fulfilled") return;
    const message = messages[i] as Message;
    onError(outcome.reason, message);
    failed.push(message.id);
  });
  return { failed };
}
