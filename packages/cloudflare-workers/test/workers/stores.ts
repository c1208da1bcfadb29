// A test worker for the stores: `/check` runs one check of the store suite on a store inside workerd;
// `queue` handles each message once through idempotent() on the Durable Object store; `/effects` reads what ran.
import { runStoreCheck, storeChecks } from "@fnport/conformance/store/checks";
import { defineHandler, forEachMessage, HttpError, idempotent, json, type KeyValueStore } from "@fnport/core";
import {
  type DurableObjectNamespaceBinding,
  type DurableObjectStateLike,
  durableObjectStore,
  type KvNamespaceBinding,
  StoreDurableObject,
  type WorkerHandlers,
  worker,
  workersKvStore,
} from "../../src/index.ts";

export { StoreDurableObject };

/** The store's object with one more route, `/raw`, that shows its storage as it is (for tests of the layout and the alarm). */
export class InspectableStore extends StoreDurableObject {
  readonly #storage: DurableObjectStateLike["storage"];
  constructor(state: DurableObjectStateLike, env: unknown) {
    super(state, env);
    this.#storage = state.storage;
  }
  override async fetch(request: { url: string; text(): Promise<string> }): Promise<Response> {
    if (new URL(request.url).pathname === "/raw") return Response.json([...(await this.#storage.list({}))]);
    return super.fetch(request);
  }
}

interface Env {
  KV: KvNamespaceBinding;
  STATE: DurableObjectNamespaceBinding;
  INSPECT: DurableObjectNamespaceBinding;
}

const runs: string[] = [];
const effects: string[] = [];

const storeOf = (env: Env, which: string): KeyValueStore => {
  if (which === "kv") return workersKvStore(env.KV);
  if (which === "do") return durableObjectStore(env.STATE, { name: "conformance" });
  throw new HttpError(400, `no store ${which}`);
};

const app = defineHandler<undefined, Env>(async (event, ctx) => {
  if (event.kind === "http") {
    if (event.path === "/effects") return json({ runs, effects });
    if (event.path === "/check") {
      const { store, id, runPrefix } = (await event.json()) as { store: string; id: string; runPrefix: string };
      const check = storeChecks.find((candidate) => candidate.id === id);
      if (check === undefined) throw new HttpError(404, `no check ${id}`);
      return json(await runStoreCheck(storeOf(ctx.env, store), check, runPrefix));
    }
    if (event.path === "/inspect/raw") {
      const stub = ctx.env.INSPECT.get(ctx.env.INSPECT.idFromName("inspect"));
      return json(JSON.parse(await (await stub.fetch("https://store.fnport/raw", { method: "POST", body: "" })).text()));
    }
    if (event.path === "/inspect/set") {
      const { key, value, ttlSeconds } = (await event.json()) as { key: string; value: string; ttlSeconds?: number };
      const store = durableObjectStore(ctx.env.INSPECT, { name: "inspect" });
      return json(await store.set(key, value, ttlSeconds === undefined ? {} : { ttlSeconds }));
    }
    if (event.path === "/kv/set") {
      const { key, value, ttlSeconds } = (await event.json()) as { key: string; value: string; ttlSeconds?: number };
      return json(await workersKvStore(ctx.env.KV).set(key, value, ttlSeconds === undefined ? {} : { ttlSeconds }));
    }
    if (event.path === "/errors") {
      const kv = workersKvStore(ctx.env.KV);
      const messages: string[] = [];
      for (const attempt of [
        () => kv.increment("n"),
        () => kv.set(".", 1),
        () => kv.set("é".repeat(257), 1),
        () => kv.get("k", { signal: AbortSignal.abort(new Error("stop")) }),
      ]) {
        await attempt().catch((error: Error) => messages.push(`${error.name}: ${error.message}`));
      }
      return json(messages);
    }
    if (event.path === "/describe") {
      const store = storeOf(ctx.env, event.query.store ?? "");
      return json({
        name: store.name,
        consistency: store.consistency,
        atomic: store.atomicConditionalWrites,
        maxValueBytes: store.maxValueBytes,
      });
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
