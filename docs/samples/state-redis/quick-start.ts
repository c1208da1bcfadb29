import { defineHandler, json } from "@fnport/core";
import { redisStore } from "@fnport/state-redis";

export default defineHandler({
  init: (env) => ({ store: redisStore({ url: env.REDIS_URL }) }),
  handle: async (_event, ctx) => json({ visits: await ctx.deps.store.increment("visits") }),
});
