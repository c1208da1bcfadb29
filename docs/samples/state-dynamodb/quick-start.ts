import { defineHandler, json } from "@fnport/core";
import { dynamoStore } from "@fnport/state-dynamodb";

export default defineHandler({
  init: (env) => ({ store: dynamoStore({ table: env.TABLE ?? "fnport-state" }) }),
  handle: async (_event, ctx) => json({ visits: await ctx.deps.store.increment("visits") }),
});
