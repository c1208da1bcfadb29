// One scenario for the payments consumer on every runtime: a batch with a bad message delivered four times at
// once, then again; each order must be charged exactly once, and only the bad message delivered again.
import type { Instance, QueueMessage } from "@fnport/example-harness/runtimes";

export const BATCH: QueueMessage[] = [
  { id: "msg-1", body: '{"orderId":"A-1001","amountCents":1250}' },
  { id: "msg-2", body: '{"orderId":"A-1002","amountCents":"twelve"}' },
  { id: "msg-3", body: '{"orderId":"A-1003","amountCents":500}' },
];

export interface Transcript {
  concurrent: string[][];
  charged: unknown[];
  redelivered: string[];
  chargedAfter: unknown[];
}

async function charged(instance: Instance): Promise<unknown[]> {
  const answers = [];
  for (const orderId of ["A-1001", "A-1002", "A-1003"]) {
    const answer = await instance.http({ method: "GET", path: `/charged/${orderId}` });
    answers.push([answer.status, JSON.parse(answer.body)]);
  }
  return answers;
}

export async function runScenario(instance: Instance): Promise<Transcript> {
  const concurrent = (await Promise.all(Array.from({ length: 4 }, () => instance.messages(BATCH)))).map((failed) => failed.toSorted());
  const before = await charged(instance);
  const redelivered = (await instance.messages(BATCH)).toSorted();
  return { concurrent, charged: before, redelivered, chargedAfter: await charged(instance) };
}

const once = [
  [200, { orderId: "A-1001", amountCents: 1250 }],
  [200, { orderId: "A-1002", amountCents: 0 }],
  [200, { orderId: "A-1003", amountCents: 500 }],
];

export const EXPECTED: Transcript = {
  concurrent: [["msg-2"], ["msg-2"], ["msg-2"], ["msg-2"]],
  charged: once,
  redelivered: ["msg-2"],
  chargedAfter: once,
};
