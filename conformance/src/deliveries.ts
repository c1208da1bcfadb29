// Delivering a step's input by the harness's delivery model, and reading which messages end done.
import type { CaseInput, Delivery, DeliveryModel, HarnessInstance, MessagesSpec, Output } from "./types.ts";

/** One `deliver()` of a step: what was sent and what came back. */
export interface SentDelivery {
  input: CaseInput;
  delivery: Delivery;
}

/** Every delivery of a step; `undelivered` lists the ids of an ordered single-model batch not sent after a failure. */
export interface StepDeliveries {
  sent: SentDelivery[];
  undelivered: string[];
}

function messageIds(input: CaseInput): string[] {
  return input.kind === "messages" ? input.batch.messages.map((message) => message.id) : [];
}

/**
 * The ids among `ids` that the provider delivers again after `output`, or a problem when the output
 * is not one a harness of this model can report.
 */
export function redeliveredBy(model: DeliveryModel | undefined, ids: readonly string[], output: Output): string[] | { problem: string } {
  if (output.kind !== "messages") return { problem: `expected a messages outcome, got ${JSON.stringify(output)}` };
  if ("batchFailed" in output) return [...ids];
  const unknown = output.failed.filter((id) => !ids.includes(id));
  if (unknown.length > 0)
    return { problem: `the harness reported ${JSON.stringify(unknown)} as failed, but the delivery held ${JSON.stringify(ids)}` };
  const failed = ids.filter((id) => output.failed.includes(id));
  if (model === "all-or-nothing" && failed.length > 0 && failed.length < ids.length) {
    return {
      problem: `an all-or-nothing provider delivers a batch again whole, but the harness reported only ${JSON.stringify(failed)} of ${JSON.stringify(ids)} as failed`,
    };
  }
  return failed;
}

/**
 * Delivers a step's input. A batch goes in one delivery, except with the `single` model: one message
 * per delivery, in order, and an ordered batch stops at the first message the provider must deliver
 * again (it holds the later ones back).
 */
export async function deliverStep(instance: HarnessInstance, model: DeliveryModel | undefined, input: CaseInput): Promise<StepDeliveries> {
  if (input.kind !== "messages" || model !== "single")
    return { sent: [{ input, delivery: await instance.deliver(input) }], undelivered: [] };
  const { messages, ...rest } = input.batch;
  const sent: SentDelivery[] = [];
  for (const [index, message] of messages.entries()) {
    const one: CaseInput = { kind: "messages", batch: { ...rest, messages: [message] } satisfies MessagesSpec };
    const delivery = await instance.deliver(one);
    sent.push({ input: one, delivery });
    const redelivered = redeliveredBy(model, [message.id], delivery.output);
    if (rest.ordered && (!Array.isArray(redelivered) || redelivered.length > 0)) {
      return { sent, undelivered: messages.slice(index + 1).map((later) => later.id) };
    }
  }
  return { sent, undelivered: [] };
}

/** The ids the provider delivers again after every delivery of a step, in batch order, or the problems reading them. */
export function redeliveredAfter(
  model: DeliveryModel | undefined,
  deliveries: StepDeliveries,
  allIds: readonly string[],
): { redelivered: string[] } | { problems: string[] } {
  const again = new Set<string>(deliveries.undelivered);
  const problems: string[] = [];
  for (const { input, delivery } of deliveries.sent) {
    const ids = input.kind === "messages" ? messageIds(input) : allIds;
    const redelivered = redeliveredBy(model, ids, delivery.output);
    if (Array.isArray(redelivered)) for (const id of redelivered) again.add(id);
    else problems.push(redelivered.problem);
  }
  if (problems.length > 0) return { problems };
  return { redelivered: allIds.filter((id) => again.has(id)) };
}
