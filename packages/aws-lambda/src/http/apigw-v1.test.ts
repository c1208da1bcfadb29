import { HttpError, json, redirect, text } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { answering, deliverHttp, fixture, httpView, lambdaContext } from "../test-helpers.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const ctx = lambdaContext();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("API Gateway REST (v1) requests", () => {
  test("reads the REST proxy fixture: headers lower-cased, query, body, ip from requestContext.identity", async () => {
    expect(await httpView(await deliverHttp(fixture("apigw-v1-rest-proxy.json")))).toEqual({
      method: "POST",
      path: "/hello/world",
      rawQuery: "name=me",
      query: { name: "me" },
      queryAll: { name: ["me"] },
      headers: {
        accept: "*/*",
        "accept-encoding": "gzip, deflate",
        "cache-control": "no-cache",
        "cloudfront-forwarded-proto": "https",
        "cloudfront-is-desktop-viewer": "true",
        "cloudfront-is-mobile-viewer": "false",
        "cloudfront-is-smarttv-viewer": "false",
        "cloudfront-is-tablet-viewer": "false",
        "cloudfront-viewer-country": "US",
        "content-type": "application/json",
        headername: "headerValue",
        host: "gy415nuibc.execute-api.us-east-1.amazonaws.com",
        "postman-token": "9f583ef0-ed83-4a38-aef3-eb9ce3f7a57f",
        "user-agent": "PostmanRuntime/2.4.5",
        via: "1.1 d98420743a69852491bbdea73f7680bd.cloudfront.net (CloudFront)",
        "x-amz-cf-id": "pn-PWIJc6thYnZm5P0NMgOUglL1DYtl0gdeJky8tqsg8iS_sgsKD1A==",
        "x-forwarded-for": "54.240.196.186, 54.182.214.83",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
      },
      cookies: {},
      ip: "192.168.196.186",
      text: '{\r\n\t"a": 1\r\n}',
      bytesBase64: "ew0KCSJhIjogMQ0KfQ==",
    });
  });

  test("keeps every value of repeated headers and query keys from multiValueHeaders and multiValueQueryStringParameters", async () => {
    expect(await httpView(await deliverHttp(fixture("apigw-v1-rest-proxy-multivalue.json")))).toEqual({
      method: "GET",
      path: "/my/path",
      rawQuery: "parameter1=value1&parameter2=value1&parameter2=value2",
      query: { parameter1: "value1", parameter2: "value1" },
      queryAll: { parameter1: ["value1"], parameter2: ["value1", "value2"] },
      headers: { header1: "value1", header2: "value1, value2", header3: "value1,value2" },
      cookies: {},
      ip: "IP",
      text: "Hello from Lambda!",
      bytesBase64: "SGVsbG8gZnJvbSBMYW1iZGEh",
    });
  });

  test("rebuilds the raw query from decoded values, re-encoding them", async () => {
    const event = {
      ...fixture("apigw-v1-rest-proxy.json"),
      queryStringParameters: { q: "c&d", name: "Jürgen" },
      multiValueQueryStringParameters: { q: ["a b", "c&d"], name: ["Jürgen"] },
    };
    const received = await deliverHttp(event);
    expect([received.rawQuery, received.queryAll("q"), received.query.name]).toEqual([
      "q=a+b&q=c%26d&name=J%C3%BCrgen",
      ["a b", "c&d"],
      "Jürgen",
    ]);
  });

  test("uses path, without the stage that requestContext.path carries on the default endpoint", async () => {
    const base = fixture("apigw-v1-rest-proxy.json");
    const event = { ...base, path: "/hello/world", requestContext: { ...(base.requestContext as object), path: "/testStage/hello/world" } };
    expect((await deliverHttp(event)).path).toBe("/hello/world");
  });

  test("re-encodes a path that an HTTP API payload 1.0 hands over decoded", async () => {
    const event = { ...fixture("apigw-v1-rest-proxy.json"), path: "/files/a b/ü" };
    expect((await deliverHttp(event)).path).toBe("/files/a%20b/%C3%BC");
  });

  test("reads an event with null headers, query and body", async () => {
    const event = {
      ...fixture("apigw-v1-rest-proxy-multivalue.json"),
      headers: null,
      multiValueHeaders: null,
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      body: null,
    };
    const view = await httpView(await deliverHttp(event));
    expect([view.headers, view.rawQuery, view.text]).toEqual([{}, "", ""]);
  });

  test("decodes a base64 body", async () => {
    const event = { ...fixture("apigw-v1-rest-proxy.json"), body: "AAEC/f7/", isBase64Encoded: true };
    expect([...(await (await deliverHttp(event)).bytes())]).toEqual([0, 1, 2, 253, 254, 255]);
  });

  test("bad base64 body answers 400", async () => {
    const handler = answering(async (event) => (event.kind === "http" ? text(await event.text()) : undefined));
    const event = { ...fixture("apigw-v1-rest-proxy.json"), body: "not*base64!", isBase64Encoded: true };
    expect(await handler(event, ctx)).toEqual({
      statusCode: 400,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"Body is not valid base64"}',
      isBase64Encoded: false,
    });
  });
});

