// One waitUntil policy on every provider: a rejection is logged once with the request id and changes no outcome.
import { defineHandler, json } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { lambda } from "./index.ts";
import { fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "./test-helpers.ts";

function rejecting() {
  const lines: Array<Record<string, unknown>> = [];
  const handler = lambda(
    defineHandler((event, ctx) => {
      ctx.waitUntil(Promise.reject(new Error("background work failed")));
      return event.kind === "http" ? json("sent") : undefined;
    }),
    { write: (line) => void lines.push(JSON.parse(line)) },
  );
  return { lines, handler };
}

const line = {
  level: "error",
  message: "waitUntil promise rejected",
  requestId: "wu-1",
  provider: "aws-lambda",
  error: { name: "Error", message: "background work failed" },
};

describe("a rejected waitUntil promise", () => {
  test.each(integrations)("%s: the response is unchanged, one line logged", async (integration) => {
    const { lines, handler } = rejecting();
    expect(await handler(fixture(integrationFixtures[integration]), lambdaContext("wu-1"))).toEqual(
      nativeResponse(integration, { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: '"sent"' }),
    );
    expect(lines).toMatchObject([line]);
  });

  test.each([
    ["EventBridge schedule", "eventbridge-scheduled.json", undefined],
    ["SQS batch", "sqs-batch.json", { batchItemFailures: [] }],
  ])("%s: the invocation still succeeds, one line logged", async (_name, file, output) => {
    const { lines, handler } = rejecting();
    expect(await handler(fixture(file), lambdaContext("wu-1"))).toEqual(output);
    expect(lines).toMatchObject([line]);
  });
});
