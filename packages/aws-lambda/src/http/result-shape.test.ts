// A result of Lambda's own shape (or data returned as it is) is a 500 with a log line, never a silent 200/204.
import { defineHandler } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { lambda } from "../index.ts";
import { fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "../test-helpers.ts";

const JSON_TYPE = "application/json; charset=utf-8";

describe.each(integrations)("%s: a result of an unknown shape", (integration) => {
  test.each([
    [{ statusCode: 404, body: "not found" }, 'unknown key "statusCode" (fnport names it status)'],
    [{ ok: true }, 'unknown key "ok"'],
  ])("%j answers 500 and logs the unknown keys", async (result, keys) => {
    const lines: Array<Record<string, unknown>> = [];
    const handler = lambda(
      defineHandler(() => result as never),
      { write: (line) => void lines.push(JSON.parse(line)) },
    );
    expect(await handler(fixture(integrationFixtures[integration]), lambdaContext("shape-1"))).toEqual(
      nativeResponse(integration, { status: 500, headers: { "content-type": JSON_TYPE }, body: '{"error":"Internal Server Error"}' }),
    );
    expect(lines).toMatchObject([
      {
        level: "error",
        message: "http handler failed",
        requestId: "shape-1",
        error: {
          name: "TypeError",
          message: `Invalid result for an http event: ${keys}. A result has only status, headers, cookies and body; to send data as JSON, return json(data)`,
        },
      },
    ]);
  });
});

test("sqs: a { batchItemFailures } result fails the whole batch with an error saying what to return", async () => {
  const handler = lambda(
    defineHandler(() => ({ batchItemFailures: [{ itemIdentifier: "x" }] }) as never),
    { write: () => {} },
  );
  await expect(handler(fixture("sqs-batch.json"), lambdaContext())).rejects.toThrow(
    new TypeError(
      'A messages handler must return nothing or { failed: string[] }: unknown key "batchItemFailures" (return { failed: ids } and the adapter writes batchItemFailures)',
    ),
  );
});
