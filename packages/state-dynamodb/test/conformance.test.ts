import { describeStoreConformance } from "@fnport/conformance/store";
import { dynamoStore } from "../src/index.ts";
import { createTable, testClient } from "./_table.ts";

describeStoreConformance(
  async () => {
    const client = testClient();
    return dynamoStore({ table: await createTable(client), client });
  },
  { name: "dynamoStore on dynalite", dispose: (store) => (store as ReturnType<typeof dynamoStore>).client.destroy() },
);
