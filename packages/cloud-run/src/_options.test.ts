import type { DeliveryVerifier } from "@fnport/core/adapter";
import { describe, expect, it } from "vitest";
import {
  checkedEventPaths,
  checkedEvents,
  checkedLimits,
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  listenPort,
} from "./_options.ts";

// Only its presence matters here: the options are checked before any delivery is verified.
const verifier: DeliveryVerifier = { verify: () => Promise.reject(new Error("not called")) };

describe("checkedLimits (toNodeHandler()'s limits)", () => {
  it("defaults to Cloud Run's: a 5-minute timeout, 32 MiB bodies, no response limit", () => {
    expect([DEFAULT_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, DEFAULT_DRAIN_TIMEOUT_MS]).toEqual([300_000, 33_554_432, 9_000]);
    expect(checkedLimits({})).toEqual({ timeoutMs: 300_000, maxBodyBytes: 33_554_432, maxResponseBytes: Number.POSITIVE_INFINITY });
  });

  it("takes each limit as given, the smallest response limit being 1024", () => {
    expect(checkedLimits({ timeoutMs: 0.5, maxBodyBytes: 1, maxResponseBytes: 1024 })).toEqual({
      timeoutMs: 0.5,
      maxBodyBytes: 1,
      maxResponseBytes: 1024,
    });
    expect(checkedLimits({ timeoutMs: Number.POSITIVE_INFINITY })).toEqual({
      timeoutMs: Number.POSITIVE_INFINITY,
      maxBodyBytes: 33_554_432,
      maxResponseBytes: Number.POSITIVE_INFINITY,
    });
  });

  it.each([
    ["timeoutMs", 0],
    ["timeoutMs", -1],
    ["maxBodyBytes", Number.NaN],
    ["maxBodyBytes", 0],
    ["maxResponseBytes", -1024],
  ])("rejects %s %s with a RangeError naming it", (name, value) => {
    expect(() => checkedLimits({ [name]: value })).toThrow(new RangeError(`${name} must be a positive number, got ${value}`));
  });

  it("rejects a limit that is not a number", () => {
    expect(() => checkedLimits({ timeoutMs: "5000" as unknown as number })).toThrow(
      new RangeError("timeoutMs must be a positive number, got 5000"),
    );
  });

  it("rejects a response limit under 1024 bytes: the generic 500 that replaces a larger body must fit", () => {
    expect(() => checkedLimits({ maxResponseBytes: 1023 })).toThrow(new RangeError("maxResponseBytes must be at least 1024, got 1023"));
  });
});

describe("checkedEvents", () => {
  it("turns deliveries into events unless told not to", () => {
    expect([checkedEvents(undefined, undefined), checkedEvents(true, verifier), checkedEvents(false, undefined)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("refuses a verifier when deliveries are not events: it would check nothing", () => {
    expect(() => checkedEvents(false, verifier)).toThrow(
      new TypeError("toNodeHandler(): verify checks event deliveries, and events: false has none"),
    );
  });
});

describe("checkedEventPaths", () => {
  it("is undefined (every path) without the option, a set of the paths with it", () => {
    expect(checkedEventPaths(undefined)).toBeUndefined();
    expect(checkedEventPaths("/events")).toEqual(new Set(["/events"]));
    expect(checkedEventPaths(["/a", "/b", "/a"])).toEqual(new Set(["/a", "/b"]));
    expect(checkedEventPaths([])).toEqual(new Set());
  });

  it.each([
    ["events", '"events"'],
    ["", '""'],
    [["/a", "b"], '"b"'],
    [[7], "7"],
  ])("refuses %j, a path without its leading /", (paths, shown) => {
    expect(() => checkedEventPaths(paths as string | string[])).toThrow(
      new TypeError(`toNodeHandler(): eventPath must start with "/", got ${shown}`),
    );
  });
});

describe("listenPort (cloudRun()'s port)", () => {
  it("takes the option first, then $PORT, then 8080", () => {
    expect(listenPort(3000, "9000")).toBe(3000);
    expect(listenPort(0, "9000")).toBe(0);
    expect(listenPort(undefined, "9000")).toBe(9000);
    expect(listenPort(undefined, "")).toBe(8080);
    expect(listenPort(undefined, undefined)).toBe(8080);
    expect(listenPort(65535, undefined)).toBe(65535);
  });

  it.each([
    [-1, undefined, "-1"],
    [65536, undefined, "65536"],
    [80.5, undefined, "80.5"],
    [undefined, "http", "http"],
    [undefined, "65536", "65536"],
  ])("refuses option %s or $PORT %s with a RangeError naming the value", (value, envPort, shown) => {
    expect(() => listenPort(value, envPort)).toThrow(new RangeError(`cloudRun(): port must be an integer from 0 to 65535, got ${shown}`));
  });
});
