// The payments consumer on AWS Lambda (src/lambda.ts, unchanged), in-process with real-shaped SQS and HTTP API
// events, its store DynamoDB (dynalite) as template.yaml configures it.
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { lambdaRuntime } from "@fnport/example-harness/runtimes";
import { inject, vi } from "vitest";
import { describeRuntime } from "./_describe.ts";

describeRuntime(
  lambdaRuntime("AWS Lambda: src/lambda.ts in-process, SQS batches, DynamoDB store (dynalite)", async () => {
    const table = `payments-${process.pid}`;
    const client = new DynamoDBClient({
      endpoint: inject("dynamoEndpoint"),
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", inject("dynamoEndpoint"));
    vi.stubEnv("TABLE", table);
    return (await import("../src/lambda.ts")).handler as never;
  }),
);
