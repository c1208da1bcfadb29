// The hand-written binding types hold what the runtime really gives: the official types must be assignable to them.
import type {
  DurableObjectId as CfDurableObjectId,
  DurableObjectNamespace as CfDurableObjectNamespace,
  DurableObjectState as CfDurableObjectState,
  KVNamespace as CfKVNamespace,
} from "@cloudflare/workers-types";
import { describe, expectTypeOf, it } from "vitest";
import { durableObjectStore } from "./durable-object-store.ts";
import { workersKvStore } from "./kv-store.ts";
import { StoreDurableObject } from "./store-durable-object.ts";
import type { DurableObjectNamespaceBinding, DurableObjectStateLike, KvNamespaceBinding } from "./store-types.ts";

describe("store binding types", () => {
  it("takes the official KVNamespace and DurableObjectNamespace bindings", () => {
    expectTypeOf<CfKVNamespace>().toExtend<KvNamespaceBinding>();
    expectTypeOf<CfDurableObjectNamespace>().toExtend<DurableObjectNamespaceBinding<CfDurableObjectId>>();
    expectTypeOf(workersKvStore).toBeCallableWith({} as CfKVNamespace);
    expectTypeOf(durableObjectStore<CfDurableObjectId>).toBeCallableWith({} as CfDurableObjectNamespace);
  });

  it("StoreDurableObject is constructed with the official DurableObjectState", () => {
    expectTypeOf<CfDurableObjectState>().toExtend<DurableObjectStateLike>();
    expectTypeOf(StoreDurableObject).toBeConstructibleWith({} as CfDurableObjectState, {});
  });
});
