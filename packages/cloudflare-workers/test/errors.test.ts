// In workerd: an HttpError from a second copy of @fnport/core keeps its status; a revoked Proxy thrown is a 500.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logLine, startWorker, type WorkerLogs } from "./_workerd.ts";

const entry = new URL("./workers/errors.ts", import.meta.url);
const JSON_TYPE = "application/json; charset=utf-8";

describe("thrown values in workerd", { timeout: 20_000 }, () => {
  let mf: Miniflare;
  let logs: WorkerLogs;
  let copyDir: string;
  const get = (path: string, rayId: string) => mf.dispatchFetch(`http://worker.test${path}`, { headers: { "cf-ray": rayId } });

  beforeAll(async () => {
    copyDir = await mkdtemp(join(tmpdir(), "fnport-core-copy-"));
    // The whole source folder: errors.ts imports its neighbours.
    await cp(fileURLToPath(new URL("../../core/src/", import.meta.url)), copyDir, { recursive: true });
    const copy = join(copyDir, "errors.ts");
    ({ mf, logs } = await startWorker(entry, { modules: { "second-core-errors": copy } }));
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
    await rm(copyDir, { recursive: true, force: true });
  });

  it("bundles two distinct HttpError classes", async () => {
    expect(await (await get("/copies", "ray-copies")).json()).toEqual({ distinct: true });
  });

  it("answers an HttpError from the other copy with its status, message and headers", async () => {
    const response = await get("/other-copy", "ray-copy");
    expect([response.status, response.headers.get("content-type"), response.headers.get("x-copy"), await response.text()]).toEqual([
      404,
      JSON_TYPE,
      "second",
      '{"error":"No route"}',
    ]);
  });

  it("answers a revoked Proxy with a generic 500 and a log line", async () => {
    const response = await get("/revoked-proxy", "ray-revoked");
    expect([response.status, await response.text()]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(JSON.parse((await logLine(logs, "ray-revoked")) ?? "{}")).toMatchObject({
      message: "http handler failed",
      error: expect.stringMatching(/^\(unreadable thrown value: /),
    });
  });
});
