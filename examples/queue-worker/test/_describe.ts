import type { Instance, Runtime } from "@fnport/example-harness/runtimes";
import { eventually } from "@fnport/example-harness/runtimes";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EXPECTED, runScenario, type Transcript } from "./scenario.ts";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    dynamoEndpoint: string;
  }
}

export function describeRuntime(runtime: Runtime): void {
  describe(runtime.name, () => {
    let instance: Instance;
    let transcript: Transcript;
    beforeAll(async () => {
      instance = await runtime.start();
      transcript = await runScenario(instance);
    }, 120_000);
    afterAll(async () => {
      await instance?.close();
    });

    test("four concurrent deliveries and a redelivery charge each order once; only the bad message is delivered again", () => {
      expect(transcript).toEqual(EXPECTED);
    });

    test("the charge ran once per order (one log line each), the bad message failed on each delivery", async () => {
      const logs = await eventually(
        () => instance.logs(),
        (lines) => lines.filter((line) => line.message === "message failed").length >= 5,
      );
      expect(logs.filter((line) => line.message === "charged").map((line) => [line.orderId, line.total])).toEqual(
        expect.arrayContaining([
          ["A-1001", 1250],
          ["A-1003", 500],
        ]),
      );
      expect(logs.filter((line) => line.message === "charged")).toHaveLength(2);
      const failed = logs.filter((line) => line.message === "message failed");
      expect(failed.map((line) => [line.messageId, (line.error as { message: string }).message])).toEqual(
        Array.from({ length: 5 }, () => ["msg-2", "Body does not match the schema"]),
      );
    });
  });
}
