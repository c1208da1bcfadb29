// docs/adapters.md shows this example's files; they must be the code CI runs, byte for byte.
import { readFile } from "node:fs/promises";
import { expect, test } from "vitest";

const repo = new URL("../../../", import.meta.url);
const SHOWN = /<!-- file: (\S+) -->\n```ts\n([\s\S]*?)\n```\n/g;

test("docs/adapters.md shows every file of the worked example as it is", async () => {
  const doc = await readFile(new URL("docs/adapters.md", repo), "utf8");
  const shown = [...doc.matchAll(SHOWN)].map(([, path, code]) => [path, code] as const);
  expect(shown.map(([path]) => path)).toEqual([
    "examples/pocket-adapter/src/native.ts",
    "examples/pocket-adapter/src/pocket.ts",
    "examples/pocket-adapter/test/conformance.ts",
    "examples/pocket-adapter/test/hello-fnport.ts",
    "examples/pocket-adapter/test/hello-raw.ts",
  ]);
  for (const [path, code] of shown) {
    expect(`${code}\n`, path).toBe(await readFile(new URL(path as string, repo), "utf8"));
  }
});
