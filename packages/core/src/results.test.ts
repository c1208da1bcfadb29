import { describe, expect, test } from "vitest";
import { encodeHttpResult } from "./adapter.ts";
import { html, json, redirect, text } from "./index.ts";

const JSON_TYPE = "application/json; charset=utf-8";

describe("json()", () => {
  test("serialises data with status 200 and a JSON content type", () => {
    expect(json({ a: [1, "b"] })).toStrictEqual({ status: 200, headers: { "content-type": JSON_TYPE }, body: '{"a":[1,"b"]}' });
  });

  test("sends undefined as null", () => {
    expect(json(undefined).body).toBe("null");
  });

  test("takes status, extra headers and cookies", () => {
    expect(json({ ok: true }, { status: 201, headers: { "x-id": "7" }, cookies: ["a=1"] })).toStrictEqual({
      status: 201,
      headers: { "content-type": JSON_TYPE, "x-id": "7" },
      cookies: ["a=1"],
      body: '{"ok":true}',
    });
  });

  test("a content-type in the options replaces the default", () => {
    expect(json({}, { headers: { "content-type": "application/problem+json" } }).headers).toEqual({
      "content-type": "application/problem+json",
    });
  });

  test("a Content-Type in the options replaces the default whatever its case", async () => {
    const encoded = await encodeHttpResult(json({}, { headers: { "Content-Type": "application/problem+json", "X-A": "1" } }));
    expect({ ...encoded.headers }).toEqual({ "content-type": "application/problem+json", "x-a": "1" });
    const page = await encodeHttpResult(html("<p/>", { headers: { "CONTENT-TYPE": "text/html; charset=iso-8859-1" } }));
    expect({ ...page.headers }).toEqual({ "content-type": "text/html; charset=iso-8859-1" });
  });
});

describe("response options", () => {
  test.each([
    [{ statusCode: 404 }, 'unknown key "statusCode" (fnport names it status)'],
    [{ status: 201, cookie: "a=1" }, 'unknown key "cookie"'],
  ])("json(data, %j) throws, naming the option", (options, why) => {
    expect(() => json({}, options as never)).toThrow(
      new TypeError(`Invalid response options: ${why} (options are status, headers and cookies)`),
    );
    expect(() => text("", options as never)).toThrow(TypeError);
  });
});

describe("text() and html()", () => {
  test("text() sends plain text", () => {
    expect(text("hi")).toStrictEqual({ status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: "hi" });
  });

  test("html() sends HTML with options", () => {
    expect(html("<p>x</p>", { status: 404, headers: { "cache-control": "no-store" } })).toStrictEqual({
      status: 404,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      cookies: undefined,
      body: "<p>x</p>",
    });
  });
});

describe("redirect()", () => {
  test("defaults to 302 with a location and no body", () => {
    expect(redirect("/login?next=%2F")).toStrictEqual({ status: 302, headers: { location: "/login?next=%2F" }, body: null });
  });

  test.each([301, 302, 303, 307, 308] as const)("takes status %i", (status) => {
    expect(redirect("https://example.com/", status).status).toBe(status);
  });

  test.each([200, 300, 304, 309, 302.5])("throws a RangeError for status %s", (status) => {
    expect(() => redirect("/", status as 302)).toThrow(new RangeError(`redirect status must be 301, 302, 303, 307 or 308, got ${status}`));
  });
});
