// idempotent() through lambda(): the same real SQS batch delivered 8 times at once to two instances
// (each with its own DynamoDB client from init) runs each message's effect exactly once.
import { readFileSync } from "node:fs";
import { lambda } from "@fnport/aws-lambda";
import { defineHandler, forEachMessage, idempotent } from "@fnport/core";
import { expect, test } from "vitest";
import { dynamoStore } from "../src/index.ts";
import { createTable, testClient } from "./_table.ts";

const fixture = JSON.parse(readFileSync(new URL("../../../conformance/fixtures/aws/sqs-batch.json", import.meta.url), "utf8")) as {
  Records: Array<Record<string, unknown>>;
};
const batch = {
  Records: Array.from({ length: 6 }, (_, i) => ({ ...fixture.Records[i % 2], messageId: `msg-${i}`, body: `charge-${i}` })),
};

test("each effect happens once under concurrent duplicate deliveries of an SQS batch to two instances", { timeout: 30_000 }, async () => {
  const table = await createTable(testClient());
  const effects: string[] = [];
  const runs: string[] = [];
  const instance = () =>
    lambda(
      defineHandler({
        init: () => ({ store: dynamoStore({ table, client: testClient() }) }),
        handle: (event, ctx) => {
          if (event.kind !== "messages") throw new Error("messages only");
          return forEachMessage(
            event,
            idempotent(ctx.deps.store, { inProgressSeconds: 30 }, async (message) => {
              const body = await message.text();
              runs.push(body);
              await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
              if (body === "charge-3" && runs.filter((run) => run === body).length === 1) throw new Error("the card service timed out");
              effects.push(body);
            }),
            { onError: () => {} },
          );
        },
      }),
    );
  const [a, b] = [instance(), instance()];
  const context = (n: number) => ({ awsRequestId: `req-${n}`, getRemainingTimeInMillis: () => 30_000 });
  const outputs = await Promise.all(Array.from({ length: 8 }, (_, n) => (n % 2 === 0 ? a : b)(structuredClone(batch), context(n))));

  expect(effects.toSorted()).toEqual(Array.from({ length: 6 }, (_, i) => `charge-${i}`));
  expect(runs.filter((run) => run === "charge-3")).toHaveLength(2);
  const failures = (outputs as Array<{ batchItemFailures: unknown[] }>).flatMap((output) => output.batchItemFailures);
  expect(failures).toEqual([{ itemIdentifier: "msg-3" }]);
  expect(await a(structuredClone(batch), context(9))).toEqual({ batchItemFailures: [] });
  expect(effects).toHaveLength(6);
});
