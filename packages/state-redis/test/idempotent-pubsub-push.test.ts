// idempotent() through cloudRun(): the same Pub/Sub push deliveries sent many times at once to two real
// servers on loopback (two "instances", each with its own Redis connection from init) run each message's
// effect exactly once; only the delivery whose run failed is answered non-2xx, so only it is delivered again.
import { readFileSync } from "node:fs";
import { type CloudRunServer, cloudRun } from "@fnport/cloud-run";
import { defineHandler, forEachMessage, idempotent, type Message } from "@fnport/core";
import { afterAll, expect, inject, test } from "vitest";
import { type RedisStore, redisStore } from "../src/index.ts";

/** Google's push envelope (conformance/fixtures/gcp), one per message. */
const envelope = JSON.parse(
  readFileSync(new URL("../../../conformance/fixtures/gcp/pubsub-push-envelope.json", import.meta.url), "utf8"),
) as {
  subscription: string;
  message: Record<string, unknown>;
};
const push = (i: number) =>
  JSON.stringify({
    ...envelope,
    message: { ...envelope.message, messageId: `msg-${i}`, data: Buffer.from(`charge-${i}`).toString("base64") },
  });

const effects: string[] = [];
const runs: string[] = [];
const stores: RedisStore[] = [];
const servers: CloudRunServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(stores.map((store) => store.close()));
});

const app = () =>
  defineHandler({
    init: () => {
      const store = redisStore({ url: inject("redisUrl"), prefix: `pubsub-${process.pid}:` });
      stores.push(store);
      return { store };
    },
    handle: (event, ctx) => {
      if (event.kind !== "messages") throw new Error("messages only");
      return forEachMessage(
        event,
        idempotent(ctx.deps.store, { ttlSeconds: 3600, inProgressSeconds: 30 }, async (message: Message) => {
          const body = await message.text();
          runs.push(body);
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
          if (body === "charge-3" && runs.filter((run) => run === body).length === 1) throw new Error("the card service timed out");
          effects.push(body);
          return { charged: body };
        }),
        { onError: () => {} },
      );
    },
  });

async function deliver(server: CloudRunServer, i: number): Promise<[string, number, string]> {
  const response = await fetch(`http://127.0.0.1:${server.port}/`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
    },
    body: push(i),
  });
  return [`msg-${i}`, response.status, await response.text()];
}

test("each effect happens once under concurrent duplicate Pub/Sub push deliveries to two Cloud Run instances", {
  timeout: 30_000,
}, async () => {
  for (let n = 0; n < 2; n++) servers.push(await cloudRun(app(), { port: 0, host: "127.0.0.1", handleSignals: false, write: () => {} }));
  const [a, b] = servers as [CloudRunServer, CloudRunServer];
  // Six messages, each pushed 8 times at once, alternating between the instances.
  const answers = await Promise.all(Array.from({ length: 48 }, (_, n) => deliver(n % 2 === 0 ? a : b, n % 6)));

  expect(effects.toSorted()).toEqual(Array.from({ length: 6 }, (_, i) => `charge-${i}`));
  expect(runs.filter((run) => run === "charge-3")).toHaveLength(2);
  // Only the delivery whose run failed is answered 500 (Pub/Sub delivers it again); its waiting duplicates ran it again.
  expect(answers.filter(([, status]) => status !== 204)).toEqual([
    ["msg-3", 500, '{"error":"Message msg-3 failed: it will be delivered again"}'],
  ]);
  expect(answers.filter(([, status, body]) => status === 204 && body === "")).toHaveLength(47);

  // Pub/Sub redelivers msg-3 (and, at least once, any of them): nothing runs again, every delivery is acknowledged.
  expect(await Promise.all([3, 0, 5].map((i) => deliver(b, i)))).toEqual([
    ["msg-3", 204, ""],
    ["msg-0", 204, ""],
    ["msg-5", 204, ""],
  ]);
  expect(effects).toHaveLength(6);
});
