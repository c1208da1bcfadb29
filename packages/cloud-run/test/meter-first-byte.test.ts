// The meter's time to first byte on Cloud Run: both streamed hellos really stream (the first read is the first chunk alone).
import { afterAll, expect, test } from "vitest";
import { cloudRunMeter } from "./conformance-meter.ts";

const meter = cloudRunMeter();
afterAll(() => meter.dispose());

test("firstByte measures cloudRun()'s streamed hello and the raw node:http one, each read as two chunks", { timeout: 60_000 }, async () => {
  expect(await meter.firstByte("fnport", 3)).toBeGreaterThan(0);
  expect(await meter.firstByte("raw", 3)).toBeGreaterThan(0);
});