describe("API Gateway REST (v1) responses", () => {
  const event = fixture("apigw-v1-rest-proxy.json");

  test("encodes a json() result", async () => {
    expect(await answering(() => json({ ok: true }, { status: 201 }))(event, ctx)).toEqual({
      statusCode: 201,
      headers: { "content-type": JSON_TYPE },
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });

  test("encodes a text() result with non-ASCII characters as text", async () => {
    expect(await answering(() => text("plain text, ünïcödé"))(event, ctx)).toEqual({
      statusCode: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "plain text, ünïcödé",
      isBase64Encoded: false,
    });
  });

  test("sends a Uint8Array body as base64 with isBase64Encoded", async () => {
    const body = new Uint8Array([0, 1, 2, 253, 254, 255]);
    expect(await answering(() => ({ headers: { "content-type": "application/octet-stream" }, body }))(event, ctx)).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/octet-stream" },
      body: "AAEC/f7/",
      isBase64Encoded: true,
    });
  });

  test("sends a string body with a binary content type as base64", async () => {
    expect(await answering(() => ({ headers: { "content-type": "image/png" }, body: "PNG" }))(event, ctx)).toEqual({
      statusCode: 200,
      headers: { "content-type": "image/png" },
      body: "UE5H",
      isBase64Encoded: true,
    });
  });

  test("keeps one set-cookie in headers, with no multiValueHeaders", async () => {
    expect(await answering(() => text("ok", { cookies: ["a=1; Path=/; HttpOnly"] }))(event, ctx)).toEqual({
      statusCode: 200,
      headers: { "content-type": "text/plain; charset=utf-8", "set-cookie": "a=1; Path=/; HttpOnly" },
      body: "ok",
      isBase64Encoded: false,
    });
  });

  test("keeps both set-cookie values in multiValueHeaders and never sends a cookies field", async () => {
    expect(await answering(() => text("ok", { cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"] }))(event, ctx)).toEqual({
      statusCode: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      multiValueHeaders: { "set-cookie": ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"] },
      body: "ok",
      isBase64Encoded: false,
    });
  });

  test("answers 204 with an empty body", async () => {
    expect(await answering(() => ({ status: 204 }))(event, ctx)).toEqual({
      statusCode: 204,
      headers: {},
      body: "",
      isBase64Encoded: false,
    });
  });

  test("encodes a redirect", async () => {
    expect(await answering(() => redirect("/elsewhere?x=1"))(event, ctx)).toEqual({
      statusCode: 302,
      headers: { location: "/elsewhere?x=1" },
      body: "",
      isBase64Encoded: false,
    });
  });

  test("turns an HttpError into its status, message and headers", async () => {
    const handler = answering(() => {
      throw new HttpError(403, "Not for you", { headers: { "x-reason": "test" } });
    });
    expect(await handler(event, ctx)).toEqual({
      statusCode: 403,
      headers: { "x-reason": "test", "content-type": JSON_TYPE },
      body: '{"error":"Not for you"}',
      isBase64Encoded: false,
    });
  });

  test("turns a thrown error into a generic 500 and logs it with the request id", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = answering(() => {
      throw new Error("secret internal detail");
    });
    expect(await handler(event, ctx)).toEqual({
      statusCode: 500,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"Internal Server Error"}',
      isBase64Encoded: false,
    });
    expect(JSON.parse(String(logged.mock.calls[0]?.[0]))).toMatchObject({
      requestId: ctx.awsRequestId,
      error: { message: "secret internal detail" },
    });
  });
});
