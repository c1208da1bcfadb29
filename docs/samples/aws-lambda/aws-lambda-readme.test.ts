// Runs the sample of packages/aws-lambda/README.md on a real-shaped API Gateway HTTP API event.
import { loadFixture } from "@fnport/conformance";
import { expect, test } from "vitest";
import { handler } from "./lambda.ts";

test("the handler answers an API Gateway HTTP API request", async () => {
  const event = await loadFixture("aws/apigw-v2-http-api.json");
  const context = { awsRequestId: "c0ffee00-0000-4000-8000-000000000001", getRemainingTimeInMillis: () => 3000 };
  expect(await handler(event, context)).toEqual({
    statusCode: 200,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: '{"kind":"http"}',
    isBase64Encoded: false,
  });
});
