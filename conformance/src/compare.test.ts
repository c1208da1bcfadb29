import { describe, expect, it } from "vitest";
import { CaseError, checkExpected, mismatches } from "./compare.ts";

const because = "a reason";

describe("mismatches: plain values are exact", () => {
  it("an object has exactly the keys expected: an extra one fails, a missing one fails", () => {
    expect(mismatches({ a: 1 }, { a: 1 })).toEqual([]);
    expect(mismatches({ a: 1, b: 2 }, { a: 1 })).toEqual(["b: unexpected 2 (the case expects no such key)"]);
    expect(mismatches({ a: 1 }, { a: 1, b: 2 })).toEqual(["b: expected 2, got undefined"]);
    expect(mismatches({ a: 1, b: 2 }, { a: 2 })).toEqual(["a: expected 2, got 1", "b: unexpected 2 (the case expects no such key)"]);
  });

  it("an expected {} matches only {}", () => {
    expect(mismatches({}, {})).toEqual([]);
    expect(mismatches({ stack: "x" }, {})).toEqual(['stack: unexpected "x" (the case expects no such key)']);
    expect(mismatches([], {})).toEqual(["(root): expected an object {}, got []"]);
    expect(mismatches(null, {})).toEqual(["(root): expected an object {}, got null"]);
  });

  it("a key whose value is undefined counts as absent", () => {
    expect(mismatches({ a: 1, ip: undefined }, { a: 1 })).toEqual([]);
  });

  it("nested extra keys are named by path", () => {
    expect(mismatches({ error: { message: "m", stack: "s" } }, { error: { message: "m" } }, {}, "body")).toEqual([
      'body.error.stack: unexpected "s" (the case expects no such key)',
    ]);
  });

  it("compares arrays by length and order", () => {
    expect(mismatches([1, 2], [1, 2])).toEqual([]);
    expect(mismatches([2, 1], [1, 2])).toEqual(["[0]: expected 1, got 2", "[1]: expected 2, got 1"]);
    expect(mismatches([1], [1, 2])).toEqual(["(root): expected 2 items [1,2], got 1: [1]"]);
    expect(mismatches({ 0: 1 }, [1])).toEqual(['(root): expected an array [1], got {"0":1}']);
  });

  it("compares other values with Object.is", () => {
    expect(mismatches(0, -0)).toEqual(["(root): expected 0, got 0"]);
    expect(mismatches("1", 1)).toEqual(['(root): expected 1, got "1"']);
    expect(mismatches(Number.NaN, Number.NaN)).toEqual([]);
  });

  it("reports a missing value where an object was expected", () => {
    expect(mismatches(undefined, { kind: "http" }, {}, "event")).toEqual(['event: expected an object {"kind":"http"}, got undefined']);
  });
});

describe("matchers", () => {
  it("$startsWith holds strings only", () => {
    expect(mismatches({ e: "Body is not valid JSON: x" }, { e: { $startsWith: "Body is not", because } })).toEqual([]);
    expect(mismatches({ e: "nope" }, { e: { $startsWith: "Body", because } })).toEqual([
      'e: expected a string starting with "Body", got "nope"',
    ]);
    expect(mismatches({ e: 5 }, { e: { $startsWith: "5", because } })).toEqual(['e: expected a string starting with "5", got 5']);
  });

  it("$contains needs every part, in a string", () => {
    expect(mismatches({ e: "keys [a, b]" }, { e: { $contains: ["a", "b"], because } })).toEqual([]);
    expect(mismatches({ e: "keys [a]" }, { e: { $contains: ["a", "zz"], because } })).toEqual([
      'e: expected a string containing "zz", got "keys [a]"',
    ]);
    expect(mismatches({ e: ["a"] }, { e: { $contains: ["a"], because } })).toEqual(['e: expected a string containing "a", got ["a"]']);
    expect(mismatches({}, { e: { $contains: ["a"], because } })).toEqual(['e: expected a string containing "a", got undefined']);
  });

  it("$oneOf compares each option strictly", () => {
    expect(mismatches({ h: "a,b" }, { h: { $oneOf: ["a, b", "a,b"], because } })).toEqual([]);
    expect(mismatches({ h: "a;b" }, { h: { $oneOf: ["a, b", "a,b"], because } })).toEqual(['h: expected one of "a, b", "a,b", got "a;b"']);
    // An option that is an object matches only that object, not one with more keys.
    expect(mismatches({ h: { a: 1, b: 2 } }, { h: { $oneOf: [{ a: 1 }, { b: 2 }], because } })).toEqual([
      'h: expected one of {"a":1}, {"b":2}, got {"a":1,"b":2}',
    ]);
  });

  it("$absent wants no value", () => {
    expect(mismatches({}, { h: { $absent: true } })).toEqual([]);
    expect(mismatches({ h: "x" }, { h: { $absent: true } })).toEqual(['h: expected no value, got "x"']);
    expect(mismatches({ h: null }, { h: { $absent: true } })).toEqual(["h: expected no value, got null"]);
  });

  it("$fromDelivery compares with what the harness reported; a request id the provider did not give is a random UUID", () => {
    expect(mismatches({ id: "r1" }, { id: { $fromDelivery: "requestId" } }, { requestId: "r1" })).toEqual([]);
    expect(mismatches({ id: "r2" }, { id: { $fromDelivery: "requestId" } }, { requestId: "r1" })).toEqual([
      'id: expected "r1" (the delivery\'s requestId), got "r2"',
    ]);
    expect(mismatches({ id: "0b5f6c1e-1c4e-4d7a-9a55-2f7e3d8c9b10" }, { id: { $fromDelivery: "requestId" } })).toEqual([]);
    expect(mismatches({ id: "r1" }, { id: { $fromDelivery: "requestId" } })).toEqual([
      'id: expected a random UUID (the provider gave no request id), got "r1"',
    ]);
    expect(mismatches({ ip: "1.2.3.4" }, { ip: { $fromDelivery: "clientIp" } })).toEqual(["ip: the harness reported no clientIp"]);
  });

  it("$near allows its window around the delivery's value, or around the interval the harness knows it within", () => {
    const near = { $near: "deadline", within: 100, because };
    expect(mismatches({ d: 1050 }, { d: near }, { deadline: 1000 })).toEqual([]);
    expect(mismatches({ d: 900 }, { d: near }, { deadline: 1000 })).toEqual([]);
    expect(mismatches({ d: 899 }, { d: near }, { deadline: 1000 })).toEqual(["d: expected 1000 ± 100 (the delivery's deadline), got 899"]);
    expect(mismatches({ d: 1101 }, { d: near }, { deadline: 1000 })).toEqual([
      "d: expected 1000 ± 100 (the delivery's deadline), got 1101",
    ]);
    expect(mismatches({ d: 1400 }, { d: near }, { deadline: 1000, deadlineLatest: 1300 })).toEqual([]);
    expect(mismatches({ d: 1401 }, { d: near }, { deadline: 1000, deadlineLatest: 1300 })).toEqual([
      "d: expected between 1000 and 1300, ± 100 (the delivery's deadline), got 1401",
    ]);
    expect(mismatches({ d: "1000" }, { d: near }, { deadline: 1000 })).toEqual([
      'd: expected 1000 ± 100 (the delivery\'s deadline), got "1000"',
    ]);
  });

  it("$during wants an ISO 8601 UTC time within the step", () => {
    const during = { from: Date.parse("2026-01-01T00:00:00.000Z"), until: Date.parse("2026-01-01T00:00:01.000Z") };
    expect(mismatches({ t: "2026-01-01T00:00:00.500Z" }, { t: { $during: "step" } }, { during })).toEqual([]);
    expect(mismatches({ t: "2026-01-01T00:00:02.000Z" }, { t: { $during: "step" } }, { during })).toEqual([
      't: expected an ISO 8601 UTC time during the step (2026-01-01T00:00:00.000Z to 2026-01-01T00:00:01.000Z), got "2026-01-01T00:00:02.000Z"',
    ]);
    expect(mismatches({ t: "2026-01-01 00:00:00" }, { t: { $during: "step" } }, { during })).toHaveLength(1);
  });
});

