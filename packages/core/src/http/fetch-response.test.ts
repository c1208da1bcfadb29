import { afterEach, describe, expect, test, vi } from "vitest";
import { type EncodedHttpResponse, isBodyless, ResponseStream, toFetchResponse } from "../adapter.ts";

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

describe("toFetchResponse with a streamed body", () => {
  async function* chunks(released: { done: boolean }) {
    try {
      yield "a";
      yield new Uint8Array([98]);
    } finally {
      released.done = true;
    }
  }

  test("goes out chunk by chunk", async () => {
    const released = { done: false };
    const response = toFetchResponse(encoded({ stream: new ResponseStream(chunks(released)) }));
    expect([response.status, await response.text(), released.done]).toEqual([200, "ab", true]);
  });

  test("for a 204 or a HEAD request: no body, the source released", async () => {
    for (const [status, method] of [
      [204, "GET"],
      [200, "HEAD"],
    ] as const) {
      const released = { done: false };
      const stream = new ResponseStream(chunks(released));
      await stream.read();
      const response = toFetchResponse(encoded({ status, stream }), { method });
      expect([response.status, response.body, stream.finished]).toEqual([status, null, true]);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(released.done).toBe(true);
    }
  });
});

describe("toFetchResponse bodies and init", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test("bytes without a content-type go out as they are, with no content-type", async () => {
    const response = toFetchResponse(encoded({ body: new Uint8Array([1, 2]) }));
    expect([[...response.headers], new Uint8Array(await response.arrayBuffer())]).toEqual([[], new Uint8Array([1, 2])]);
  });

  test("a body with content-encoding is marked already encoded (encodeBody: manual, for workerd); others are not", () => {
    const inits: unknown[] = [];
    const Original = Response;
    vi.stubGlobal(
      "Response",
      class extends Original {
        constructor(body?: ConstructorParameters<typeof Response>[0], init?: ResponseInit) {
          super(body, init);
          inits.push((init as { encodeBody?: unknown }).encodeBody);
        }
      },
    );
    toFetchResponse(encoded({ headers: { "content-encoding": "gzip" }, body: new Uint8Array([1]) }));
    toFetchResponse(encoded({ body: new Uint8Array([1]) }));
    expect(inits).toEqual(["manual", undefined]);
  });
});
