// After: the same function, portable: HTTP through the router, queue messages one by one.
import { createRouter, defineHandler, forEachMessage, json } from "@fnport/core";
import * as z from "zod/mini";

const Order = z.object({ sku: z.string(), quantity: z.number() });

const router = createRouter().post("/orders", async (event) => {
  const order = await event.json(Order); // invalid JSON or fields → 400 listing the issues
  return json({ accepted: order }, { status: 201 });
});

export default defineHandler((event, ctx) => {
  switch (event.kind) {
    case "http":
      return router.handle(event, ctx);
    case "messages":
      // Each message on its own; the failures become SQS's batchItemFailures (or Workers' retry()).
      return forEachMessage(event, async (message) => {
        const order = await message.json(Order);
        ctx.log.info("fulfilled", { sku: order.sku }); // one JSON line with the request id
      });
    default:
      throw new Error(`unexpected ${event.kind} event`);
  }
});
