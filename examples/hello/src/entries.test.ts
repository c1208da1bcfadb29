// The Lambda and Workers entries as they deploy (the root README shows them): src/lambda.ts in-process on a
// real-shaped API Gateway HTTP API event, src/worker.ts in workerd with what wrangler reads from wrangler.toml.
import { fileURLToPath } from "node:url";
import { type Instance, lambdaRuntime, type Runtime, workersRuntime } from "@fnport/example-harness/runtimes";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const runtimes: Runtime[] = [
  lambdaRuntime("src/lambda.ts (AWS Lambda, in-process)", async () => (await import("./lambda.ts")).handler as never),
  workersRuntime("src/worker.ts (workerd through Miniflare)", fileURLToPath(new URL("../wrangler.toml", import.meta.url))),
];

describe.each(runtimes)("$name", (runtime) => {
  let instance: Instance;
  beforeAll(async () => {
    instance = await runtime.start();
  }, 60_000);
  afterAll(async () => {
    await instance?.close();
  });

  test("POST /hello greets; GET /hello is a 405", async () => {
    const greeting = await instance.http({ method: "POST", path: "/hello", body: '{"name":"Ada"}' });
    const wrong = await instance.http({ method: "GET", path: "/hello" });
    expect([greeting.status, greeting.headers["content-type"], greeting.body, wrong.status, wrong.headers.allow]).toEqual([
      200,
      "application/json; charset=utf-8",
      '{"message":"hello, Ada"}',
      405,
      "POST",
    ]);
  });
});
