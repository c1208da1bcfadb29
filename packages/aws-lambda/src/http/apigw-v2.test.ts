import { HttpError, json, redirect, text } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { LambdaIntegration } from "../index.ts";
import { answering, deliverHttp, fixture, httpView, lambdaContext } from "../test-helpers.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const ctx = lambdaContext();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("API Gateway HTTP API (v2) requests", () => {
  test("reads duplicate query keys from rawQueryString and merges cookies[] into the cookie header", async () => {
    expect(await httpView(await deliverHttp(fixture("apigw-v2-http-api.json")))).toEqual({
      method: "GET",
      path: "/my/path",
      rawQuery: "parameter1=value1&parameter1=value2&parameter2=value",
      query: { parameter1: "value1", parameter2: "value" },
      queryAll: { parameter1: ["value1", "value2"], parameter2: ["value"] },
      headers: { header1: "value1", header2: "value2", cookie: "cookie1; cookie2" },
      cookies: {},
      ip: "IP",
      text: '{\r\n\t"a": 1\r\n}',
      bytesBase64: "ew0KCSJhIjogMQ0KfQ==",
    });
  });

  test("reads a GET with no body, no cookies and no query", async () => {
    expect(await httpView(await deliverHttp(fixture("apigw-v2-http-api-no-authorizer.json")))).toEqual({
      method: "GET",
      path: "/",
      rawQuery: "",
      query: {},
      queryAll: {},
      headers: {
        accept: "*/*",
        "content-length": "0",
        host: "aaaaaaaaaa.execute-api.us-west-2.amazonaws.com",
        "user-agent": "curl/7.58.0",
        "x-amzn-trace-id": "Root=1-5e9f0c65-1de4d666d4dd26aced652b6c",
        "x-forwarded-for": "1.2.3.4",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
      },
      cookies: {},
      ip: "1.2.3.4",
      text: "",
      bytesBase64: "",
    });
  });

  test("cookies[] wins over a cookie header that says something else", async () => {
    // The real fixture's header equals its cookies[]: here they differ, so keeping the header would show.
    const event = {
      ...fixture("apigw-v2-http-api.json"),
      cookies: ["session=abc", "theme=dark"],
      headers: { ...(fixture("apigw-v2-http-api.json").headers as Record<string, string>), cookie: "session=stale; tracker=1" },
    };
    const received = await deliverHttp(event);
    expect([received.headers.cookie, { ...received.cookies }]).toEqual(["session=abc; theme=dark", { session: "abc", theme: "dark" }]);
  });

  test("a cookie header alone (no cookies[]) is kept", async () => {
    const event: Record<string, unknown> = { ...fixture("apigw-v2-http-api.json"), headers: { cookie: "session=abc" } };
    delete event.cookies;
    const received = await deliverHttp(event);
    expect([received.headers.cookie, { ...received.cookies }]).toEqual(["session=abc", { session: "abc" }]);
  });

  test("parses name=value cookies from cookies[]", async () => {
    const event = { ...fixture("apigw-v2-http-api.json"), cookies: ["session=abc", "theme=dark"] };
    expect({ ...(await deliverHttp(event)).cookies }).toEqual({ session: "abc", theme: "dark" });
  });

  test("re-encodes the rawPath that HTTP APIs hand over percent-decoded", async () => {
    const event = { ...fixture("apigw-v2-http-api.json"), rawPath: "/a b/ü/50%/x?y" };
    expect((await deliverHttp(event)).path).toBe("/a%20b/%C3%BC/50%25/x%3Fy");
  });
});

