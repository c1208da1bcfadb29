// The meter's time to first byte on Lambda's streaming path: both streamed hellos write the first chunk alone, then the rest.
import { expect, test } from "vitest";
import { lambdaMeter } from "./conformance-meter.ts";

test("firstByte measures lambda(app, { stream: true })'s streamed hello and a raw streaming handler", { timeout: 30_000 }, async () => {
  const meter = lambdaMeter();
  expect(await meter.firstByte("fnport", 3)).toBeGreaterThan(0);
  expect(await meter.firstByte("raw", 3)).toBeGreaterThan(0);
});
