import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logLine, startWorker, type WorkerLogs } from "./_workerd.ts";

const entry = new URL("./workers/fetch-app.ts", import.meta.url);
const JSON_TYPE = "application/json; charset=utf-8";

describe("fnport's router and a Hono app (fromFetch) in workerd", { timeout: 20_000 }, () => {
  let mf: Miniflare;
  let logs: WorkerLogs;
  const send = (path: string, init?: RequestInit) => mf.dispatchFetch(`http://worker.test${path}`, init as never);

  beforeAll(async () => {
    ({ mf, logs } = await startWorker(entry, { bindings: { GREETING: "howdy" } }));
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  it("routes into Hono with its params; c.env is the bindings; contextOf gives the cf-ray request id and ctx.log", async () => {
    const response = await send("/api/todos/42", { headers: { "cf-ray": "8f1e2d3c4b5a6978-DFW" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: "42",
      requestId: "8f1e2d3c4b5a6978-DFW",
      greeting: "howdy",
      provider: "cloudflare-workers",
    });
    const line = await logLine(logs, "reading todo");
    expect(JSON.parse(line as string)).toMatchObject({
      level: "info",
      message: "reading todo",
      id: "42",
      requestId: "8f1e2d3c4b5a6978-DFW",
    });
  });

  it("an HttpError thrown inside Hono is fnport's answer: status, headers, JSON body", async () => {
    const response = await send("/api/todos/7", { method: "DELETE" });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe(JSON_TYPE);
    expect(response.headers.get("x-owner")).toBe("someone-else");
    expect(await response.text()).toBe('{"error":"todo 7 is not yours"}');
  });

  it("c.executionCtx.waitUntil is the native one: the response does not wait, the work still finishes", async () => {
    expect(await (await send("/api/wait")).json()).toEqual({ waited: false });
    let waited = false;
    for (let i = 0; i < 50 && !waited; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      waited = ((await (await send("/api/waited")).json()) as { waited: boolean }).waited;
    }
    expect(waited).toBe(true);
    expect(await logLine(logs, "background work done")).toContain('"requestId"');
  });

  it("a %2F stays inside the router's param", async () => {
    const response = await send("/files/a%2Fb");
    expect(await response.json()).toEqual({ name: "a/b" });
  });

  it("HEAD of a GET route: same status and headers, no body", async () => {
    const response = await send("/files/readme", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(JSON_TYPE);
    expect(await response.text()).toBe("");
  });

  it("405 with Allow, 404, and 400 for invalid percent-encoding", async () => {
    const notAllowed = await send("/files/x", { method: "POST", body: "x" });
    expect([notAllowed.status, notAllowed.headers.get("allow"), await notAllowed.text()]).toEqual([
      405,
      "GET, HEAD, OPTIONS",
      '{"error":"Method Not Allowed"}',
    ]);
    const notFound = await send("/nowhere");
    expect([notFound.status, await notFound.text()]).toEqual([404, '{"error":"Not Found"}']);
    const bad = await send("/files/%E0%A4%A");
    expect([bad.status, await bad.text()]).toEqual([400, '{"error":"The request path has invalid percent-encoding"}']);
  });
});
