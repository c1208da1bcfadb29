import { describe, expect, test } from "vitest";
import { type EncodedHttpResponse, isBodyless, toFetchResponse } from "../adapter.ts";

const encoded = (init: Partial<EncodedHttpResponse>): EncodedHttpResponse => ({
  status: 200,
  headers: {},
  cookies: [],
  body: null,
  ...init,
});

describe("toFetchResponse", () => {
  test("a text body goes out as UTF-8 with its headers; each cookie on its own line", async () => {
    const response = toFetchResponse(
      encoded({ headers: { "content-type": "text/plain; charset=utf-8", "x-a": "1" }, cookies: ["a=1; Path=/", "b=2, c"], body: "héllo" }),
    );
    expect([response.status, [...response.headers], response.headers.getSetCookie(), await response.text()]).toEqual([
      200,
      [
        ["content-type", "text/plain; charset=utf-8"],
        ["set-cookie", "a=1; Path=/"],
        ["set-cookie", "b=2, c"],
        ["x-a", "1"],
      ],
      ["a=1; Path=/", "b=2, c"],
      "héllo",
    ]);
  });

  test("a string body without content-type gets none (Fetch would add text/plain)", async () => {
    const response = toFetchResponse(encoded({ body: "plain" }));
    expect([response.headers.get("content-type"), await response.text()]).toEqual([null, "plain"]);
    expect(new Response("plain").headers.get("content-type")).toBe("text/plain;charset=UTF-8");
  });

  test("bytes arrive byte for byte", async () => {
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const response = toFetchResponse(encoded({ headers: { "content-type": "application/octet-stream" }, body: bytes }));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  test.each([204, 205, 304])("a %i result's body is dropped, its headers kept (Fetch throws otherwise)", async (status) => {
    const response = toFetchResponse(encoded({ status, headers: { etag: '"v1"' }, body: "never sent" }));
    expect([response.status, response.headers.get("etag"), response.body, await response.text()]).toEqual([status, '"v1"', null, ""]);
    expect(() => new Response("x", { status })).toThrow(TypeError);
  });

  test("the answer to a HEAD request has the headers and no body", async () => {
    const response = toFetchResponse(encoded({ headers: { "content-type": "application/json" }, body: "{}" }), { method: "HEAD" });
    expect([response.status, response.headers.get("content-type"), response.body]).toEqual([200, "application/json", null]);
    expect(await toFetchResponse(encoded({ body: "{}" }), { method: "GET" }).text()).toBe("{}");
  });
});

describe("isBodyless", () => {
  test("is true for Fetch's null body statuses and HEAD, false otherwise", () => {
    expect([101, 103, 204, 205, 304].map((status) => isBodyless(status))).toEqual([true, true, true, true, true]);
    expect([200, 201, 206, 300, 404, 500].map((status) => isBodyless(status))).toEqual([false, false, false, false, false, false]);
    expect([isBodyless(200, "HEAD"), isBodyless(200, "GET"), isBodyless(200, "head")]).toEqual([true, false, false]);
  });
});
