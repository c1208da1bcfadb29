// Behaviour under load on loopback, against a real server process: nothing lost, memory flat. Counts and
// bounds only — how fast it goes is measured by the meter, never asserted here.
import { Agent } from "node:http";
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { send } from "./_client.ts";
import { type ServerProcess, startProcess } from "./_process.ts";

let server: ServerProcess;
beforeAll(async () => {
  server = await startProcess("./fixtures/load-server.ts", {}, ["--expose-gc"]);
});
afterAll(async () => {
  server.child.kill("SIGTERM");
  await server.exited;
});

async function heapUsed(): Promise<number> {
  return ((await send(server.port, { path: "/__heap" })).json() as { heapUsed: number }).heapUsed;
}

describe("under load", () => {
  test("1,000 concurrent requests: every one answered, each with its own body, no errors", async () => {
    // One connection per request, all open at once; each request waits 200 ms in the handler so they overlap.
    const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    const ids = Array.from({ length: 1000 }, (_, i) => String(i));
    const outcomes = await Promise.allSettled(ids.map((id) => send(server.port, { path: `/?id=${id}&ms=200`, agent })));
    agent.destroy();
    const failures = outcomes
      .filter((outcome) => outcome.status === "rejected")
      .map((outcome) => String((outcome as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const bodies = outcomes.map((outcome) => {
      const response = (outcome as PromiseFulfilledResult<Awaited<ReturnType<typeof send>>>).value;
      return `${response.status} ${response.text}`;
    });
    expect(bodies).toEqual(ids.map((id) => `200 {"id":"${id}"}`));
  }, 60_000);

  test("memory stays flat over 100,000 requests (heap after a full GC, measured every 20,000)", async () => {
    const run = (amount: number) =>
      autocannon({
        url: `http://127.0.0.1:${server.port}/hello`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"name":"load"}',
        connections: 50,
        amount,
      });
    await run(5_000); // warm up: JIT, pools, the first allocations of every path
    const samples = [await heapUsed()];
    let answered = 0;
    for (let round = 0; round < 5; round++) {
      const result = await run(20_000);
      expect([result.errors, result.timeouts, result.non2xx, result["2xx"]]).toEqual([0, 0, 0, 20_000]);
      answered += result["2xx"];
      samples.push(await heapUsed());
    }
    expect(answered).toBe(100_000);
    const growth = Math.max(...samples) - (samples[0] as number);
    // A leak of even 100 bytes a request would be 10 MB here; allow GC noise well under that.
    expect(growth, `heap after each 20,000: ${samples.map((bytes) => `${(bytes / 1e6).toFixed(1)} MB`).join(", ")}`).toBeLessThan(
      5_000_000,
    );
  }, 180_000);
});
