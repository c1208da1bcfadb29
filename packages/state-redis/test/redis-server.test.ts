import { expect, test } from "vitest";
import { startRedis } from "./redis-server.ts";

test("a machine without redis-server gets a message saying how to install it", async () => {
  await expect(startRedis(6379, "redis-server-that-is-not-installed")).rejects.toThrow(
    "The @fnport/state-redis tests start redis-server, which is not installed: `apt-get install -y redis-server` (Debian, Ubuntu) or `brew install redis`; or set FNPORT_REDIS_URL to a Redis of yours.",
  );
});
