import { describe, expect, it } from "vitest";
import { mismatches } from "./compare.ts";

describe("mismatches", () => {
  it("compares only the keys an expected object names", () => {
    expect(mismatches({ a: 1, b: 2 }, { a: 1 })).toEqual([]);
    expect(mismatches({ a: 1, b: 2 }, { a: 2 })).toEqual(["a: expected 2, got 1"]);
  });

  it("compares arrays by length and order", () => {
    expect(mismatches([1, 2], [1, 2])).toEqual([]);
    expect(mismatches([2, 1], [1, 2])).toEqual(["[0]: expected 1, got 2", "[1]: expected 2, got 1"]);
    expect(mismatches([1], [1, 2])).toEqual(["(root): expected [1,2], got [1]"]);
  });

  it("applies $startsWith, $absent, $fromDelivery and $near", () => {
    expect(mismatches({ e: "Body is not valid JSON: x" }, { e: { $startsWith: "Body is not" } })).toEqual([]);
    expect(mismatches({ e: "nope" }, { e: { $startsWith: "Body" } })).toEqual(['e: expected a string starting with "Body", got "nope"']);
    expect(mismatches({ h: "a,b" }, { h: { $oneOf: ["a, b", "a,b"] } })).toEqual([]);
    expect(mismatches({ h: "a;b" }, { h: { $oneOf: ["a, b", "a,b"] } })).toEqual(['h: expected one of "a, b", "a,b", got "a;b"']);
    expect(mismatches({ e: "keys [a, b]" }, { e: { $contains: ["a", "b"] } })).toEqual([]);
    expect(mismatches({ e: "keys [a]" }, { e: { $contains: ["a", "zz"] } })).toEqual([
      'e: expected a string containing "zz", got "keys [a]"',
    ]);
    expect(mismatches({}, { h: { $absent: true } })).toEqual([]);
    expect(mismatches({ h: "x" }, { h: { $absent: true } })).toEqual(['h: expected no value, got "x"']);
    expect(mismatches({ id: "r1" }, { id: { $fromDelivery: "requestId" } }, { requestId: "r1" })).toEqual([]);
    expect(mismatches({ id: "r2" }, { id: { $fromDelivery: "requestId" } }, { requestId: "r1" })).toEqual([
      'id: expected "r1" (the delivery\'s requestId), got "r2"',
    ]);
    expect(mismatches({ d: 1050 }, { d: { $near: "deadline", within: 100 } }, { deadline: 1000 })).toEqual([]);
    expect(mismatches({ d: 1200 }, { d: { $near: "deadline", within: 100 } }, { deadline: 1000 })).toEqual([
      "d: expected 1000 ± 100 (the delivery's deadline), got 1200",
    ]);
  });

  it("reports a missing value where an object was expected", () => {
    expect(mismatches(undefined, { kind: "http" }, {}, "event")).toEqual(['event: expected an object like {"kind":"http"}, got undefined']);
  });
});
