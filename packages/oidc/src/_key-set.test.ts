import { describe, expect, test } from "vitest";
import { freshnessMs } from "./_key-set.ts";

const NOW = Date.parse("2026-12-02T10:00:00Z");
const fresh = (headers: Record<string, string>): number | undefined => freshnessMs(new Headers(headers), NOW);

describe("freshnessMs: how long the keys may be kept, from the JWKS response's cache headers", () => {
  test("Google's own header: max-age", () => {
    expect(fresh({ "cache-control": "public, max-age=20366, must-revalidate, no-transform" })).toBe(20_366_000);
  });

  test("Age is subtracted from max-age (a response that sat in a shared cache)", () => {
    expect(fresh({ "cache-control": "public, max-age=600", age: "100" })).toBe(500_000);
    expect(fresh({ "cache-control": "max-age=60", age: "100" })).toBe(0);
  });

  test("s-maxage is not max-age", () => {
    expect(fresh({ "cache-control": "s-maxage=600" })).toBeUndefined();
  });

  test("no-store and no-cache mean not at all", () => {
    expect(fresh({ "cache-control": "no-store" })).toBe(0);
    expect(fresh({ "cache-control": "public, no-cache, max-age=600" })).toBe(0);
  });

  test("Expires less Date when there is no max-age; an invalid Expires is already expired", () => {
    expect(fresh({ expires: "Wed, 02 Dec 2026 11:00:00 GMT", date: "Wed, 02 Dec 2026 10:30:00 GMT" })).toBe(1_800_000);
    expect(fresh({ expires: "Wed, 02 Dec 2026 11:00:00 GMT" })).toBe(3_600_000);
    expect(fresh({ expires: "0" })).toBe(0);
  });

  test("nothing said: undefined (the key set then uses its default)", () => {
    expect(fresh({})).toBeUndefined();
    expect(fresh({ "cache-control": "public" })).toBeUndefined();
  });
});
