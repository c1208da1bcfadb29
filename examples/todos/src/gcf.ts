import { memoryStore } from "@fnport/core";
import { cloudFunction } from "@fnport/gcp-functions";
import { redisStore } from "@fnport/state-redis";
import { todos } from "./app.ts";

// Memorystore (Redis) when the gcloud lines set REDIS_URL; memory when run locally without it. The timeout is --timeout's.
cloudFunction(
  "todos",
  todos((env) => (env.REDIS_URL ? redisStore({ url: env.REDIS_URL }) : memoryStore())),
);
