// The raw Lambda-only version (raw-lambda/handler.ts, no fnport) on the same scenario, in-process with the same
// real-shaped events and DynamoDB (dynalite): the comparison in the README is between two services that answer alike.
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { lambdaRuntime } from "@fnport/example-harness/runtimes";
import { inject, vi } from "vitest";
import { describeRuntime } from "./_describe.ts";
import { EXPECTED } from "./scenario.ts";

// The one answer that differs: routing by hand, the raw version allows only the methods it has code for (no HEAD, OPTIONS).
const expected = EXPECTED.map((step) =>
  step.request === "PUT /todos" && "headers" in step ? { ...step, headers: { ...step.headers, allow: "GET, POST" } } : step,
);

describeRuntime(
  lambdaRuntime("AWS Lambda without fnport: raw-lambda/handler.ts in-process, DynamoDB (dynalite)", async () => {
    const table = `todos-raw-${process.pid}`;
    const client = new DynamoDBClient({
      endpoint: inject("dynamoEndpoint"),
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", inject("dynamoEndpoint"));
    vi.stubEnv("TODOS_TABLE", table);
    return (await import("../raw-lambda/handler.ts")).handler as never;
  }),
  expected,
);
