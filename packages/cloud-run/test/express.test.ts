// toNodeHandler behind another node server: Express 5, as middleware and after a body parser (the way the
// Functions Framework hands over `req.rawBody`).
import { defineHandler, InvalidBodyError, json } from "@fnport/core";
import express from "express";
import { describe, expect, test } from "vitest";
import { toNodeHandler } from "../src/index.ts";
import { send } from "./_client.ts";
import { nodeServers } from "./_node-servers.ts";

const listen = nodeServers();

const echo = defineHandler(async (event, ctx) => {
  if (event.kind !== "http") return { status: 204 };
  return json({ provider: ctx.provider, method: event.method, path: event.path, body: await event.text(), kind: event.kind });
});

describe("toNodeHandler in Express", () => {
  test("as middleware: Express routes, fnport answers", async () => {
    const app = express();
    app.get("/health", (_req, res) => {
      res.send("ok");
    });
    app.use(toNodeHandler(echo, { env: {} }));
    const { port } = await listen(app);
    const [health, fn] = await Promise.all([
      send(port, { path: "/health" }),
      send(port, { method: "PUT", path: "/items/7", headers: [["Content-Type", "text/plain"]], body: "seven" }),
    ]);
    expect([health.text, fn.json()]).toEqual([
      "ok",
      { provider: "cloud-run", method: "PUT", path: "/items/7", body: "seven", kind: "http" },
    ]);
  });

  test("after a body parser: rawBody hands over the bytes already read, instead of the drained stream", async () => {
    const app = express();
    app.use(express.raw({ type: "*/*" }));
    const handler = toNodeHandler(echo, { provider: "gcp-functions", env: {}, rawBody: (req) => (req as express.Request).body as Buffer });
    app.use((req, res) => {
      void handler(req, res);
    });
    const { port } = await listen(app);
    const response = await send(port, { method: "POST", path: "/", headers: [["Content-Type", "application/json"]], body: '{"a":1}' });
    expect(response.json()).toEqual({ provider: "gcp-functions", method: "POST", path: "/", body: '{"a":1}', kind: "http" });
  });

  test("a Pub/Sub push through Express with a parsed rawBody is a messages event", async () => {
    const kinds: string[] = [];
    const app = express();
    app.use(express.raw({ type: "*/*" }));
    const handler = toNodeHandler(
      defineHandler(async (event) => {
        kinds.push(event.kind === "messages" ? `messages ${await event.messages[0]?.text()}` : event.kind);
      }),
      { env: {}, rawBody: (req) => (req as express.Request).body as Buffer },
    );
    app.use((req, res) => {
      void handler(req, res);
    });
    const { port } = await listen(app);
    const envelope = {
      subscription: "projects/p/subscriptions/s",
      message: { messageId: "m1", data: Buffer.from("hi").toString("base64") },
    };
    const response = await send(port, {
      method: "POST",
      headers: [
        ["Content-Type", "application/json"],
        ["User-Agent", "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)"],
      ],
      body: JSON.stringify(envelope),
    });
    expect([response.status, kinds]).toEqual([204, ["messages hi"]]);
  });

  test("requestId gets the request too (a field an earlier middleware set), beside its headers", async () => {
    const app = express();
    app.use((req, _res, next) => {
      (req as express.Request & { executionId?: string }).executionId = "exec-7";
      next();
    });
    const handler = toNodeHandler(
      defineHandler((_event, ctx) => json({ requestId: ctx.requestId })),
      {
        env: {},
        requestId: (headers, request) =>
          headers["function-execution-id"] ?? (request as express.Request & { executionId?: string }).executionId,
      },
    );
    app.use((req, res) => {
      void handler(req, res);
    });
    const { port } = await listen(app);
    const [fromHeader, fromRequest] = await Promise.all([send(port, { headers: [["Function-Execution-Id", "abc123"]] }), send(port, {})]);
    expect([fromHeader.json(), fromRequest.json()]).toEqual([{ requestId: "abc123" }, { requestId: "exec-7" }]);
  });

  test("delivery: a body only the caller knows becomes an event; a malformed one answers 400 with a log line; the rest stays http", async () => {
    const seen: string[] = [];
    const lines: Array<Record<string, unknown>> = [];
    const app = express();
    app.use(express.raw({ type: "*/*" }));
    const handler = toNodeHandler(
      defineHandler(async (event) => {
        seen.push(event.kind === "cloudevent" ? `cloudevent ${event.type} ${JSON.stringify(event.data)}` : event.kind);
        return event.kind === "http" ? { status: 200, body: "plain" } : undefined;
      }),
      {
        env: {},
        write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
        rawBody: (req) => (req as express.Request).body as Buffer,
        delivery: (_request, headers, body) => {
          if (headers["x-custom-event"] === undefined) return undefined;
          const text = Buffer.from(body).toString("utf8");
          if (text === "") throw new InvalidBodyError("A custom event has a body");
          return { kind: "cloudevent", id: "1", source: "custom", type: headers["x-custom-event"], data: text, extensions: {}, raw: body };
        },
      },
    );
    app.use((req, res) => {
      void handler(req, res);
    });
    const { port } = await listen(app);
    const event = await send(port, {
      method: "POST",
      headers: [
        ["X-Custom-Event", "ping"],
        ["Content-Type", "text/plain"],
      ],
      body: "pong",
    });
    const malformed = await send(port, { method: "POST", headers: [["X-Custom-Event", "ping"]] });
    const plain = await send(port, { method: "POST", headers: [["Content-Type", "text/plain"]], body: "hello" });
    expect([event.status, event.text, malformed.status, malformed.json(), plain.status, plain.text]).toEqual([
      204,
      "",
      400,
      { error: "A custom event has a body" },
      200,
      "plain",
    ]);
    expect(seen).toEqual(['cloudevent ping "pong"', "http"]);
    expect(lines.map((line) => [line.severity, line.message, line.reason, line.status])).toEqual([
      ["WARNING", "rejected a malformed event delivery", "A custom event has a body", 400],
    ]);
    // No trace header: the line still names its request.
    expect(lines[0]?.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
