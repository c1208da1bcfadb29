// Hono and fnport's router behind lambda(), with real API Gateway and Function URL events.
import { contextOf, createRouter, defineHandler, fromFetch, HttpError, json } from "@fnport/core";
import { Hono } from "hono";
import { describe, expect, test } from "vitest";
import { lambda } from "./index.ts";
import { fixture, lambdaContext } from "./test-helpers.ts";

const JSON_TYPE = "application/json; charset=utf-8";

/** A payload 2.0 event (HTTP API) for `method` and `rawPath`, from the real fixture. */
function httpApiEvent(method: string, rawPath: string, body?: string): Record<string, unknown> {
  const event = fixture("apigw-v2-http-api.json");
  const requestContext = event.requestContext as { http: Record<string, unknown> };
  requestContext.http = { ...requestContext.http, method, path: rawPath };
  return { ...event, rawPath, rawQueryString: "", body, headers: { "content-type": "application/json", host: "api.example.com" } };
}

/** A Function URL event for `method` and `rawPath` (kept percent-encoded by Lambda). */
function functionUrlEvent(method: string, rawPath: string): Record<string, unknown> {
  const event = fixture("function-url-request.json");
  const requestContext = event.requestContext as { http: Record<string, unknown> };
  requestContext.http = { ...requestContext.http, method, path: rawPath };
  return { ...event, rawPath, rawQueryString: "", body: undefined, isBase64Encoded: false };
}

function collectLogs(): { lines: Array<Record<string, unknown>>; write: (line: string) => void } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, write: (line) => void lines.push(JSON.parse(line)) };
}

describe("a Hono app through fromFetch() and lambda()", () => {
  const order: string[] = [];
  const hono = new Hono()
    .get("/todos/:id", (c) => {
      const ctx = contextOf(c.req.raw);
      ctx.log.info("reading todo", { id: c.req.param("id") });
      c.executionCtx.waitUntil(
        new Promise<void>((resolve) =>
          setTimeout(() => {
            order.push("audit written");
            resolve();
          }, 20),
        ),
      );
      return c.json({ id: c.req.param("id"), requestId: ctx.requestId, provider: ctx.provider });
    })
    .post("/todos", async (c) => c.json(await c.req.json(), 201))
    .delete("/todos/:id", (c) => {
      throw new HttpError(403, `todo ${c.req.param("id")} is not yours`, { headers: { "x-owner": "someone-else" } });
    });

  test("routes with params; ctx.log lines and contextOf carry the Lambda request id", async () => {
    const logs = collectLogs();
    const handler = lambda(defineHandler(fromFetch(hono)), { write: logs.write });
    const output = await handler(httpApiEvent("GET", "/todos/42"), lambdaContext("lambda-req-1"));
    expect(output).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: '{"id":"42","requestId":"lambda-req-1","provider":"aws-lambda"}',
      isBase64Encoded: false,
    });
    expect(logs.lines).toEqual([expect.objectContaining({ level: "info", message: "reading todo", id: "42", requestId: "lambda-req-1" })]);
  });

  test("waitUntil work finishes before the Lambda handler resolves (Lambda freezes the instance after)", async () => {
    order.length = 0;
    const handler = lambda(defineHandler(fromFetch(hono)), { write: () => {} });
    await handler(httpApiEvent("GET", "/todos/1"), lambdaContext());
    order.push("handler resolved");
    expect(order).toEqual(["audit written", "handler resolved"]);
  });

  test("the request body reaches Hono", async () => {
    const handler = lambda(defineHandler(fromFetch(hono)));
    const output = await handler(httpApiEvent("POST", "/todos", '{"title":"milk"}'), lambdaContext());
    expect(output).toMatchObject({ statusCode: 201, body: '{"title":"milk"}' });
  });

  test("an HttpError thrown inside Hono is fnport's answer: status, headers, JSON body", async () => {
    const handler = lambda(defineHandler(fromFetch(hono)));
    expect(await handler(httpApiEvent("DELETE", "/todos/7"), lambdaContext())).toEqual({
      statusCode: 403,
      headers: { "content-type": JSON_TYPE, "x-owner": "someone-else" },
      body: '{"error":"todo 7 is not yours"}',
      isBase64Encoded: false,
    });
  });

  test("on a REST API (payload 1.0) too", async () => {
    const event = { ...fixture("apigw-v1-rest-proxy.json"), httpMethod: "DELETE", path: "/todos/8", multiValueHeaders: {}, headers: {} };
    const output = await lambda(defineHandler(fromFetch(hono)))(event, lambdaContext());
    expect(output).toMatchObject({ statusCode: 403, body: '{"error":"todo 8 is not yours"}' });
  });
});

describe("fnport's router behind lambda()", () => {
  const router = createRouter()
    .get("/files/:name", (event) => json({ name: event.params.name }))
    .get("/files/:dir/:name", (event) => json(event.params))
    .post("/files/:name", () => json({ created: true }, { status: 201 }));
  const handler = lambda(defineHandler(router.handle));

  test("a Function URL keeps %2F inside the param", async () => {
    expect(await handler(functionUrlEvent("GET", "/files/a%2Fb"), lambdaContext())).toMatchObject({
      statusCode: 200,
      body: '{"name":"a/b"}',
    });
  });

  test("an HTTP API hands the path over decoded: %2F has become a / before the function runs", async () => {
    // The client asked for /files/a%2Fb; API Gateway HTTP APIs give rawPath decoded (see the README).
    expect(await handler(httpApiEvent("GET", "/files/a/b"), lambdaContext())).toMatchObject({
      statusCode: 200,
      body: '{"dir":"a","name":"b"}',
    });
  });

  test("405 with Allow, and HEAD without a body", async () => {
    expect(await handler(functionUrlEvent("DELETE", "/files/x"), lambdaContext())).toEqual({
      statusCode: 405,
      headers: { "content-type": JSON_TYPE, allow: "GET, HEAD, POST, OPTIONS" },
      body: '{"error":"Method Not Allowed"}',
      isBase64Encoded: false,
    });
    expect(await handler(functionUrlEvent("HEAD", "/files/x"), lambdaContext())).toEqual({
      statusCode: 200,
      headers: { "content-type": JSON_TYPE },
      body: "",
      isBase64Encoded: false,
    });
  });

  test("invalid percent-encoding in a param is a 400", async () => {
    expect(await handler(functionUrlEvent("GET", "/files/%E0%A4%A"), lambdaContext())).toEqual({
      statusCode: 400,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"The request path has invalid percent-encoding"}',
      isBase64Encoded: false,
    });
  });
});
