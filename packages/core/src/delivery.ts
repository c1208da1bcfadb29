/** Thrown by `requireAllDone`: messages failed, and the provider can only redeliver the whole delivery. */
export class MessagesFailedError extends Error {
  /** The ids of the messages that failed. */
  readonly failed: readonly string[];

  constructor(failed: readonly string[]) {
    const which = failed.length === 1 ? `Message ${failed[0]} failed` : `Messages ${failed.join(", ")} failed`;
    super(`${which}: the delivery fails so that the provider delivers it again`);
    this.name = "MessagesFailedError";
    this.failed = failed;
  }
}

/**
 * What an adapter does with the failed ids (`runner.messages()`'s result) when its provider has no
 * partial failure — one message per delivery ("single": Pub/Sub push, Eventarc, Cloud Tasks, SNS, Azure
 * Storage Queues) or a batch accepted or redelivered whole ("all-or-nothing"): throws a
 * `MessagesFailedError` when any message failed, so the adapter fails the delivery (rethrow, or answer
 * non-2xx) and the provider delivers it again; returns when every message is done. A delivery is never
 * reported done while a message in it failed.
 */
export function requireAllDone(failed: readonly string[]): void {
  if (failed.length > 0) throw new MessagesFailedError(failed);
}
