// Runs the samples of packages/core/README.md and checks they do what the README says.
import { httpEvent, invoke, messagesEvent, scheduleEvent } from "@fnport/core/testing";
import { describe, expect, test, vi } from "vitest";
import hono from "./hono.ts";
import mountFetchApps from "./mount-fetch-apps.ts";
import quickStart from "./quick-start.ts";
import router from "./router.ts";
import routerAndQueue from "./router-and-queue.ts";
import state, { receipts } from "./state.ts";
import streaming from "./streaming.ts";

const JSON_TYPE = "application/json; charset=utf-8";

describe("quick start", () => {
  test("accepts an order over HTTP and fulfils orders from a queue", async () => {
    const logs: Array<Record<string, unknown>> = [];
    const created = await invoke(quickStart, httpEvent({ method: "POST", body: { sku: "a-1", quantity: 2 } }), { logs });
    expect([created.status, created.json()]).toEqual([201, { accepted: { sku: "a-1", quantity: 2 } }]);
    expect(logs).toEqual([expect.objectContaining({ message: "order", sku: "a-1" })]);
    expect((await invoke(quickStart, httpEvent({ method: "POST", body: { sku: 1 } }))).status).toBe(400);
    expect((await invoke(quickStart, httpEvent())).headers.allow).toBe("POST");
    expect(
      await invoke(quickStart, messagesEvent({ messages: [{ body: { sku: "b", quantity: 1 } }, { id: "bad", body: "x" }] }), { logs }),
    ).toEqual({
      failed: ["bad"],
    });
    vi.restoreAllMocks();
  });
});

describe("routing", () => {
  test("the todos router: create, read, list, delete, 404 and 405", async () => {
    const created = await invoke(router, httpEvent({ method: "POST", path: "/todos", body: { title: "milk" } }));
    expect([created.status, created.json()]).toEqual([201, { id: "1", title: "milk" }]);
    expect((await invoke(router, httpEvent({ path: "/todos/1" }))).json()).toEqual({ id: "1", title: "milk" });
    expect((await invoke(router, httpEvent({ path: "/todos" }))).json()).toEqual([{ id: "1", title: "milk" }]);
    expect((await invoke(router, httpEvent({ method: "DELETE", path: "/todos/1" }))).status).toBe(204);
    expect(await invoke(router, httpEvent({ path: "/todos/1" }))).toMatchObject({ status: 404, body: '{"error":"No todo 1"}' });
    expect(await invoke(router, httpEvent({ method: "PUT", path: "/todos/1" }))).toMatchObject({
      status: 405,
      headers: { "content-type": JSON_TYPE, allow: "GET, HEAD, DELETE, OPTIONS" },
    });
    expect((await invoke(router, httpEvent({ method: "POST", path: "/todos", body: {} }))).status).toBe(400);
  });

  test("one handler: routes HTTP, counts queue messages, logs other kinds", async () => {
    expect(await invoke(routerAndQueue, messagesEvent({ messages: [{ body: "a" }, { body: "a" }] }))).toEqual({ failed: [] });
    expect((await invoke(routerAndQueue, httpEvent({ path: "/counts/a" }))).json()).toEqual({ count: 2 });
    const logs: Array<Record<string, unknown>> = [];
    await invoke(routerAndQueue, scheduleEvent(), { logs });
    expect(logs).toEqual([expect.objectContaining({ message: "ignored", kind: "schedule" })]);
  });
});

describe("fetch frameworks", () => {
  test("the Hono app: params, the request id, ctx.log, an HttpError", async () => {
    const logs: Array<Record<string, unknown>> = [];
    const response = await invoke(hono, httpEvent({ path: "/todos/3" }), { logs, requestId: "r-1" });
    expect(response.json()).toEqual({ id: "3", requestId: "r-1" });
    expect(logs).toEqual([expect.objectContaining({ message: "reading todo", id: "3", requestId: "r-1" })]);
    expect(await invoke(hono, httpEvent({ path: "/todos/0" }))).toMatchObject({
      status: 404,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"No todo 0"}',
    });
  });

  test("Hono, h3 and itty-router mounted under fnport's router", async () => {
    expect((await invoke(mountFetchApps, httpEvent({ path: "/health" }))).json()).toEqual({ ok: true });
    expect((await invoke(mountFetchApps, httpEvent({ path: "/legacy/report/2025" }))).body).toBe("report 2025");
    expect((await invoke(mountFetchApps, httpEvent({ path: "/h3/items/4" }))).json()).toEqual({ id: "4" });
    expect((await invoke(mountFetchApps, httpEvent({ path: "/itty/items/5" }))).json()).toEqual({ id: "5" });
    expect((await invoke(mountFetchApps, httpEvent({ path: "/nowhere" }))).status).toBe(404);
  });
});

describe("state", () => {
  test("a redelivered message is charged once; HTTP counts visits in the store", async () => {
    const batch = () =>
      messagesEvent({
        messages: [
          { id: "m-1", body: "order-1" },
          { id: "m-2", body: "order-2" },
        ],
      });
    expect(await invoke(state, batch())).toEqual({ failed: [] });
    expect(await invoke(state, batch())).toEqual({ failed: [] });
    expect(receipts).toEqual(["receipt-order-1", "receipt-order-2"]);
    expect((await invoke(state, httpEvent())).json()).toEqual({ seen: ["http"], visits: 1 });
    expect((await invoke(state, httpEvent())).json()).toEqual({ seen: ["http", "http"], visits: 2 });
  });
});

describe("streaming", () => {
  test("the countdown streams three server-sent events after its status, headers and cookie", async () => {
    const response = await invoke(streaming, httpEvent());
    expect([response.status, response.headers, response.cookies]).toEqual([
      200,
      { "content-type": "text/event-stream", "cache-control": "no-cache" },
      ["seen=1; Path=/"],
    ]);
    expect(response.chunks?.map((chunk) => new TextDecoder().decode(chunk))).toEqual(["data: 3\n\n", "data: 2\n\n", "data: 1\n\n"]);
  });
});
