// The meter's time to first byte on Cloud Functions: both streamed hellos really stream (the first read is the first chunk alone).
import { afterAll, expect, test } from "vitest";
import { gcpFunctionsMeter } from "./conformance-meter.ts";

const meter = gcpFunctionsMeter();
afterAll(() => meter.close());

test("firstByte measures cloudFunction()'s streamed hello and the raw framework one, each read as two chunks", {
  timeout: 60_000,
}, async () => {
  expect(await meter.firstByte?.("fnport", 3)).toBeGreaterThan(0);
  expect(await meter.firstByte?.("raw", 3)).toBeGreaterThan(0);
});
