import { type DurableObjectNamespaceBinding, durableObjectStore, worker } from "@fnport/cloudflare-workers";
import { defineHandler, forEachMessage, idempotent, type Message } from "@fnport/core";

export { StoreDurableObject } from "@fnport/cloudflare-workers"; // the class behind the STATE binding

const app = defineHandler<undefined, { STATE: DurableObjectNamespaceBinding }>(async (event, ctx) => {
  if (event.kind !== "messages") return;
  const store = durableObjectStore(ctx.env.STATE);
  return forEachMessage(
    event,
    idempotent(store, {}, async (message: Message) => console.log("once:", await message.text())),
  );
});
export default worker(app);
