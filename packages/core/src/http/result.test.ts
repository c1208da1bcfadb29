import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { type EncodedHttpResponse, encodeHttpResult, isBinaryContentType, isBinaryResponse, responseBody } from "../adapter.ts";
import { json } from "../index.ts";
import { isFetchResponse } from "./result.ts";

/** Encodes and awaits, with the header record copied to a plain object for comparison. */
async function encode(result: Parameters<typeof encodeHttpResult>[0]): Promise<EncodedHttpResponse> {
  const encoded = await encodeHttpResult(result);
  return { ...encoded, headers: { ...encoded.headers } };
}

describe("encodeHttpResult with plain objects", () => {
  test("nothing is a 204 without headers or body", async () => {
    expect(await encode(undefined)).toEqual({ status: 204, headers: {}, cookies: [], body: null });
    expect(await encode(null as never)).toEqual({ status: 204, headers: {}, cookies: [], body: null });
  });

  test("defaults to 200 with a body and 204 without one", async () => {
    expect(await encode({ body: "" })).toEqual({ status: 200, headers: {}, cookies: [], body: "" });
    expect(await encode({ headers: { "x-a": "1" } })).toEqual({ status: 204, headers: { "x-a": "1" }, cookies: [], body: null });
    expect(await encode({ status: 201 })).toEqual({ status: 201, headers: {}, cookies: [], body: null });
  });

  test("is synchronous for a plain object", () => {
    expect(encodeHttpResult(json(1))).not.toBeInstanceOf(Promise);
  });

  test("lower-cases names, joins arrays and repeated names, stringifies numbers, skips undefined", async () => {
    const encoded = await encode({
      headers: { "X-Multi": ["a", "b"], "x-multi": "c", "Content-Length": 3, "x-none": undefined, "x-empty": [] },
      body: "abc",
    });
    expect(encoded.headers).toEqual({ "x-multi": "a, b, c", "content-length": "3" });
  });

  test("merges set-cookie headers and cookies into cookies, in order", async () => {
    const encoded = await encode({ headers: { "Set-Cookie": ["a=1", "b=2"], "set-cookie": "c=3" }, cookies: ["d=4"], body: "x" });
    expect([encoded.headers, encoded.cookies]).toEqual([{}, ["a=1", "b=2", "c=3", "d=4"]]);
  });

  test("keeps a byte body as bytes", async () => {
    const bytes = new Uint8Array([1, 2]);
    expect((await encode({ body: bytes })).body).toBe(bytes);
  });

  test.each([
    [{ "bad name": "v" }, 'Invalid header name in result: "bad name" (RFC 9110 token characters only)'],
    [{ "x\r\ny": "v" }, 'Invalid header name in result: "x\\r\\ny" (RFC 9110 token characters only)'],
    [{ "": "v" }, 'Invalid header name in result: "" (RFC 9110 token characters only)'],
    [
      { "x-a": "v\r\nx-b: 1" },
      'Invalid value for header "x-a" in result: control characters (but tab) and characters above U+00FF are not allowed',
    ],
    [
      { "x-a": ["ok", "v\n"] },
      'Invalid value for header "x-a" in result: control characters (but tab) and characters above U+00FF are not allowed',
    ],
  ])("throws a TypeError naming the bad header in %j", (headers, message) => {
    expect(() => encodeHttpResult({ headers })).toThrow(new TypeError(message));
  });

  test("throws a TypeError naming a bad cookie", () => {
    expect(() => encodeHttpResult({ cookies: ["a=1\nx"] })).toThrow(
      new TypeError(
        'Invalid value for header "set-cookie" in result: control characters (but tab) and characters above U+00FF are not allowed',
      ),
    );
  });

  test.each([99, 100, 199, 600, 200.5, Number.NaN])("throws a RangeError for status %s", (status) => {
    expect(() => encodeHttpResult({ status, body: "x" })).toThrow(
      new RangeError(`Invalid status in result: ${status} (an integer from 200 to 599)`),
    );
  });

  test.each([
    [{ a: 1 }, "object"],
    [42, "number"],
  ])("throws a TypeError for the body %j", (body, type) => {
    expect(() => encodeHttpResult({ body: body as never })).toThrow(
      new TypeError(
        `Invalid body in result: expected a string, a Uint8Array, a ReadableStream, an async iterable or null, got ${type} (use json() for objects)`,
      ),
    );
  });

  test("throws a TypeError for a result that is not an object", () => {
    expect(() => encodeHttpResult("hi" as never)).toThrow(
      new TypeError("Invalid result for an http event: expected an object or a Response, got string"),
    );
  });
});

