// Runs the "before" handlers of docs/porting.md and the fnport version on the same real Lambda events.
import { readFileSync } from "node:fs";
import type { Context } from "aws-lambda";
import { describe, expect, test, vi } from "vitest";
import { handler as fnport } from "./lambda.ts";
import { handler as middy } from "./middy-before.ts";
import { handler as powertools } from "./powertools-before.ts";
import { handler as serverlessHttp } from "./serverless-http-before.ts";
import worker from "./worker.ts";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../conformance/fixtures/aws/${name}`, import.meta.url), "utf8"));

const context = {
  awsRequestId: "c0ffee00-0000-4000-8000-000000000001",
  functionName: "orders",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders",
  memoryLimitInMB: "128",
  logGroupName: "/aws/lambda/orders",
  logStreamName: "2026/12/02/[$LATEST]abc",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
} as Context;

/** An HTTP API (payload 2.0) POST /orders with `body`. */
function postOrder(body: string): Record<string, unknown> {
  const event = fixture("apigw-v2-http-api.json");
  event.requestContext.http = { ...event.requestContext.http, method: "POST", path: "/orders" };
  return {
    ...event,
    rawPath: "/orders",
    rawQueryString: "",
    headers: { "content-type": "application/json", host: "api.example.com" },
    body,
  };
}

/** An SQS batch of two orders, the second not JSON. */
function orderBatch(): { Records: Array<Record<string, unknown>> } {
  const event = fixture("sqs-batch.json");
  const [first, second] = event.Records;
  return {
    Records: [
      { ...first, body: '{"sku":"a-1","quantity":2}' },
      { ...second, body: "not json" },
    ],
  };
}

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const spies = [vi.spyOn(console, "log"), vi.spyOn(console, "info"), vi.spyOn(console, "error"), vi.spyOn(process.stdout, "write")];
  for (const spy of spies) spy.mockImplementation((() => true) as never);
  try {
    return await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const answer = (output: unknown) => {
  const { statusCode, body } = output as { statusCode: number; body: string };
  return { statusCode, body: JSON.parse(body) as unknown };
};

describe("porting an HTTP handler", () => {
  test("Middy, serverless-http and fnport accept the same order with the same answer", async () => {
    const expected = { statusCode: 201, body: { accepted: { sku: "a-1", quantity: 2 } } };
    const body = '{"sku":"a-1","quantity":2}';
    expect(answer(await middy(postOrder(body) as never, context))).toEqual(expected);
    expect(answer(await serverlessHttp(postOrder(body), context))).toEqual(expected);
    expect(answer(await fnport(postOrder(body), context))).toEqual(expected);
  });

  test("a bad order is a 400 everywhere; fnport's body lists the issues", async () => {
    const body = '{"sku":"a-1"}';
    expect(await quietly(() => middy(postOrder(body) as never, context))).toMatchObject({
      statusCode: 400,
      body: "sku and quantity are required",
    });
    expect(answer(await serverlessHttp(postOrder(body), context))).toEqual({
      statusCode: 400,
      body: { error: "sku and quantity are required" },
    });
    const ours = answer(await fnport(postOrder(body), context));
    expect(ours.statusCode).toBe(400);
    expect(ours.body).toMatchObject({ issues: [{ path: "quantity" }] });
  });

  test("worker(app).fetch answers the same (called in Node here; the adapter's own tests run it in workerd)", async () => {
    const response = await worker.fetch(
      new Request("https://orders.example.com/orders", { method: "POST", body: '{"sku":"a-1","quantity":2}' }) as never,
      {},
      { waitUntil: () => {}, passThroughOnException: () => {} } as never,
    );
    expect([response.status, await response.json()]).toEqual([201, { accepted: { sku: "a-1", quantity: 2 } }]);
  });
});

describe("porting an SQS consumer", () => {
  test("Powertools and fnport report the same failed message", async () => {
    const batch = orderBatch();
    const failedId = batch.Records[1]?.messageId;
    expect(await quietly(() => powertools(orderBatch() as never, context))).toEqual({ batchItemFailures: [{ itemIdentifier: failedId }] });
    expect(await quietly(() => fnport(orderBatch(), context))).toEqual({ batchItemFailures: [{ itemIdentifier: failedId }] });
  });
});
