import { defineHandler } from "@fnport/core";
import { describe, expect, it } from "vitest";
import { worker } from "./worker.ts";

const app = defineHandler(() => undefined);

describe("worker() options", () => {
  it.each([0, -1, Number.NaN])("rejects timeoutMs %s with a RangeError naming it", (timeoutMs) => {
    expect(() => worker(app, { timeoutMs })).toThrow(
      new RangeError(`worker(): timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`),
    );
  });

  it("rejects a negative maxBodyBytes", () => {
    expect(() => worker(app, { maxBodyBytes: -1 })).toThrow(new RangeError("worker(): maxBodyBytes must be a number of bytes, got -1"));
  });
});
