import { type BodySource, BufferedBody } from "./body.ts";
import type { Message, MessagesEvent } from "./events.ts";
import { emptyRecord } from "./http/headers.ts";
import { consoleWriter, createLogger } from "./logger.ts";
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
  /** Called with each failure; by default a JSON line on stderr naming the message id. */
  onError?: ((error: unknown, message: Message) => void) | undefined;
}

const defaultLog = createLogger({}, "error", consoleWriter);
const logFailure = (error: unknown, message: Message): void => defaultLog.error("message failed", { messageId: message.id, error });

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
  const onError = options.onError ?? logFailure;
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
