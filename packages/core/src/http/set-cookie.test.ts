import { describe, expect, test } from "vitest";
import { parseSetCookie } from "../adapter.ts";

describe("parseSetCookie", () => {
  test("reads every standard attribute", () => {
    expect(
      parseSetCookie(
        "id=a%20b; Domain=.Example.TEST; Path=/app; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=lax; Partitioned",
      ),
    ).toEqual({
      name: "id",
      value: "a%20b",
      domain: "example.test",
      path: "/app",
      expires: new Date("2026-10-21T07:28:00.000Z"),
      maxAge: 3600,
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
      partitioned: true,
    });
  });

  test("a bare pair has no attributes; quotes and `=` inside the value are kept", () => {
    expect(parseSetCookie("a=1")).toEqual({ name: "a", value: "1" });
    expect(parseSetCookie(' q = "x=y" ')).toEqual({ name: "q", value: '"x=y"' });
    expect(parseSetCookie("gone=; Max-Age=0")).toEqual({ name: "gone", value: "", maxAge: 0 });
  });

  test("reads attribute names in any case and keeps the last of a repeated one", () => {
    expect(parseSetCookie("a=1; PATH=/x; path=/y; SECURE; samesite=STRICT; max-age=-1")).toEqual({
      name: "a",
      value: "1",
      path: "/y",
      secure: true,
      sameSite: "Strict",
      maxAge: -1,
    });
  });

  test("ignores values it cannot use, as browsers do", () => {
    expect(parseSetCookie("a=1; Expires=someday; Max-Age=1h; Path=relative; Domain=; SameSite=Sometimes; ;")).toEqual({
      name: "a",
      value: "1",
    });
  });

  test("keeps unknown attributes as sent, in order", () => {
    expect(parseSetCookie("a=1; Priority=High; Foo")).toEqual({ name: "a", value: "1", extensions: ["Priority=High", "Foo"] });
  });

  test("a line without `=` is a cookie with an empty name (RFC 6265bis)", () => {
    expect(parseSetCookie("token; Path=/")).toEqual({ name: "", value: "token", path: "/" });
  });
});

describe("parseSetCookie, value by value", () => {
  test("SameSite=none is None; an unknown SameSite leaves no key", () => {
    expect(parseSetCookie("a=1; SameSite=none").sameSite).toBe("None");
    expect(parseSetCookie("a=1; SameSite=Bogus")).toStrictEqual({ name: "a", value: "1" });
  });

  test("a Max-Age with anything before its digits is ignored", () => {
    expect(parseSetCookie("a=1; Max-Age=x5")).toStrictEqual({ name: "a", value: "1" });
  });

  test("an attribute without = has an empty value: Domain alone sets nothing", () => {
    expect(parseSetCookie("a=1; Domain")).toStrictEqual({ name: "a", value: "1" });
  });

  test("values are trimmed; a domain keeps its first letter when it has no leading dot", () => {
    expect(parseSetCookie("a=1; Path= /x ; Domain=Example.com")).toStrictEqual({
      name: "a",
      value: "1",
      path: "/x",
      domain: "example.com",
    });
  });

  test("a line without = is a trimmed value with an empty name", () => {
    expect(parseSetCookie(" abc ; Secure")).toStrictEqual({ name: "", value: "abc", secure: true });
  });
});
