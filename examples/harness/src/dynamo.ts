import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { vi } from "vitest";

/**
 * Creates `table` on the local DynamoDB at `endpoint` with the key design @fnport/state-dynamodb reads
 * (pk + sk strings, as the examples' template.yaml declares it), and sets what Lambda would set (region,
 * credentials) plus the endpoint, so an example's unchanged `dynamoStore()` reaches it.
 */
export async function useLocalDynamoTable(endpoint: string, table: string): Promise<void> {
  const credentials = { accessKeyId: "test", secretAccessKey: "test" };
  const client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials });
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
  client.destroy();
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", credentials.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey);
  vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", endpoint);
}
