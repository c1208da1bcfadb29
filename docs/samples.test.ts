import { describe, expect, test } from "vitest";
import { CHECKED_DOCUMENTS, checkAll, checkDocument, codeBlocks, markdownDocuments, writeDocument } from "./samples.ts";

const files: Record<string, string> = { "docs/samples/a.ts": "export const a = 1;\n", "docs/samples/b.ts": "export const b = 2;\n" };
const read = (path: string) => files[path];

describe("doc samples", () => {
  test("every ts block of the checked documents is its sample file, verbatim", () => {
    expect(CHECKED_DOCUMENTS).toContain("packages/core/README.md");
    expect(checkAll()).toEqual([]);
  });

  test("every Markdown document of the repository is checked (a new README goes in CHECKED_DOCUMENTS)", () => {
    expect(markdownDocuments()).toEqual([...CHECKED_DOCUMENTS].sort());
  });

  test("finds ts blocks and the marker before each; other languages are not samples", () => {
    const markdown = [
      "# T",
      "<!-- sample: docs/samples/a.ts -->",
      "",
      "```ts",
      "export const a = 1;",
      "```",
      "```sh",
      "pnpm x",
      "```",
      "```typescript",
      "x",
      "```",
    ].join("\n");
    expect(codeBlocks(markdown)).toEqual([
      { line: 4, sample: "docs/samples/a.ts", code: "export const a = 1;", from: 4, to: 4 },
      { line: 10, sample: undefined, code: "x", from: 10, to: 10 },
    ]);
  });

  test("reports an unmarked block, a missing file and a block that differs", () => {
    const markdown = [
      "```ts",
      "let x;",
      "```",
      "<!-- sample: docs/samples/missing.ts -->",
      "```ts",
      "```",
      "<!-- sample: docs/samples/b.ts -->",
      "```ts",
      "export const b = 3;",
      "```",
      "<!-- sample: docs/samples/a.ts -->",
      "```ts",
      "export const a = 1;",
      "```",
    ].join("\n");
    expect(checkDocument("README.md", markdown, read)).toEqual([
      "README.md:1: a ts block without a <!-- sample: path --> line before it (every sample must be a checked file)",
      "README.md:5: sample file docs/samples/missing.ts does not exist",
      "README.md:8: differs from docs/samples/b.ts (run pnpm docs:samples --write)",
    ]);
  });

  test("--write copies each sample file into its block", () => {
    const markdown = [
      "<!-- sample: docs/samples/b.ts -->",
      "```ts",
      "old",
      "old",
      "```",
      "text",
      "<!-- sample: docs/samples/a.ts -->",
      "```ts",
      "```",
      "",
    ].join("\n");
    expect(writeDocument(markdown, read)).toBe(
      [
        "<!-- sample: docs/samples/b.ts -->",
        "```ts",
        "export const b = 2;",
        "```",
        "text",
        "<!-- sample: docs/samples/a.ts -->",
        "```ts",
        "export const a = 1;",
        "```",
        "",
      ].join("\n"),
    );
  });
});
