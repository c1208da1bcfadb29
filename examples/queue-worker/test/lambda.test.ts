// The payments consumer on AWS Lambda (src/lambda.ts, unchanged), in-process with real-shaped SQS and HTTP API
// events, its store DynamoDB (dynalite) as template.yaml configures it.
import { useLocalDynamoTable } from "@fnport/example-harness/dynamo";
import { lambdaRuntime } from "@fnport/example-harness/runtimes";
import { inject, vi } from "vitest";
import { describeRuntime } from "./_describe.ts";

describeRuntime(
  lambdaRuntime("AWS Lambda: src/lambda.ts in-process, SQS batches, DynamoDB store (dynalite)", async () => {
    const table = `payments-${process.pid}`;
    // template.yaml's table (pk + sk) on the local DynamoDB, and what Lambda and template.yaml set.
    await useLocalDynamoTable(inject("dynamoEndpoint"), table);
    vi.stubEnv("TABLE", table);
    return (await import("../src/lambda.ts")).handler as never;
  }),
);
