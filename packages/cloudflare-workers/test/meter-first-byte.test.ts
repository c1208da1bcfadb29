// The meter's time to first byte on Workers: both streamed hellos really stream in workerd (the first read is the first chunk alone).
import type { Miniflare } from "miniflare";
import { afterAll, expect, test } from "vitest";
import { workersMeter } from "./conformance-meter.ts";

const instances = new Set<Miniflare>();
const meter = workersMeter(instances);
afterAll(async () => {
  await meter.dispose();
  await Promise.all([...instances].map((mf) => mf.dispose()));
});

test("firstByte measures worker()'s streamed hello and a raw streamed Worker, each read as two chunks", { timeout: 60_000 }, async () => {
  expect(await meter.firstByte("fnport", 3)).toBeGreaterThan(0);
  expect(await meter.firstByte("raw", 3)).toBeGreaterThan(0);
});
