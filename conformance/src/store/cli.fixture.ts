// Stores for cli.test.ts: the module contract of `fnport-store-conformance --store` (not shipped).
import { type KeyValueStore, memoryStore } from "@fnport/core";
import type { StoreFactory } from "./run.ts";

const lossyIncrement = (): KeyValueStore => {
  const base = memoryStore();
  return {
    ...base,
    async increment(key, by = 1) {
      const current = ((await base.get(key)) as number | undefined) ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 1));
      await base.set(key, current + by);
      return current + by;
    },
  };
};

const factory: StoreFactory | (() => KeyValueStore) =
  process.env.FNPORT_TEST_STORE === "lossy"
    ? () => lossyIncrement()
    : { name: "memory through the CLI", create: () => memoryStore(), dispose: () => console.log("disposed") };
export default factory;
