import { describe, expect, it } from "vitest";
import { checkedOptions, DEFAULT_MAX_BODY_BYTES } from "./_options.ts";

describe("checkedOptions (worker()'s options)", () => {
  it("defaults maxBodyBytes to 32 MiB and leaves timeoutMs unset", () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(33_554_432);
    expect(checkedOptions()).toEqual({ maxBodyBytes: DEFAULT_MAX_BODY_BYTES, timeoutMs: undefined });
  });

  it.each([
    [0, 1],
    [1024, 0.5],
    [Number.POSITIVE_INFINITY, 30_000],
  ])("takes maxBodyBytes %s and timeoutMs %s as given", (maxBodyBytes, timeoutMs) => {
    expect(checkedOptions(maxBodyBytes, timeoutMs)).toEqual({ maxBodyBytes, timeoutMs });
  });

  it.each([-1, -0.5, Number.NaN])("rejects maxBodyBytes %s with a RangeError naming it", (maxBodyBytes) => {
    expect(() => checkedOptions(maxBodyBytes)).toThrow(
      new RangeError(`worker(): maxBodyBytes must be a number of bytes, got ${maxBodyBytes}`),
    );
  });

  it.each([0, -1, Number.NaN])("rejects timeoutMs %s with a RangeError naming it", (timeoutMs) => {
    expect(() => checkedOptions(undefined, timeoutMs)).toThrow(
      new RangeError(`worker(): timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`),
    );
  });
});
