import { describe, expect, test } from "vitest";
import { forwardedClientAddress } from "../adapter.ts";

describe("forwardedClientAddress", () => {
  test("takes the entry the trusted proxy appended, never the client's own claim", () => {
    // The client sent `x-forwarded-for: 10.0.0.1`; the provider's front end appended the address it saw.
    expect(forwardedClientAddress("10.0.0.1, 203.0.113.7")).toBe("203.0.113.7");
    expect(forwardedClientAddress("203.0.113.7")).toBe("203.0.113.7");
  });

  test("behind two trusted proxies, the second entry from the right", () => {
    expect(forwardedClientAddress("10.0.0.1, 203.0.113.7, 198.51.100.2", { trustedProxies: 2 })).toBe("203.0.113.7");
    expect(forwardedClientAddress("198.51.100.2", { trustedProxies: 2 })).toBeUndefined();
  });

  test("drops ports and IPv6 brackets, keeps a bare IPv6 address, skips empty entries", () => {
    expect(forwardedClientAddress("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(forwardedClientAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(forwardedClientAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(forwardedClientAddress("203.0.113.7, ,")).toBe("203.0.113.7");
  });

  test("is undefined without the header or with an empty one", () => {
    expect(forwardedClientAddress(undefined)).toBeUndefined();
    expect(forwardedClientAddress("")).toBeUndefined();
    expect(forwardedClientAddress(" , ")).toBeUndefined();
  });

  test("refuses a trust count that is not a whole number from 1", () => {
    expect(() => forwardedClientAddress("1.2.3.4", { trustedProxies: 0 })).toThrow(
      new RangeError("forwardedClientAddress(): trustedProxies must be a whole number from 1, got 0"),
    );
    expect(() => forwardedClientAddress("1.2.3.4", { trustedProxies: 1.5 })).toThrow(RangeError);
  });
});

test("an entry with an opening bracket and no closing one is kept as it is", () => {
  expect(forwardedClientAddress("[2001:db8::1")).toBe("[2001:db8::1");
});
