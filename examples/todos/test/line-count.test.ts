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
  // Table cells as Biome pads them.
  expect(readme).toMatch(new RegExp(`\\| fnport: \`src/app\\.ts\` \\+ \`src/lambda\\.ts\` +\\| ${fnport} +\\|`));
  expect(readme).toMatch(new RegExp(`\\| without fnport: \`raw-lambda/handler\\.ts\` +\\| ${raw} +\\|`));
  expect(readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8")).toContain(
    `With fnport it is ${fnport} lines for Lambda against ${raw} for the same service`,
  );
  expect(fnport / raw).toBeLessThan(0.65);
  // Each other provider adds only its entry file.
  for (const entry of ["src/worker.ts", "src/cloud-run.ts", "src/gcf.ts"]) expect(linesOfCode(entry)).toBeLessThanOrEqual(8);
});
