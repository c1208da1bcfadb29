import type { Logger } from "./logger.ts";

// The invocation a messages event belongs to, so helpers that take only the event (forEachMessage) log
// through its ctx.log: its request id, level, writer, and the lines @fnport/core/testing collects.
const invocations = new WeakMap<object, { readonly log: Logger }>();

/** Records the context of the invocation `event` is delivered to (the runner calls it before the handler). */
export function bindInvocation(event: object, ctx: { readonly log: Logger }): void {
  invocations.set(event, ctx);
}

/** The context of the invocation `event` was delivered to, if a runner delivered it. */
export function invocationOf(event: object): { readonly log: Logger } | undefined {
  return invocations.get(event);
}
