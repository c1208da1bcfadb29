// A test worker for the stores: `/check` runs one check of the store suite on a store inside workerd;
// `queue` handles each message once through idempotent() on the Durable Object store; `/effects` reads what ran.
import { runStoreCheck, storeChecks } from "@fnport/conformance/store/checks";
import { defineHandler, forEachMessage, HttpError, idempotent, json, type KeyValueStore } from "@fnport/core";
import {
  type DurableObjectNamespaceBinding,
  durableObjectStore,
  type KvNamespaceBinding,
  StoreDurableObject,
  type WorkerHandlers,
  worker,
  workersKvStore,
} from "../../src/index.ts";

export { StoreDurableObject };

interface Env {
  KV: KvNamespaceBinding;
  STATE: DurableObjectNamespaceBinding;
}

const runs: string[] = [];
const effects: string[] = [];

const storeOf = (env: Env, which: string): KeyValueStore => {
  if (which === "kv") return workersKvStore(env.KV);
  if (which === "do") return durableObjectStore(env.STATE, { name: "conformance" });
  throw new HttpError(400, `no store ${which}`);
};

const app = defineHandler<Env>(async (event, ctx) => {
  if (event.kind === "http") {
    if (event.path === "/effects") return json({ runs, effects });
    if (event.path === "/check") {
      const { store, id, runPrefix } = (await event.json()) as { store: string; id: string; runPrefix: string };
      const check = storeChecks.find((candidate) => candidate.id === id);
      if (check === undefined) throw new HttpError(404, `no check ${id}`);
      return json(await runStoreCheck(storeOf(ctx.env, store), check, runPrefix));
    }
    if (event.path === "/describe") {
      const store = storeOf(ctx.env, event.query.store ?? "");
      return json({ name: store.name, consistency: store.consistency, atomic: store.atomicConditionalWrites, maxValueBytes: store.maxValueBytes });
    }
    throw new HttpError(404, "not found");
  }
  if (event.kind !== "messages") throw new Error(`unexpected ${event.kind}`);
  const store = durableObjectStore(ctx.env.STATE, { name: "idempotency" });
  return forEachMessage(
    event,
    idempotent(store, { inProgressSeconds: 30 }, async (message) => {
      const body = await message.text();
      runs.push(body);
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      if (body === "charge-3" && runs.filter((run) => run === body).length === 1) throw new Error("the card service timed out");
      effects.push(body);
    }),
    { onError: () => {} },
  );
});

const handlers: WorkerHandlers<Env> = worker(app);
export default handlers;
