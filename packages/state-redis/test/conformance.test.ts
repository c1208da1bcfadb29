import { describeStoreConformance } from "@fnport/conformance/store";
import { inject } from "vitest";
import { type RedisStore, redisStore } from "../src/index.ts";

describeStoreConformance(() => redisStore({ url: inject("redisUrl"), prefix: `conformance-${process.pid}:` }), {
  name: "redisStore on redis-server",
  dispose: (store) => (store as RedisStore).close(),
});
