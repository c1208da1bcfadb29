import { cloudRun } from "@fnport/cloud-run";
import { memoryStore } from "@fnport/core";
import { redisStore } from "@fnport/state-redis";
import { todos } from "./app.ts";

// Memorystore (Redis) when service.yaml sets REDIS_URL; memory when run locally without it. timeoutMs = service.yaml's timeoutSeconds.
await cloudRun(
  todos((env) => (env.REDIS_URL ? redisStore({ url: env.REDIS_URL }) : memoryStore())),
  { timeoutMs: 10_000 },
);
