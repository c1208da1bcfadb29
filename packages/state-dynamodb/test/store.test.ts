import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { StoreUnsupportedError } from "@fnport/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dynamoStore } from "../src/index.ts";
import { createTable, testClient } from "./_table.ts";

const client = testClient();
let table: string;
const sent: string[] = [];

beforeAll(async () => {
  table = await createTable(client);
  // Records each command the store sends, to show what it asks DynamoDB for.
  client.middlewareStack.add((next, context) => (args) => {
    sent.push(context.commandName as string);
    return next(args);
  });
});
afterAll(() => client.destroy());

const rawItem = async (namespace: string, key: string) =>
  (await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: namespace }, sk: { S: key } }, ConsistentRead: true }))).Item;

describe("dynamoStore", () => {
  test("declares its table, strong consistency, atomic writes and a 400,000-byte value limit", () => {
    const store = dynamoStore({ table, client });
    expect([store.name, store.consistency, store.atomicConditionalWrites, store.maxValueBytes]).toEqual([
      `dynamoStore("${table}")`,
      "strong",
      true,
      400_000,
    ]);
    expect(dynamoStore({ table, client, consistentRead: false }).consistency).toBe("eventual");
    expect(() => dynamoStore({ table: "", client })).toThrow(new TypeError("dynamoStore needs a table name"));
  });

  test("an item: pk the namespace, sk the key, JSON in v (integers in n, for ADD), a version, exact expiry and the TTL in seconds", async () => {
    const store = dynamoStore({ table, client, namespace: "layout", ttlAttribute: "expiresAt" });
    const before = Date.now();
    await store.set("doc", { a: [1] }, { ttlSeconds: 90 });
    await store.set("count", 41);
    const doc = await rawItem("layout", "doc");
    expect(doc).toEqual({
      pk: { S: "layout" },
      sk: { S: "doc" },
      v: { S: '{"a":[1]}' },
      ver: { S: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      exp: { N: expect.any(String) },
      expiresAt: { N: String(Math.ceil(Number(doc?.exp?.N) / 1000)) },
    });
    expect(Number(doc?.exp?.N) - before).toBeGreaterThanOrEqual(90_000);
    expect(await rawItem("layout", "count")).toEqual({
      pk: { S: "layout" },
      sk: { S: "count" },
      n: { N: "41" },
      ver: { S: expect.any(String) },
    });
    expect(await store.increment("count")).toBe(42);
    expect((await rawItem("layout", "count"))?.n).toEqual({ N: "42" });
  });

  test("list is a Query on the store's partition, never a Scan", async () => {
    const store = dynamoStore({ table, client, namespace: "query" });
    await Promise.all(["a/1", "a/2", "b/1"].map((key) => store.set(key, 1)));
    sent.length = 0;
    expect(await store.list({ prefix: "a/" })).toEqual({ keys: ["a/1", "a/2"] });
    expect(await store.list({ prefix: "a/", limit: 1 })).toEqual({ keys: ["a/1"], cursor: "a/1" });
    expect(await store.list()).toEqual({ keys: ["a/1", "a/2", "b/1"] });
    expect(sent).toEqual(["QueryCommand", "QueryCommand", "QueryCommand"]);
  });

  test("namespaces share a table without seeing each other's keys", async () => {
    const [one, two] = [dynamoStore({ table, client, namespace: "one" }), dynamoStore({ table, client, namespace: "two" })];
    await one.set("k", "one");
    expect([await two.get("k"), (await two.list()).keys]).toEqual([undefined, []]);
  });

  test("an expired item DynamoDB has not deleted yet reads as absent, and ifAbsent and increment write over it", async () => {
    const store = dynamoStore({ table, client, namespace: "expired" });
    await store.set("k", "old", { ttlSeconds: 0.05 });
    await store.set("n", 5, { ttlSeconds: 0.05 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await rawItem("expired", "k"))?.v).toEqual({ S: '"old"' });
    expect(await store.get("k")).toBeUndefined();
    expect(await store.set("k", "new", { ifAbsent: true })).toBe(true);
    expect(await store.increment("n")).toBe(1);
    expect(await rawItem("expired", "n")).not.toHaveProperty("exp");
  });

  test("refuses a key over DynamoDB's 1,024-byte sort key limit, naming the store", async () => {
    const store = dynamoStore({ table, client });
    const key = "é".repeat(513);
    await expect(store.set(key, 1)).rejects.toThrow(
      new StoreUnsupportedError(`dynamoStore("${table}")`, "set", "the key is 1026 bytes; DynamoDB sort keys hold at most 1024"),
    );
    expect(await store.set("é".repeat(512), 1)).toBe(true);
  });
});
