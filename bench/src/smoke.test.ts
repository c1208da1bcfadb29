// Every subject of every suite answers the same request correctly once: a peer whose setup broke
// (a new release, a wrong import) fails here instead of producing a figure. No timing is asserted.
import { describe, expect, it } from "vitest";
import { suites } from "./suites.ts";

describe("every bench subject answers correctly", () => {
  for (const suite of suites) {
    it(`${suite.name}: ${suite.subjects.map((s) => s.id).join(", ")}`, { timeout: 120_000 }, async () => {
      await expect(suite.smoke()).resolves.toBeUndefined();
    });
  }
});
