import { HttpError, json, redirect, text } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { answering, deliverHttp, fixture, httpView, lambdaContext } from "../test-helpers.ts";
import { statusDescription } from "./alb.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const ctx = lambdaContext();
const single = fixture("alb-request-single-value-headers.json");
const multi = fixture("alb-request-multi-value-headers.json");

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ALB requests", () => {
  test("reads a request with multi-value headers off; ip is the x-forwarded-for address", async () => {
    expect(await httpView(await deliverHttp(single))).toEqual({
      method: "GET",
      path: "/",
      rawQuery: "key=hello",
      query: { key: "hello" },
      queryAll: { key: ["hello"] },
      headers: {
        accept: "*/*",
        connection: "keep-alive",
        host: "lambda-test-alb-1334523864.us-east-1.elb.amazonaws.com",
        "user-agent": "curl/7.54.0",
        "x-amzn-trace-id": "Root=1-5c34e93e-4dea0086f9763ac0667b115a",
        "x-forwarded-for": "25.12.198.67",
        "x-forwarded-port": "80",
        "x-forwarded-proto": "http",
        "x-imforwards": "20",
        "x-myheader": "123",
      },
      cookies: {},
      ip: "25.12.198.67",
      text: "",
      bytesBase64: "",
    });
  });

  test("reads a request with multi-value headers on", async () => {
    expect(await httpView(await deliverHttp(multi))).toEqual({
      method: "GET",
      path: "/",
      rawQuery: "key=hello",
      query: { key: "hello" },
      queryAll: { key: ["hello"] },
      headers: {
        accept: "*/*",
        connection: "keep-alive",
        host: "lambda-test-alb-1234567.us-east-1.elb.amazonaws.com",
        "user-agent": "curl/7.54.0",
        "x-amzn-trace-id": "Root=1-5c34e7d4-00ca239424b68028d4c56d68",
        "x-forwarded-for": "72.21.198.67",
        "x-forwarded-port": "80",
        "x-forwarded-proto": "http",
        "x-imforwards": "20",
        "x-myheader": "123",
      },
      cookies: {},
      ip: "72.21.198.67",
      text: "",
      bytesBase64: "",
    });
  });

  test("decodes a base64 body", async () => {
    const view = await httpView(await deliverHttp(fixture("alb-request-base64-body.json")));
    expect([view.method, view.path, view.rawQuery, view.headers, view.ip, view.text, view.bytesBase64]).toEqual([
      "PUT",
      "/api/binary",
      "",
      {
        accept: "text/html,application/xhtml+xml",
        "accept-language": "en-US,en;q=0.8",
        "content-type": "text/plain",
        cookie: "cookies",
        host: "lambda-846800462-us-east-2.elb.amazonaws.com",
        "user-agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6)",
        "x-amzn-trace-id": "Root=1-5bdb40ca-556d8b0c50dc66f0511bf520",
        "x-forwarded-for": "72.21.198.66",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
      },
      "72.21.198.66",
      "Greetings, programs!",
      "R3JlZXRpbmdzLCBwcm9ncmFtcyE=",
    ]);
  });

  test("decodes query names and values that ALB passes still percent-encoded, exactly once", async () => {
    const event = {
      ...multi,
      multiValueQueryStringParameters: { q: ["a%20b", "J%C3%BCrgen"], plus: ["x+y"], "a%5Bb%5D": ["50%25"] },
    };
    const received = await deliverHttp(event);
    expect([received.rawQuery, received.queryAll("q"), { ...received.query }]).toEqual([
      "q=a%20b&q=J%C3%BCrgen&plus=x+y&a%5Bb%5D=50%25",
      ["a b", "Jürgen"],
      { q: "a b", plus: "x y", "a[b]": "50%" },
    ]);
  });

  test("keeps the single value ALB sends per query name with multi-value headers off", async () => {
    const received = await deliverHttp({ ...single, queryStringParameters: { name: "J%C3%BCrgen", empty: "" } });
    expect([received.rawQuery, { ...received.query }]).toEqual(["name=J%C3%BCrgen&empty=", { name: "Jürgen", empty: "" }]);
  });

  test("takes the address ALB appended, the last x-forwarded-for entry, not what the client claimed", async () => {
    const ipFor = async (forwarded: string) =>
      (await deliverHttp({ ...single, headers: { ...(single.headers as object), "x-forwarded-for": forwarded } })).ip;
    expect([
      await ipFor("203.0.113.9, 10.0.0.1"),
      await ipFor("1.2.3.4,198.51.100.7"),
      await ipFor("198.51.100.7:49152"),
      await ipFor("203.0.113.9, [2001:db8::7]:443"),
      await ipFor("2001:db8::7"),
    ]).toEqual(["10.0.0.1", "198.51.100.7", "198.51.100.7", "2001:db8::7", "2001:db8::7"]);
  });

  test("has no ip without x-forwarded-for", async () => {
    expect((await deliverHttp({ ...single, headers: { host: "example.test" } })).ip).toBeUndefined();
  });
});

