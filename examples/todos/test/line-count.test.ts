// The README's comparison, kept true: lines of code (not blank, not only a comment) of the fnport version
// (the portable app and its Lambda entry) against the raw Lambda-only version; both pass the same scenario.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), "utf8");
export const linesOfCode = (path: string) =>
  read(path)
    .split("\n")
    .filter((line) => !/^\s*(\/\/.*)?$/.test(line)).length;

test("the README states the line counts as they are, and fnport's is clearly shorter", () => {
  const fnport = linesOfCode("src/app.ts") + linesOfCode("src/lambda.ts");
  const raw = linesOfCode("raw-lambda/handler.ts");
  const readme = read("README.md");
  expect(readme).toContain(`| fnport: \`src/app.ts\` + \`src/lambda.ts\` | ${fnport} |`);
  expect(readme).toContain(`| without fnport: \`raw-lambda/handler.ts\` | ${raw} |`);
  expect(fnport / raw).toBeLessThan(0.65);
  // Each other provider adds only its entry file.
  for (const entry of ["src/worker.ts", "src/cloud-run.ts"]) expect(linesOfCode(entry)).toBeLessThanOrEqual(8);
});
