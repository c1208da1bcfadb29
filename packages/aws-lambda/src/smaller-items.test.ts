// Issue 7, item 13 on Lambda: forEachMessage's failure line goes through ctx.log (request id, write), and
// deeply nested JSON parses whether or not it holds a \u escape.
import { defineHandler, forEachMessage, json } from "@fnport/core";
import { expect, test } from "vitest";
import { lambda } from "./index.ts";
import { fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "./test-helpers.ts";

test("forEachMessage's default failure line carries the Lambda request id and goes through write", async () => {
  const lines: Array<Record<string, unknown>> = [];
  const handler = lambda(
    defineHandler((event) =>
      event.kind === "messages"
        ? forEachMessage(event, () => {
            throw new Error("cannot process");
          })
        : undefined,
    ),
    { write: (line) => void lines.push(JSON.parse(line)) },
  );
  await handler(fixture("sqs-single.json"), lambdaContext("sqs-req-1"));
  expect(lines).toMatchObject([
    { level: "error", message: "message failed", requestId: "sqs-req-1", provider: "aws-lambda", error: { message: "cannot process" } },
  ]);
  expect(lines[0]?.messageId).toEqual(expect.any(String));
});

test.each(integrations)("%s: a JSON body nested 10,000 levels deep with a \\u escape parses", async (integration) => {
  const handler = lambda(
    defineHandler(async (event) => {
      if (event.kind !== "http") return undefined;
      let value = await event.json();
      let depth = 0;
      while (typeof value === "object" && value !== null && "a" in value) {
        value = (value as { a: unknown }).a;
        depth++;
      }
      return json({ depth, value });
    }),
  );
  const body = `${'{"a":'.repeat(10_000)}"\\u00e9"${"}".repeat(10_000)}`;
  const event = { ...fixture(integrationFixtures[integration]), body, isBase64Encoded: false };
  expect(await handler(event, lambdaContext())).toEqual(
    nativeResponse(integration, {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: '{"depth":10000,"value":"é"}',
    }),
  );
});
