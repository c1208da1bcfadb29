// Runs the sample at the top of this package's README (docs/samples/state-dynamodb/quick-start.ts) against dynalite.
import type { App } from "@fnport/core";
import { httpEvent, invoke } from "@fnport/core/testing";
import { expect, inject, test, vi } from "vitest";
import { createTable, testClient } from "./_table.ts";

// Loaded by URL: the sample is type-checked with docs/ (this package's settings would ask it for declarations).
const sample = new URL("../../../docs/samples/state-dynamodb/quick-start.ts", import.meta.url).href;
const app = ((await import(sample)) as { default: App }).default;

test("the README's app counts visits in DynamoDB across instances (init opens the table named by TABLE)", async () => {
  const table = await createTable(testClient());
  // What Lambda sets, and where the local DynamoDB is: the sample's client reads them.
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
  vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", inject("dynamoEndpoint"));
  const first = await invoke(app, httpEvent(), { env: { TABLE: table } });
  const second = await invoke(app, httpEvent(), { env: { TABLE: table } });
  expect([first.status, first.text, second.text]).toEqual([200, '{"visits":1}', '{"visits":2}']);
});
