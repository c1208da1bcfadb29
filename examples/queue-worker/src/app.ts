import {
  createRouter,
  type DefaultEnv,
  defineHandler,
  forEachMessage,
  idempotent,
  json,
  type KeyValueStore,
  type Message,
} from "@fnport/core";
import * as z from "zod/mini";

const Charge = z.object({
  orderId: z.string({ error: "orderId must be a string" }).check(z.minLength(1, "orderId must not be empty")),
  amountCents: z.int({ error: "amountCents must be an integer" }).check(z.positive("amountCents must be positive")),
});

interface Deps {
  store: KeyValueStore;
}

// What has been charged per order, for the operator (and the tests).
const router = createRouter<Deps, unknown>().get("/charged/:orderId", async (event, { deps, signal }) =>
  json({ orderId: event.params.orderId, amountCents: (await deps.store.get<number>(`charged:${event.params.orderId}`, { signal })) ?? 0 }),
);

/** A queue consumer that charges each order once, however often the queue delivers its message. */
export function payments<Env = DefaultEnv>(openStore: (env: Env) => KeyValueStore) {
  return defineHandler<Deps, Env>({
    init: (env) => ({ store: openStore(env) }),
    handle(event, ctx) {
      if (event.kind === "http") return router.handle(event, ctx);
      if (event.kind !== "messages")
        throw new Error(`payments handles queue messages and GET /charged/:orderId, got a ${event.kind} event`);
      const { store } = ctx.deps;
      // Keyed by message id: duplicates, even delivered at once to several instances, run the charge once and get
      // its result; a charge that throws is not remembered, so the redelivery runs it again. Failures are retried alone.
      const charge = idempotent(store, { ttlSeconds: 7 * 24 * 3600, inProgressSeconds: 60 }, async (message: Message) => {
        const { orderId, amountCents } = await message.json(Charge);
        const total = await store.increment(`charged:${orderId}`, amountCents, { signal: ctx.signal }); // your payment call
        ctx.log.info("charged", { orderId, amountCents, total });
        return { orderId, amountCents };
      });
      return forEachMessage(event, charge);
    },
  });
}
