import { defineHandler, forEachMessage, idempotent, json, memoryStore } from "@fnport/core";

// The side effect to apply once per order: a payment API in production.
export const receipts: string[] = [];
async function charge(orderId: string): Promise<{ receipt: string }> {
  receipts.push(`receipt-${orderId}`);
  return { receipt: `receipt-${orderId}` };
}

export default defineHandler({
  init: () => ({ store: memoryStore() }), // redisStore, dynamoStore, durableObjectStore, ... in production
  async handle(event, { deps: { store } }) {
    if (event.kind === "messages") {
      // Each message charged once, however often the queue delivers it.
      return forEachMessage(
        event,
        idempotent(store, {}, async (message) => charge(await message.text())),
      );
    }
    const seen = await store.update<string[]>("recent-kinds", (kinds = []) => [...kinds, event.kind].slice(-10));
    return json({ seen, visits: await store.increment("visits") });
  },
});