describe("Function URL requests", () => {
  test("reads the Function URL fixture: cookies[], duplicate query keys, comma-joined headers", async () => {
    expect(await httpView(await deliverHttp(fixture("function-url-request.json")))).toEqual({
      method: "POST",
      path: "/my/path",
      rawQuery: "parameter1=value1&parameter1=value2&parameter2=value",
      query: { parameter1: "value1", parameter2: "value" },
      queryAll: { parameter1: ["value1", "value2"], parameter2: ["value"] },
      headers: { header1: "value1", header2: "value1,value2", cookie: "cookie1; cookie2" },
      cookies: {},
      ip: "123.123.123.123",
      text: "Hello from client!",
      bytesBase64: "SGVsbG8gZnJvbSBjbGllbnQh",
    });
  });

  test("does not double cookies sent both in cookies[] and in a cookie header", async () => {
    const received = await deliverHttp(fixture("function-url-request-cookies-json-body.json"));
    expect([received.headers.cookie, { ...received.cookies }, await received.json()]).toEqual([
      "foo=bar; hello=hello",
      { foo: "bar", hello: "hello" },
      { hello: "world" },
    ]);
  });

  test("decodes a base64 body", async () => {
    const view = await httpView(await deliverHttp(fixture("function-url-request-base64-body.json")));
    expect([view.method, view.path, view.headers, view.ip, view.text, view.bytesBase64]).toEqual([
      "POST",
      "/",
      expect.objectContaining({ "content-type": "idk", "content-length": "6" }),
      "127.0.0.1",
      "<idk/>",
      "PGlkay8+",
    ]);
  });

  test("keeps a path that is already percent-encoded as sent", async () => {
    const event = { ...fixture("function-url-request.json"), rawPath: "/a%20b/%C3%BC%2Fc" };
    expect((await deliverHttp(event)).path).toBe("/a%20b/%C3%BC%2Fc");
  });

  test("bad base64 body answers 400", async () => {
    const handler = answering(async (event) => (event.kind === "http" ? text(await event.text()) : undefined));
    const event = { ...fixture("function-url-request-base64-body.json"), body: "not*base64!" };
    expect(await handler(event, ctx)).toEqual({
      statusCode: 400,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"Body is not valid base64"}',
      isBase64Encoded: false,
    });
  });
});

// Payload 2.0 responses are the same for HTTP APIs and Function URLs.
describe.each([
  ["apigw-v2", "apigw-v2-http-api.json"],
  ["function-url", "function-url-request.json"],
] as const)("%s responses", (_integration: LambdaIntegration, file: string) => {
  const event = fixture(file);

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

  test("sends both set-cookie values as cookies, in order", async () => {
    expect(await answering(() => text("ok", { cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"] }))(event, ctx)).toEqual({
      statusCode: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"],
      body: "ok",
      isBase64Encoded: false,
    });
  });

  test("moves a set-cookie header into cookies", async () => {
    expect(await answering(() => ({ headers: { "Set-Cookie": "a=1" }, body: "ok" }))(event, ctx)).toEqual({
      statusCode: 200,
      headers: {},
      cookies: ["a=1"],
      body: "ok",
      isBase64Encoded: false,
    });
  });

  test("answers 204 with an empty body", async () => {
    expect(await answering(() => undefined)(event, ctx)).toEqual({ statusCode: 204, headers: {}, body: "", isBase64Encoded: false });
  });

  test("encodes a redirect", async () => {
    expect(await answering(() => redirect("/elsewhere?x=1", 308))(event, ctx)).toEqual({
      statusCode: 308,
      headers: { location: "/elsewhere?x=1" },
      body: "",
      isBase64Encoded: false,
    });
  });

  test("turns an HttpError into its status, message and headers", async () => {
    const handler = answering(() => {
      throw new HttpError(429, "Slow down", { headers: { "retry-after": 30 } });
    });
    expect(await handler(event, ctx)).toEqual({
      statusCode: 429,
      headers: { "retry-after": "30", "content-type": JSON_TYPE },
      body: '{"error":"Slow down"}',
      isBase64Encoded: false,
    });
  });

  test("turns a thrown error into a generic 500", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = answering(() => {
      throw new Error("secret internal detail");
    });
    expect(await handler(event, ctx)).toEqual({
      statusCode: 500,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"Internal Server Error"}',
      isBase64Encoded: false,
    });
  });
});
