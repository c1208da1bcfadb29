import { invocationOf } from "./_invocation-of.ts";
import { type BodySource, BufferedBody } from "./body.ts";
import type { Message, MessagesEvent } from "./events.ts";
import { emptyRecord } from "./http/headers.ts";
import { createLogger, serializeError } from "./logger.ts";
import type { MessagesResult } from "./results.ts";

/** What an adapter knows about one message; see `createMessage`. */
export interface MessageInit {
  id: string;
  body: BodySource;
  attributes?: Record<string, string> | undefined;
  /** 1 on first delivery (the default). */
  attempt?: number | undefined;
  /** Or a function, called once when `publishedAt` is first read (making a `Date` per message costs). */
  publishedAt?: Date | undefined | (() => Date | undefined);
  raw: unknown;
}

class QueueMessage extends BufferedBody implements Message {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly attempt: number;
  readonly raw: unknown;
  #publishedAt: Date | undefined | (() => Date | undefined);

  constructor(init: MessageInit) {
    super(init.body);
    this.id = init.id;
    this.attributes = init.attributes ?? emptyRecord();
    this.attempt = init.attempt ?? 1;
    this.#publishedAt = init.publishedAt;
    this.raw = init.raw;
  }

  get publishedAt(): Date | undefined {
    const publishedAt = this.#publishedAt;
    if (typeof publishedAt !== "function") return publishedAt;
    this.#publishedAt = publishedAt();
    return this.#publishedAt;
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

// For a batch no runner delivered (built by hand): a bare line on stderr (only error lines go through it).
const fallbackLog = createLogger({});

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
  // Every `fn` starts now, in order; failures are reported in message order once all have settled. No promise
  // of our own per message (a sync `fn` gets none at all) and none that rejects: each costs on a hot path.
  let errors: Array<{ error: unknown }> | undefined;
  let pending: Promise<void>[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const fail = (error: unknown): void => {
      errors ??= [];
      errors[i] = { error };
    };
    try {
      const returned = fn(messages[i] as Message, i);
      if (typeof (returned as PromiseLike<unknown> | null)?.then === "function") {
        pending ??= [];
        pending.push(Promise.resolve(returned).then(undefined, fail));
      }
    } catch (error) {
      fail(error);
    }
  }
  if (pending !== undefined) await Promise.all(pending);
  // forEach visits only the failed indexes of the sparse array, in message order.
  errors?.forEach((failure, i) => {
    const message = messages[i] as Message;
    onError(failure.error, message);
    failed.push(message.id);
  });
  return { failed };
}
