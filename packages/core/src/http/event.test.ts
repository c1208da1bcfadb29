import { describe, expect, test, vi } from "vitest";
import { createHttpEvent, mergeHeaders } from "../adapter.ts";
import { httpEvent } from "../testing.ts";

// A computed key: Biome flags `x.__proto__`; on these null-prototype records both read the own key.
const PROTO: string = "__proto__";

describe("http event fields", () => {
  test("carries method (upper-case), path, rawQuery, ip and raw as the adapter gave them", () => {
    const raw = { native: true };
    const event = createHttpEvent({ method: "patch", path: "/a%20b/c", rawQuery: "x=1", headers: {}, ip: "10.0.0.1", raw });
    expect([event.kind, event.method, event.path, event.rawQuery, event.ip, event.raw]).toEqual([
      "http",
      "PATCH",
      "/a%20b/c",
      "x=1",
      "10.0.0.1",
      raw,
    ]);
  });

  test.each([
    ["POST", "POST"],
    ["Post", "POST"],
    ["options", "OPTIONS"],
    ["PROPFIND", "PROPFIND"],
    ["propfind", "PROPFIND"],
  ])("upper-cases the method %j as %j", (method, expected) => {
    expect(createHttpEvent({ method, path: "/", headers: {}, raw: null }).method).toBe(expected);
  });

  test("builds headers given as a function once, on their first read (cookies and toRequest() read them too)", () => {
    const build = vi.fn(() => ({ "content-type": "text/plain", cookie: "a=1" }));
    const event = createHttpEvent({ method: "POST", path: "/", headers: build, body: "hi", raw: null });
    expect(build).not.toHaveBeenCalled();
    expect([{ ...event.cookies }, event.headers["content-type"], event.toRequest().headers.get("cookie")]).toEqual([
      { a: "1" },
      "text/plain",
      "a=1",
    ]);
    expect(event.headers).toBe(event.headers);
    expect(build).toHaveBeenCalledTimes(1);
  });

  test("has an empty rawQuery and no ip when the adapter gives none", () => {
    const event = createHttpEvent({ method: "GET", path: "/", headers: {}, raw: null });
    expect([event.rawQuery, event.ip, { ...event.query }]).toEqual(["", undefined, {}]);
  });
});

describe("query", () => {
  const event = httpEvent({ path: "/search?q=first&tag=a+b&q=second&tag=c%20d&e=%E0%A4%A&flag" });

  test("query holds the first value of each name, decoded", () => {
    expect({ ...event.query }).toEqual({ q: "first", tag: "a b", e: "%E0%A4%A", flag: "" });
  });

  test("queryAll returns every value of a name in order", () => {
    expect(event.queryAll("q")).toEqual(["first", "second"]);
    expect(event.queryAll("tag")).toEqual(["a b", "c d"]);
    expect(event.queryAll("missing")).toEqual([]);
  });

  test("queryAll returns a new array each call", () => {
    const values = event.queryAll("q");
    values.push("changed");
    expect(event.queryAll("q")).toEqual(["first", "second"]);
  });

  test("query is a null-prototype record: __proto__ and constructor are plain names", () => {
    const odd = httpEvent({ path: "/?__proto__=x&constructor=y" });
    expect(Object.keys(odd.query)).toEqual(["__proto__", "constructor"]);
    expect([odd.query[PROTO], odd.query.constructor]).toEqual(["x", "y"]);
    expect(httpEvent().query.constructor).toBeUndefined();
  });
});

