// worker(app, { timeoutMs }) in workerd: the deadline the runner enforces where Workers has none.
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logLine, startWorker, type WorkerLogs } from "./_workerd.ts";

const entry = new URL("./workers/timeout.ts", import.meta.url);
const JSON_TYPE = "application/json; charset=utf-8";

describe("worker(app, { timeoutMs }) in workerd", { timeout: 20_000 }, () => {
  let mf: Miniflare;
  let logs: WorkerLogs;
  const get = (path: string, rayId: string) => mf.dispatchFetch(`http://worker.test${path}`, { headers: { "cf-ray": rayId } });

  beforeAll(async () => {
    ({ mf, logs } = await startWorker(entry));
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  it("sets ctx.deadline to the invocation's start plus timeoutMs", async () => {
    const body = (await (await get("/context", "ray-context")).json()) as { remainingMs: number; hasDeadline: boolean };
    expect(body).toEqual({ remainingMs: expect.any(Number), hasDeadline: true, signalAborted: false });
    expect(body.remainingMs).toBeGreaterThan(0);
    expect(body.remainingMs).toBeLessThanOrEqual(600);
  });

  it("answers 504 at the deadline when the handler ignores ctx.signal, with one log line", async () => {
    const response = await get("/ignore-signal", "ray-ignore");
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
      504,
      JSON_TYPE,
      '{"error":"Gateway Timeout"}',
    ]);
    expect(JSON.parse((await logLine(logs, "ray-ignore")) ?? "{}")).toEqual({
      level: "error",
      severity: "ERROR",
      time: expect.any(String),
      message: "http handler did not answer by the deadline",
      requestId: "ray-ignore",
      provider: "cloudflare-workers",
      deadline: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("fires ctx.signal with a TimeoutError before the deadline; a handler that throws its reason gets a 504", async () => {
    expect(await (await get("/signal-fired", "ray-fired")).json()).toEqual({ aborted: true, reason: "TimeoutError" });
    const response = await get("/honour-signal", "ray-honour");
    expect([response.status, await response.text()]).toEqual([504, '{"error":"Gateway Timeout"}']);
    expect(JSON.parse((await logLine(logs, "ray-honour")) ?? "{}")).toMatchObject({
      message: "http handler timed out",
      error: { name: "TimeoutError", message: "The invocation is about to reach its deadline" },
    });
  });

  it("answers a handler that finishes in time as usual", async () => {
    expect(await (await get("/fast", "ray-fast")).json()).toBe("fast");
  });

  it("retries every message of a batch whose handler is still running at the deadline", async () => {
    const result = await (await mf.getWorker()).queue("jobs", [{ id: "m1", timestamp: new Date(0), attempts: 1, body: "x" }]);
    expect([result.outcome, result.retryBatch.retry]).toEqual(["exception", true]);
    expect(await logLine(logs, "messages handler did not finish by the deadline")).toBeDefined();
  });

  it("makes a scheduled run still going at the deadline an exception", async () => {
    const result = await (await mf.getWorker()).scheduled({ scheduledTime: new Date(0), cron: "* * * * *" });
    expect(result.outcome).toBe("exception");
    expect(await logLine(logs, "schedule handler did not finish by the deadline")).toBeDefined();
  });
});
