// The assertions every runtime of the todos service must pass: the same transcript, and logs that carry the
// provider's request id.

import type { Instance, Runtime } from "@fnport/example-harness/runtimes";
import { eventually } from "@fnport/example-harness/runtimes";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EXPECTED, runScenario, type Step } from "./scenario.ts";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    dynamoEndpoint: string;
  }
}

export function describeRuntime(runtime: Runtime, expected: Step[] = EXPECTED): void {
  describe(runtime.name, () => {
    let instance: Instance;
    let transcript: Step[];
    beforeAll(async () => {
      instance = await runtime.start();
      transcript = await runScenario(instance);
    }, 120_000);
    afterAll(async () => {
      await instance?.close();
    });

    test("answers the scenario as every runtime does: CRUD, validation, 404/405, queue imports with a partial failure, the nightly purge", () => {
      expect(transcript).toEqual(expected);
    });

    test("log lines carry the request id: the provider's for each HTTP request; the failed messages and the nightly purge logged", async () => {
      const logs = await eventually(
        () => instance.logs(),
        (lines) => lines.some((line) => line.message === "purged done todos"),
      );
      const ids = instance.requestIds();
      const created = logs.filter((line) => line.message === "todo created");
      expect(created).toHaveLength(2);
      for (const line of created) expect(ids).toContain(line.requestId);
      const failed = logs.filter((line) => line.message === "message failed");
      expect(failed.map((line) => line.messageId)).toEqual(["import-2", "import-2"]);
      const purge = logs.filter((line) => line.message === "purged done todos");
      expect(purge.map((line) => line.purged)).toEqual([1]);
      // Workers gives a cron run no id of its own (fnport makes a UUID): every line still has one.
      for (const line of [...failed, ...purge]) expect(line.requestId).toMatch(/^\S{8,}$/);
    });
  });
}
