import { cloudRun } from "@fnport/cloud-run";
import { memoryStore } from "@fnport/core";
import { redisStore } from "@fnport/state-redis";
import { payments } from "./app.ts";

// Memorystore (Redis) when service.yaml sets REDIS_URL; memory when run locally without it.
await cloudRun(
  payments((env) => (env.REDIS_URL ? redisStore({ url: env.REDIS_URL }) : memoryStore())),
  { timeoutMs: 30_000 },
);
