import { describe, expect, test } from "vitest";
import { buildQuery, parseQueryPairs } from "../adapter.ts";

describe("parseQueryPairs", () => {
  test("returns every pair decoded, in order, keeping repeats", () => {
    expect(parseQueryPairs("a=1&b=x%20y&a=2&c=one+two&d=%2B")).toEqual([
      ["a", "1"],
      ["b", "x y"],
      ["a", "2"],
      ["c", "one two"],
      ["d", "+"],
    ]);
  });

  test("reads a name without = as an empty value and skips empty parts", () => {
    expect(parseQueryPairs("flag&&x=&=v&y=a=b")).toEqual([
      ["flag", ""],
      ["x", ""],
      ["", "v"],
      ["y", "a=b"],
    ]);
  });

  test("keeps malformed percent-encoding as sent (with + still a space)", () => {
    expect(parseQueryPairs("bad=%E0%A4%A&pct=100%&sp=a+%ZZ")).toEqual([
      ["bad", "%E0%A4%A"],
      ["pct", "100%"],
      ["sp", "a %ZZ"],
    ]);
  });

  test("decodes names as well as values", () => {
    expect(parseQueryPairs("na%6De=v&a+b=c")).toEqual([
      ["name", "v"],
      ["a b", "c"],
    ]);
  });

  test("returns no pairs for an empty query", () => {
    expect(parseQueryPairs("")).toEqual([]);
  });
});

describe("buildQuery", () => {
  test("encodes single values, skipping undefined", () => {
    expect(buildQuery({ q: "a b", amp: "x&y=z", none: undefined, plus: "1+1", ü: "é" })).toBe(
      "q=a+b&amp=x%26y%3Dz&plus=1%2B1&%C3%BC=%C3%A9",
    );
  });

  test("repeats multi values in order and ignores single values when multi values are given", () => {
    expect(buildQuery({ ignored: "1" }, { a: ["1", "2"], b: [], c: undefined, d: ["x"] })).toBe("a=1&a=2&d=x");
  });

  test("is empty without parameters", () => {
    expect(buildQuery(null)).toBe("");
    expect(buildQuery(undefined, null)).toBe("");
    expect(buildQuery({}, {})).toBe("");
  });

  test("round-trips through parseQueryPairs", () => {
    const multi = { "a b": ["1 2", "x+y"], "k&=": ["%41", "😀", ""], plain: ["v"] };
    expect(parseQueryPairs(buildQuery(null, multi))).toEqual([
      ["a b", "1 2"],
      ["a b", "x+y"],
      ["k&=", "%41"],
      ["k&=", "😀"],
      ["k&=", ""],
      ["plain", "v"],
    ]);
  });
});
