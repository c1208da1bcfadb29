export { type RedisStore, type RedisStoreOptions, redisStore } from "./store.ts";
