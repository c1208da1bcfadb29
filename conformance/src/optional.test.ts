import { describe, expect, test } from "vitest";
import { importOptional } from "./optional.ts";

describe("importOptional", () => {
  test("imports an installed package", async () => {
    const esbuild = await importOptional<{ build: unknown }>("esbuild", "bundle()");
    expect(typeof esbuild.build).toBe("function");
  });

  test("names the missing package and how to install it", async () => {
    await expect(importOptional("fnport-no-such-package", "bundle() (the cold/warm meter)")).rejects.toThrow(
      new Error(
        'bundle() (the cold/warm meter) needs the package "fnport-no-such-package", which is not installed: npm install --save-dev fnport-no-such-package',
      ),
    );
  });

  test("passes other import failures through as they are", async () => {
    await expect(importOptional("node:no-such-builtin", "x")).rejects.toThrow(/no-such-builtin/);
  });
});