describe("encodeHttpResult with a Response", () => {
  test("reads status, headers, every set-cookie and a text body", async () => {
    const headers = new Headers({ "content-type": "text/plain;charset=UTF-8", "X-Id": "1" });
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2");
    headers.append("x-id", "2");
    expect(await encode(new Response("héllo", { status: 201, headers }))).toEqual({
      status: 201,
      headers: { "content-type": "text/plain;charset=UTF-8", "x-id": "1, 2" },
      cookies: ["a=1; Path=/", "b=2"],
      body: "héllo",
    });
  });

  test("keeps a binary content type as bytes", async () => {
    const encoded = await encode(new Response(new Uint8Array([0, 159, 255]), { headers: { "content-type": "image/png" } }));
    expect(encoded.body).toEqual(new Uint8Array([0, 159, 255]));
  });

  test("decodes a JSON body as text", async () => {
    expect((await encode(Response.json({ a: 1 }))).body).toBe('{"a":1}');
  });

  test("has a null body without one", async () => {
    expect(await encode(new Response(null, { status: 204 }))).toEqual({ status: 204, headers: {}, cookies: [], body: null });
  });

  test("keeps a compressed body (content-encoding) as its exact bytes, whatever its content type", async () => {
    const gzipped = new Uint8Array(gzipSync('{"hello":"world"}'));
    const encoded = await encode(new Response(gzipped, { headers: { "content-type": "application/json", "content-encoding": "gzip" } }));
    expect(encoded).toEqual({
      status: 200,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      cookies: [],
      body: gzipped,
    });
    expect((encoded.body as Uint8Array).byteLength).toBe(gzipped.byteLength);
  });

  test("keeps Latin-1 text (not valid UTF-8) as its exact bytes", async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]); // "café" in ISO-8859-1
    const encoded = await encode(new Response(latin1, { headers: { "content-type": "text/plain; charset=iso-8859-1" } }));
    expect(encoded.body).toEqual(latin1);
  });

  test("keeps bytes without a content type as bytes unless they are valid UTF-8", async () => {
    expect((await encode(new Response(new Uint8Array([0xff, 0xfe, 0x00, 0x41])))).body).toEqual(new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    expect((await encode(new Response(new Uint8Array([0x6f, 0x6b])))).body).toBe("ok");
  });

  test("keeps a leading byte order mark in a text body", async () => {
    const body = (await encode(new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), { headers: { "content-type": "text/csv" } }))).body;
    expect(body).toBe("\uFEFFa");
  });
});

describe("isBinaryContentType", () => {
  test.each([
    [undefined, false],
    ["", false],
    ["text/plain", false],
    ["text/html; charset=utf-8", false],
    ["text/plain; charset=utf-8", false],
    ["TEXT/CSV", false],
    ["  text/plain", false],
    ["application/json", false],
    ["application/json; charset=utf-8", false],
    ["Application/JSON", false],
    ["application/xml", false],
    ["application/javascript", false],
    ["application/ecmascript", false],
    ["application/x-www-form-urlencoded", false],
    ["application/graphql", false],
    ["application/problem+json", false],
    ["application/vnd.api+json; charset=utf-8", false],
    ["image/svg+xml", false],
    ["application/atom+xml", false],
    ["application/octet-stream", true],
    ["application/pdf", true],
    ["application/protobuf", true],
    ["application/jsonl", true],
    ["application/zip", true],
    ["image/png", true],
    ["audio/mpeg", true],
    ["video/mp4", true],
    ["multipart/form-data; boundary=x", true],
    ["font/woff2", true],
  ])("%j → %s", (contentType, binary) => {
    expect(isBinaryContentType(contentType)).toBe(binary);
  });
});

