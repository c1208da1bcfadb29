// The meter alternates first-byte rounds of the two streamed hellos, so each one's workerd socket idles through the
// other's round, and workerd closes a connection idle for 5 s: a request the meter sent on a connection kept from
// the round before, as workerd closed it, was reset.
import type { Miniflare } from "miniflare";
import { expect, test } from "vitest";
import { workersMeter } from "./conformance-meter.ts";

/** Longer than workerd keeps an idle connection (5 s, measured: it ends the connection after 5.0–5.1 s), with margin. */
const PAST_IDLE_CLOSE_MS = 6_000;

/** The other hello's round on a loaded machine: this process busy for `ms` while workerd's idle timer runs out. */
function busyFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

test("a first-byte round after a gap longer than workerd keeps an idle connection is measured, not reset", {
  timeout: 60_000,
}, async () => {
  const instances = new Set<Miniflare>();
  const meter = workersMeter(instances);
  try {
    await expect(meter.firstByte("raw", 2)).resolves.toBeGreaterThan(0);
    busyFor(PAST_IDLE_CLOSE_MS);
    await expect(meter.firstByte("raw", 2)).resolves.toBeGreaterThan(0);
  } finally {
    await meter.dispose();
    await Promise.all([...instances].map((mf) => mf.dispose()));
  }
});