describe("ALB responses, multi-value headers off", () => {
  test("encodes a json() result with statusDescription", async () => {
    expect(await answering(() => json({ ok: true }, { status: 201 }))(single, ctx)).toEqual({
      statusCode: 201,
      statusDescription: "201 Created",
      headers: { "content-type": JSON_TYPE },
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });

  test("encodes a text() result with non-ASCII characters as text", async () => {
    expect(await answering(() => text("plain text, ünïcödé"))(single, ctx)).toEqual({
      statusCode: 200,
      statusDescription: "200 OK",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "plain text, ünïcödé",
      isBase64Encoded: false,
    });
  });

  test("sends a Uint8Array body as base64 with isBase64Encoded", async () => {
    const body = new Uint8Array([0, 1, 2, 253, 254, 255]);
    expect(await answering(() => ({ headers: { "content-type": "application/octet-stream" }, body }))(single, ctx)).toEqual({
      statusCode: 200,
      statusDescription: "200 OK",
      headers: { "content-type": "application/octet-stream" },
      body: "AAEC/f7/",
      isBase64Encoded: true,
    });
  });

  test("keeps both set-cookie values by varying the case of the header name", async () => {
    expect(await answering(() => text("ok", { cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure", "c=3"] }))(single, ctx)).toEqual({
      statusCode: 200,
      statusDescription: "200 OK",
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "set-cookie": "a=1; Path=/; HttpOnly",
        "Set-cookie": "b=2; Path=/; Secure",
        "sEt-cookie": "c=3",
      },
      body: "ok",
      isBase64Encoded: false,
    });
  });

  test("answers 204 with an empty body", async () => {
    expect(await answering(() => ({ status: 204 }))(single, ctx)).toEqual({
      statusCode: 204,
      statusDescription: "204 No Content",
      headers: {},
      body: "",
      isBase64Encoded: false,
    });
  });

  test("encodes a redirect", async () => {
    expect(await answering(() => redirect("/elsewhere?x=1", 301))(single, ctx)).toEqual({
      statusCode: 301,
      statusDescription: "301 Moved Permanently",
      headers: { location: "/elsewhere?x=1" },
      body: "",
      isBase64Encoded: false,
    });
  });

  test("turns an HttpError into its status, message and headers", async () => {
    const handler = answering(() => {
      throw new HttpError(404, "No route");
    });
    expect(await handler(single, ctx)).toEqual({
      statusCode: 404,
      statusDescription: "404 Not Found",
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"No route"}',
      isBase64Encoded: false,
    });
  });

  test("turns a thrown error into a generic 500", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const handler = answering(() => {
      throw new Error("secret internal detail");
    });
    expect(await handler(single, ctx)).toEqual({
      statusCode: 500,
      statusDescription: "500 Internal Server Error",
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"Internal Server Error"}',
      isBase64Encoded: false,
    });
  });
});

describe("ALB responses, multi-value headers on", () => {
  test("sends every header in multiValueHeaders only", async () => {
    expect(await answering(() => json({ ok: true }, { headers: { vary: ["accept", "origin"] } }))(multi, ctx)).toEqual({
      statusCode: 200,
      statusDescription: "200 OK",
      multiValueHeaders: { "content-type": [JSON_TYPE], vary: ["accept, origin"] },
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });

  test("keeps both set-cookie values on ALB multi-value", async () => {
    expect(await answering(() => text("ok", { cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"] }))(multi, ctx)).toEqual({
      statusCode: 200,
      statusDescription: "200 OK",
      multiValueHeaders: {
        "content-type": ["text/plain; charset=utf-8"],
        "set-cookie": ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"],
      },
      body: "ok",
      isBase64Encoded: false,
    });
  });

  test("sends a binary body as base64", async () => {
    const body = new Uint8Array([0, 1, 2, 253, 254, 255]);
    expect(await answering(() => ({ body }))(multi, ctx)).toEqual({
      statusCode: 200,
      statusDescription: "200 OK",
      multiValueHeaders: {},
      body: "AAEC/f7/",
      isBase64Encoded: true,
    });
  });

  test("answers 204, redirects and errors with statusDescription", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const outputs = [
      await answering(() => undefined)(multi, ctx),
      await answering(() => redirect("/x", 307))(multi, ctx),
      await answering(() => {
        throw new Error("boom");
      })(multi, ctx),
    ];
    expect(outputs).toEqual([
      { statusCode: 204, statusDescription: "204 No Content", multiValueHeaders: {}, body: "", isBase64Encoded: false },
      {
        statusCode: 307,
        statusDescription: "307 Temporary Redirect",
        multiValueHeaders: { location: ["/x"] },
        body: "",
        isBase64Encoded: false,
      },
      {
        statusCode: 500,
        statusDescription: "500 Internal Server Error",
        multiValueHeaders: { "content-type": [JSON_TYPE] },
        body: '{"error":"Internal Server Error"}',
        isBase64Encoded: false,
      },
    ]);
  });
});

test("statusDescription always has a code and a reason phrase", () => {
  expect([statusDescription(418), statusDescription(503)]).toEqual(["418 Unknown", "503 Service Unavailable"]);
});