describe("headers and cookies", () => {
  test("headers have lower-case names; repeats joined with ', ' and cookie with '; '", () => {
    const event = httpEvent({ headers: { Accept: ["text/html", "application/json"], "X-Id": "7", Cookie: ["a=1", "b=2"] } });
    expect({ ...event.headers }).toEqual({ accept: "text/html, application/json", "x-id": "7", cookie: "a=1; b=2" });
  });

  test("cookies parses quoted and percent-encoded values, first wins, malformed skipped", () => {
    const event = httpEvent({ headers: { cookie: 'sid="abc"; name=Zo%C3%AB; sid=second; junk; =x; empty=' } });
    expect({ ...event.cookies }).toEqual({ sid: "abc", name: "Zoë", empty: "" });
    expect(event.cookies).toBe(event.cookies);
  });

  test("cookies is empty without a cookie header", () => {
    expect(Object.keys(httpEvent().cookies)).toEqual([]);
  });

  test("a __proto__ header or cookie is a plain key and pollutes nothing", () => {
    const event = createHttpEvent({
      method: "GET",
      path: "/",
      headers: mergeHeaders(JSON.parse('{"__proto__":"evil","cookie":"__proto__=x"}') as Record<string, string>),
      raw: null,
    });
    expect(Object.keys(event.headers)).toEqual(["__proto__", "cookie"]);
    expect(event.headers[PROTO]).toBe("evil");
    expect(event.cookies[PROTO]).toBe("x");
    expect(Object.getPrototypeOf(Object.getPrototypeOf(event.cookies))).toBeNull();
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
  });
});

describe("toRequest()", () => {
  test("builds a Request from host, x-forwarded-proto, path, query, method, headers and body", async () => {
    const event = httpEvent({
      method: "POST",
      path: "/items?x=1",
      headers: { host: "api.example.com", "x-forwarded-proto": "http, https", "content-type": "text/plain", "x-a": ["1", "2"] },
      body: "hello",
    });
    const request = event.toRequest();
    expect([request.url, request.method]).toEqual(["http://api.example.com/items?x=1", "POST"]);
    expect(Object.fromEntries(request.headers)).toEqual({
      host: "api.example.com",
      "x-forwarded-proto": "http, https",
      "content-type": "text/plain",
      "x-a": "1, 2",
    });
    expect(await request.text()).toBe("hello");
  });

  test("defaults to https://localhost and keeps the path's percent-encoding", () => {
    expect(httpEvent({ path: "/a%2Fb" }).toRequest().url).toBe("https://localhost/a%2Fb");
  });

  test("returns the same Request on a second call", () => {
    const event = httpEvent({ method: "PUT", body: "x" });
    expect(event.toRequest()).toBe(event.toRequest());
  });

  test("a GET or HEAD request has no body", () => {
    for (const method of ["GET", "HEAD"]) {
      expect(createHttpEvent({ method, path: "/", headers: {}, body: "ignored", raw: null }).toRequest().body).toBeNull();
    }
  });

  test("a POST with an empty body has no body", () => {
    expect(httpEvent({ method: "POST", body: "" }).toRequest().body).toBeNull();
    expect(httpEvent({ method: "POST", body: new Uint8Array(0) }).toRequest().body).toBeNull();
  });

  test("sends a byte body and a lazily read body", async () => {
    const bytes = new Uint8Array([0, 255, 1]);
    expect(new Uint8Array(await httpEvent({ method: "POST", body: bytes }).toRequest().arrayBuffer())).toEqual(bytes);
    const read = vi.fn(async () => bytes);
    const event = createHttpEvent({ method: "POST", path: "/", headers: { host: "h" }, body: read, raw: null });
    expect(new Uint8Array(await event.toRequest().arrayBuffer())).toEqual(bytes);
    expect(read).toHaveBeenCalledTimes(1);
  });

  test("sends a base64 body decoded", async () => {
    const event = createHttpEvent({ method: "POST", path: "/", headers: {}, body: { base64: "aGk=" }, raw: null });
    expect(await event.toRequest().text()).toBe("hi");
  });

  test("uses the adapter's own toRequest once", () => {
    const own = new Request("https://own.example/");
    const toRequest = vi.fn(() => own);
    const event = createHttpEvent({ method: "GET", path: "/", headers: {}, raw: null, toRequest });
    expect(event.toRequest()).toBe(own);
    expect(event.toRequest()).toBe(own);
    expect(toRequest).toHaveBeenCalledTimes(1);
  });
});
