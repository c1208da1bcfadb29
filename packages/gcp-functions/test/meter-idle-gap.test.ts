// The meter alternates rounds of the two hellos, so each hello's server idles through the other's round: on a
// loaded machine longer than Node's server keeps an idle connection (6 s), and a request the meter sent on a
// connection kept from the round before, as the server closed it, was reset ("read ECONNRESET", session 11).
import { expect, test } from "vitest";
import { gcpFunctionsMeter } from "./conformance-meter.ts";

/** Longer than Node's server keeps an idle kept-alive connection: `keepAliveTimeout` (5 s) plus its own 1 s. */
const PAST_IDLE_CLOSE_MS = 6_200;

/** The other hello's round on a loaded machine: this process busy, no timer run (the servers' idle timers neither). */
function busyFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

test("a warm round after a gap longer than the server keeps an idle connection is measured, not reset", { timeout: 60_000 }, async () => {
  const meter = gcpFunctionsMeter();
  try {
    await expect(meter.warm("raw", 2)).resolves.toBeGreaterThan(0);
    busyFor(PAST_IDLE_CLOSE_MS);
    await expect(meter.warm("raw", 2)).resolves.toBeGreaterThan(0);
  } finally {
    await meter.close();
  }
});

test("a first-byte round after such a gap is measured, not reset", { timeout: 60_000 }, async () => {
  const meter = gcpFunctionsMeter();
  try {
    await expect(meter.firstByte?.("raw", 2)).resolves.toBeGreaterThan(0);
    busyFor(PAST_IDLE_CLOSE_MS);
    await expect(meter.firstByte?.("raw", 2)).resolves.toBeGreaterThan(0);
  } finally {
    await meter.close();
  }
});