describe("a malformed expectation is an error in the case", () => {
  const wrong = (expected: unknown, message: string) => {
    expect(() => mismatches("x", expected)).toThrow(new CaseError(message));
    expect(() => checkExpected({ at: expected })).toThrow(CaseError);
  };

  it("an unknown matcher key", () => {
    wrong(
      { $startWith: "x" },
      '(root): unknown matcher key "$startWith" (the suite knows $startsWith, $contains, $oneOf, $absent, $during, $fromDelivery, $near) in {"$startWith":"x"}',
    );
  });

  it("another key beside a matcher", () => {
    wrong({ $absent: true, why: "x" }, '(root): $absent takes no key "why" in {"$absent":true,"why":"x"}');
    wrong({ $absent: true, $oneOf: [1, 2] }, '(root): one matcher per value, got $absent and $oneOf in {"$absent":true,"$oneOf":[1,2]}');
  });

  it("a matcher that lets a value vary without saying why", () => {
    wrong({ $startsWith: "x" }, '(root): $startsWith lets the value vary: say why in "because" in {"$startsWith":"x"}');
    wrong(
      { $near: "deadline", within: 5, because: " " },
      '(root): $near lets the value vary: say why in "because" in {"$near":"deadline","within":5,"because":" "}',
    );
  });

  it("matcher values of the wrong kind", () => {
    wrong({ $absent: false }, '(root): $absent takes the value true in {"$absent":false}');
    wrong(
      { $contains: [], because },
      '(root): $contains takes a non-empty array of non-empty strings in {"$contains":[],"because":"a reason"}',
    );
    wrong(
      { $contains: [""], because },
      '(root): $contains takes a non-empty array of non-empty strings in {"$contains":[""],"because":"a reason"}',
    );
    wrong({ $oneOf: ["a"], because }, '(root): $oneOf takes an array of at least two options in {"$oneOf":["a"],"because":"a reason"}');
    wrong(
      { $fromDelivery: "deadlines" },
      '(root): $fromDelivery takes one of requestId, deadline, clientIp, provider in {"$fromDelivery":"deadlines"}',
    );
    wrong(
      { $near: "deadline", because },
      '(root): $near needs within: a finite number of milliseconds ≥ 0 in {"$near":"deadline","because":"a reason"}',
    );
    wrong({ $during: "case" }, '(root): $during takes "step" in {"$during":"case"}');
  });

  it("an undefined expectation", () => {
    expect(() => mismatches({ a: 1 }, { a: undefined })).toThrow(
      new CaseError("a: undefined is not an expectation (write { $absent: true }, or leave the key out)"),
    );
  });

  it("checkExpected looks inside $oneOf options and arrays, not only where a comparison reaches", () => {
    expect(() => checkExpected({ a: [{ b: { $oneOf: [{ $absent: true }, { $nope: 1 }], because } }] })).toThrow(
      new CaseError(
        'a[0].b.$oneOf[1]: unknown matcher key "$nope" (the suite knows $startsWith, $contains, $oneOf, $absent, $during, $fromDelivery, $near) in {"$nope":1}',
      ),
    );
    expect(() => checkExpected({ a: [1, { b: "ok" }], c: { $absent: true } })).not.toThrow();
  });
});
