import { describe, expect, test } from "vitest";
import { appendHeader, assertValidHeader, emptyRecord, mergeHeaders, parseCookies } from "../adapter.ts";

// A computed key: Biome flags `x.__proto__`; on these null-prototype records both read the own key.
const PROTO: string = "__proto__";

describe("emptyRecord", () => {
  test("inherits nothing, so __proto__ and constructor are plain keys", () => {
    const record = emptyRecord<string>();
    expect(record.constructor).toBeUndefined();
    expect("toString" in record).toBe(false);
    const constructorKey: string = "constructor";
    record[PROTO] = "x";
    record[constructorKey] = "y";
    expect(Object.keys(record)).toEqual(["__proto__", "constructor"]);
    expect(record[PROTO]).toBe("x");
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});

describe("appendHeader", () => {
  test("lower-cases the name and joins repeats with ', ' (cookie with '; ')", () => {
    const headers = emptyRecord<string>();
    appendHeader(headers, "Accept", "text/html");
    appendHeader(headers, "ACCEPT", "application/json");
    appendHeader(headers, "Cookie", "a=1");
    appendHeader(headers, "cookie", "b=2");
    appendHeader(headers, "X-Empty", "");
    expect({ ...headers }).toEqual({ accept: "text/html, application/json", cookie: "a=1; b=2", "x-empty": "" });
  });
});

describe("mergeHeaders", () => {
  test("builds lower-case headers from a single-value record, skipping undefined", () => {
    expect({ ...mergeHeaders({ "Content-Type": "text/plain", Host: "a.example", "X-None": undefined }) }).toEqual({
      "content-type": "text/plain",
      host: "a.example",
    });
  });

  test("joins multi-value headers and reads only them when both records are given", () => {
    const headers = mergeHeaders(
      { "X-Single": "ignored", Accept: "ignored" },
      { Accept: ["a/b", "c/d"], Cookie: ["a=1", "b=2"], "X-None": undefined, "X-Empty": [] },
    );
    expect({ ...headers }).toEqual({ accept: "a/b, c/d", cookie: "a=1; b=2" });
  });

  test("copies an all lower-case record (as API Gateway v2 sends) in order, into a null-prototype record", () => {
    const native = { host: "a.example", "content-type": "text/plain", cookie: "a=1" };
    for (let round = 0; round < 2; round++) {
      const headers = mergeHeaders(native);
      expect(headers).not.toBe(native);
      expect(Object.entries(headers)).toEqual(Object.entries(native));
      expect(Object.getPrototypeOf(Object.getPrototypeOf(headers))).toBeNull();
    }
    expect({ ...mergeHeaders({ host: "a.example", "x-none": undefined }) }).toEqual({ host: "a.example" });
  });

  test("keeps a lower-case __proto__ header as a plain key", () => {
    const headers = mergeHeaders(JSON.parse('{"__proto__":"evil","x-a":"1"}') as Record<string, string>);
    expect(Object.keys(headers)).toEqual(["__proto__", "x-a"]);
    expect([headers[PROTO], Object.getPrototypeOf(Object.getPrototypeOf(headers))]).toEqual(["evil", null]);
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
  });

  test("joins names that differ only in case", () => {
    expect({ ...mergeHeaders({ "X-A": "1", "x-a": "2" }) }).toEqual({ "x-a": "1, 2" });
  });

  test("returns an empty null-prototype record without headers", () => {
    for (const headers of [mergeHeaders(null), mergeHeaders(undefined, null), mergeHeaders({})]) {
      expect(Object.keys(headers)).toEqual([]);
      expect(Object.getPrototypeOf(Object.getPrototypeOf(headers))).toBeNull();
    }
  });

  test("keeps a __proto__ header as a plain key", () => {
    const headers = mergeHeaders(JSON.parse('{"__proto__":"evil","X-A":"1"}') as Record<string, string>);
    expect(Object.keys(headers)).toEqual(["__proto__", "x-a"]);
    expect(headers[PROTO]).toBe("evil");
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
  });
});

describe("parseCookies", () => {
  test("parses plain, quoted and percent-encoded values; the first value of a name wins", () => {
    expect({ ...parseCookies('a=1; b="quoted value"; c=%E2%9C%93; a=2; d=; e = spaced ; f=x=y') }).toEqual({
      a: "1",
      b: "quoted value",
      c: "✓",
      d: "",
      e: "spaced",
      f: "x=y",
    });
  });

  test("skips malformed pairs and keeps malformed percent-encoding", () => {
    expect({ ...parseCookies('novalue; =anon; ;  ; ok=1; bad=%E0%A4%A; q="; lone="') }).toEqual({
      ok: "1",
      bad: "%E0%A4%A",
      q: '"',
      lone: '"',
    });
  });

  test("returns an empty record without a header", () => {
    expect(Object.keys(parseCookies(undefined))).toEqual([]);
    expect(Object.keys(parseCookies(""))).toEqual([]);
  });

  test("keeps __proto__ and constructor cookies as plain keys", () => {
    const cookies = parseCookies("__proto__=x; constructor=y; toString=z");
    expect(Object.keys(cookies)).toEqual(["__proto__", "constructor", "toString"]);
    expect([cookies[PROTO], cookies.constructor, cookies.toString]).toEqual(["x", "y", "z"]);
  });
});

describe("assertValidHeader", () => {
  test("accepts RFC 9110 token names and values without CR, LF or NUL", () => {
    expect(() => assertValidHeader("X-Custom_1!#$%&'*+.^`|~", "any value\twith tab")).not.toThrow();
    expect(() => assertValidHeader("x-empty", "")).not.toThrow();
  });

  test.each([
    ["", '""'],
    ["x y", '"x y"'],
    ["x\r\ny", '"x\\r\\ny"'],
    ["x:y", '"x:y"'],
    ["é", '"é"'],
  ])("rejects the name %j", (name, shown) => {
    expect(() => assertValidHeader(name, "v")).toThrow(
      new TypeError(`Invalid header name in result: ${shown} (RFC 9110 token characters only)`),
    );
  });

  test.each(["a\rb", "a\nb", "a\0b", "a\r\nset-cookie: x=1", "a\u0001b", "a\u001fb", "a\u007fb", "\u0100", "文件.pdf", "😀"])(
    "rejects the value %j",
    (value) => {
      expect(() => assertValidHeader("x-ok", value)).toThrow(
        new TypeError(
          'Invalid value for header "x-ok" in result: control characters (but tab) and characters above U+00FF are not allowed',
        ),
      );
    },
  );

  test.each(["", "a\tb", " !~", "caf\u00e9", "\u0080\u00ff"])(
    "accepts the value %j (tab, visible ASCII, space, U+0080–U+00FF)",
    (value) => {
      expect(() => assertValidHeader("x-ok", value)).not.toThrow();
    },
  );

  test("accepts the content types of json(), text() and html() and still checks others", () => {
    for (const value of ["application/json; charset=utf-8", "text/plain; charset=utf-8", "text/html; charset=utf-8"]) {
      expect(() => assertValidHeader("content-type", value)).not.toThrow();
    }
    expect(() => assertValidHeader("content-type", "application/json; charset=utf-8\r\nx: y")).toThrow(TypeError);
  });

  test("checks the value of a name seen valid before", () => {
    assertValidHeader("x-seen", "ok");
    expect(() => assertValidHeader("x-seen", "bad\n")).toThrow(TypeError);
  });
});

describe("mergeHeaders copies a single-value record as it is only when it can", () => {
  test("an undefined value never becomes a key", () => {
    expect(Object.keys(mergeHeaders({ "x-b": undefined }))).toEqual([]);
    expect(Object.keys(mergeHeaders({ "x-a": "1", "x-b": undefined }))).toEqual(["x-a"]);
    expect(Object.keys(mergeHeaders({ "x-b": undefined, "X-C": "3" }))).toEqual(["x-c"]);
  });

  test("an upper-case name is lower-cased", () => {
    expect(Object.entries(mergeHeaders({ "X-UPPER": "1" }))).toEqual([["x-upper", "1"]]);
  });
});

describe("parseCookies strips only a pair of quotes", () => {
  test("a quote at one end only stays", () => {
    expect({ ...parseCookies('a=x"; b="y; c="z"') }).toEqual({ a: 'x"', b: '"y', c: "z" });
  });
});
