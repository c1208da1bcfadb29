import { defineHandler, forEachMessage, HttpError, json } from "@fnport/core";
import * as z from "zod/mini";

const Order = z.object({ sku: z.string(), quantity: z.number() });
type Order = z.infer<typeof Order>;

const shipped: Order[] = []; // stands in for your warehouse API

async function fulfil(order: Order): Promise<void> {
  shipped.push(order);
}

export default defineHandler({
  init: () => ({ startedAt: Date.now() }), // once per instance (given ctx.env); the result is ctx.deps
  async handle(event, ctx) {
    switch (event.kind) {
      case "http": {
        if (event.method !== "POST") throw new HttpError(405, "Use POST", { headers: { allow: "POST" } });
        const order = await event.json(Order); // bad JSON or schema → 400 listing the issues
        ctx.log.info("order", { sku: order.sku });
        return json({ accepted: order }, { status: 201 });
      }
      case "messages":
        return forEachMessage(event, async (message) => fulfil(await message.json(Order))); // { failed: ids }
      default:
        throw new Error(`unexpected ${event.kind} event`);
    }
  },
});
