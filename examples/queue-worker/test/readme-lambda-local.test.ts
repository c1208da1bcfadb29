// The README's local Lambda command, run as written: `npm run build:lambda`, then `npx lambda-local ...` on the
// SQS batch in events/ (a new process, so a new instance with an empty memory store).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);
const cwd = fileURLToPath(new URL("..", import.meta.url));

test("events/sqs-payments.json: two orders charged, the bad message is the one batch item failure", { timeout: 120_000 }, async () => {
  const commands = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("npx lambda-local "));
  expect(commands).toEqual(["npx lambda-local --esm -l dist/lambda.mjs -h handler -t 30 -e events/sqs-payments.json"]);
  await run("npm", ["run", "build:lambda"], { cwd });
  const { stdout } = await run("npx", (commands[0] as string).split(" ").slice(1), { cwd, env: { ...process.env, NO_COLOR: "1" } });
  const logs = stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(logs.filter((line) => line.message === "charged").map((line) => [line.orderId, line.total])).toEqual([
    ["A-1001", 1250],
    ["A-1003", 500],
  ]);
  expect(stdout).toMatch(/"batchItemFailures": \[\s*\{\s*"itemIdentifier": "9a7e3c21-0b6d-4f8e-a2c5-1d3b5e7f9a42"\s*\}\s*\]/);
});
