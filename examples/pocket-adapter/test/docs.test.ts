// docs/adapters.md shows this example's files (the docs project checks each block equals its file):
// every file CI copies for the stranger run must be among them.
import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";
import { CHECKED_DOCUMENTS, codeBlocks } from "../../../docs/samples.ts";

test("docs/adapters.md shows, as checked samples, every file of the worked example", async () => {
  expect(CHECKED_DOCUMENTS).toContain("docs/adapters.md");
  const doc = await readFile(new URL("../../../docs/adapters.md", import.meta.url), "utf8");
  expect(codeBlocks(doc).map((block) => block.sample)).toEqual([
    "examples/pocket-adapter/src/native.ts",
    "examples/pocket-adapter/src/pocket.ts",
    "examples/pocket-adapter/test/conformance.ts",
    "examples/pocket-adapter/test/hello-fnport.ts",
    "examples/pocket-adapter/test/hello-raw.ts",
  ]);
});
