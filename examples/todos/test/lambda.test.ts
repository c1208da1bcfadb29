// The todos service on AWS Lambda (src/lambda.ts, unchanged), in-process with real-shaped events, its store
// DynamoDB (dynalite) configured as template.yaml configures it: TODOS_TABLE, plus the endpoint of the local DynamoDB.
import { useLocalDynamoTable } from "@fnport/example-harness/dynamo";
import { lambdaRuntime } from "@fnport/example-harness/runtimes";
import { inject, vi } from "vitest";
import { describeRuntime } from "./_describe.ts";

describeRuntime(
  lambdaRuntime("AWS Lambda: src/lambda.ts in-process, DynamoDB store (dynalite)", async () => {
    const table = `todos-${process.pid}`;
    // template.yaml's table (pk + sk) on the local DynamoDB, and what Lambda and template.yaml set.
    await useLocalDynamoTable(inject("dynamoEndpoint"), table);
    vi.stubEnv("TODOS_TABLE", table);
    return (await import("../src/lambda.ts")).handler as never;
  }),
);