describe("isBinaryResponse", () => {
  test.each([
    [{ status: 200, headers: {}, cookies: [], body: new Uint8Array(1) }, true],
    [{ status: 200, headers: { "content-type": "text/plain" }, cookies: [], body: new Uint8Array(1) }, true],
    [{ status: 200, headers: { "content-type": "image/png" }, cookies: [], body: "x" }, true],
    [{ status: 200, headers: { "content-type": "image/png" }, cookies: [], body: null }, false],
    [{ status: 200, headers: {}, cookies: [], body: "x" }, false],
    [{ status: 200, headers: { "content-type": "application/json" }, cookies: [], body: "{}" }, false],
    [{ status: 200, headers: { "content-type": "application/json", "content-encoding": "br" }, cookies: [], body: "{}" }, true],
  ] satisfies Array<[EncodedHttpResponse, boolean]>)("%j → %s", (response, binary) => {
    expect(isBinaryResponse(response)).toBe(binary);
  });
});

describe("encodeHttpResult, exactly at the edges", () => {
  test("599 is the highest status", async () => {
    expect((await encode({ status: 599 })).status).toBe(599);
  });

  test("an unknown key is named, the known ones beside it are not", () => {
    expect(() => encodeHttpResult({ status: 200, cookies: [], extra: 1 } as never)).toThrow(
      new TypeError(
        'Invalid result for an http event: unknown key "extra". A result has only status, headers, cookies and body; to send data as JSON, return json(data)',
      ),
    );
  });

  test("a streamed plain result, collected, drops the handler's content-length and transfer-encoding", async () => {
    async function* chunks() {
      yield "ab";
    }
    const encoded = await encode({ headers: { "content-length": "2", "transfer-encoding": "chunked", "x-a": "1" }, body: chunks() });
    expect(encoded).toEqual({ status: 200, headers: { "x-a": "1" }, cookies: [], body: "ab" });
  });

  test("a Response without a body has no stream, even for a runner that streams", async () => {
    const encoded = await encodeHttpResult(new Response(null, { status: 201 }), true);
    expect({ ...encoded, headers: { ...encoded.headers } }).toEqual({ status: 201, headers: {}, cookies: [], body: null });
  });

  test("a Response read whole keeps its content-length; read up to a limit (chunk by chunk), the sender sets it", async () => {
    const whole = await encodeHttpResult(new Response("abc", { headers: { "content-length": "3", "content-type": "text/plain" } }));
    expect([{ ...whole.headers }, whole.body]).toEqual([{ "content-length": "3", "content-type": "text/plain" }, "abc"]);
    const limited = await encodeHttpResult(
      new Response("abc", { headers: { "content-length": "3", "content-type": "text/plain" } }),
      false,
      10,
    );
    expect([{ ...limited.headers }, limited.body]).toEqual([{ "content-type": "text/plain" }, "abc"]);
  });

  test("responseBody keeps valid UTF-8 as bytes under a content-encoding", () => {
    const bytes = new TextEncoder().encode("abc");
    expect(responseBody(bytes, { "content-encoding": "gzip", "content-type": "text/plain" })).toBe(bytes);
    expect(responseBody(bytes, { "content-type": "text/plain" })).toBe("abc");
  });

  test("a text type named only in a parameter is not text", () => {
    expect(isBinaryContentType("image/png; note=text/plain")).toBe(true);
  });

  test("isFetchResponse is false for nothing", () => {
    expect([undefined, null, {}].map((value) => isFetchResponse(value))).toEqual([false, false, false]);
  });
});
