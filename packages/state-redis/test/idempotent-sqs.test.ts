// idempotent() through lambda(): the same real SQS batch delivered many times at once, to two
// "instances" (two lambda() handlers, each with its own Redis connection from init), runs each
// message's effect exactly once; a message whose first run fails is run again, once.
import { readFileSync } from "node:fs";
import { lambda } from "@fnport/aws-lambda";
import { defineHandler, forEachMessage, idempotent } from "@fnport/core";
import { expect, inject, test } from "vitest";
import { type RedisStore, redisStore } from "../src/index.ts";

const fixture = JSON.parse(readFileSync(new URL("../../../conformance/fixtures/aws/sqs-batch.json", import.meta.url), "utf8")) as {
  Records: Array<Record<string, unknown>>;
};
/** The real batch with 6 messages: the fixture's 2 and 4 more like them; "charge-3" fails on its first run. */
const batch = {
  Records: Array.from({ length: 6 }, (_, i) => ({ ...fixture.Records[i % 2], messageId: `msg-${i}`, body: `charge-${i}` })),
};

test("each effect happens once under concurrent duplicate deliveries of an SQS batch to two instances", { timeout: 30_000 }, async () => {
  const effects: string[] = [];
  const runs: string[] = [];
  const stores: RedisStore[] = [];
  const instance = () =>
    lambda(
      defineHandler({
        init: () => {
          const store = redisStore({ url: inject("redisUrl"), prefix: `sqs-${process.pid}:` });
          stores.push(store);
          return { store };
        },
        handle: (event, ctx) => {
          if (event.kind !== "messages") throw new Error("messages only");
          return forEachMessage(
            event,
            idempotent(ctx.deps.store, { ttlSeconds: 3600, inProgressSeconds: 30 }, async (message) => {
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
      }),
    );
  const [a, b] = [instance(), instance()];
  const context = (n: number) => ({ awsRequestId: `req-${n}`, getRemainingTimeInMillis: () => 30_000 });
  const outputs = await Promise.all(Array.from({ length: 8 }, (_, n) => (n % 2 === 0 ? a : b)(structuredClone(batch), context(n))));

  const expected = Array.from({ length: 6 }, (_, i) => `charge-${i}`);
  expect(effects.toSorted()).toEqual(expected);
  expect(runs.filter((run) => run === "charge-3")).toHaveLength(2);
  // Only the delivery whose run failed reports msg-3 failed; the duplicates waiting on it ran it again.
  const failures = (outputs as Array<{ batchItemFailures: Array<{ itemIdentifier: string }> }>).flatMap(
    (output) => output.batchItemFailures,
  );
  expect(failures).toEqual([{ itemIdentifier: "msg-3" }]);

  // SQS redelivers msg-3 (and, at least once, the whole batch): nothing runs again, every message succeeds.
  expect(await a(structuredClone(batch), context(9))).toEqual({ batchItemFailures: [] });
  expect(effects).toHaveLength(6);
  await Promise.all(stores.map((store) => store.close()));
});
