// The README's local Lambda commands, run as written: `npm run build:lambda`, then each `npx lambda-local ...`
// line of the README on its event file (a new process per invocation, as lambda-local runs it).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, expect, test } from "vitest";

const run = promisify(execFile);
const cwd = fileURLToPath(new URL("..", import.meta.url));
const commands = readFileSync(new URL("../README.md", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("npx lambda-local "))
  .map((line) => line.replace(/\s+#.*$/, ""));

/** Runs one README line (no shell: the lines hold no quoting) and returns the handler's result as lambda-local prints it. */
async function lambdaLocal(command: string): Promise<{ result: unknown; stdout: string }> {
  const [, ...args] = command.split(/\s+/);
  const { stdout } = await run("npx", args, { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  // lambda-local colours its own lines: drop the escape sequences.
  const plain = stdout.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
  const printed = /End - Result:\n(?:info: )?([\s\S]*?)\n(?:info: )?Lambda successfully executed/.exec(plain)?.[1];
  if (printed === undefined) throw new Error(`no result in:\n${plain}`);
  return { result: printed.trim() === "undefined" ? undefined : JSON.parse(printed.replace(/^info: /, "")), stdout: plain };
}

beforeAll(async () => {
  await run("npm", ["run", "build:lambda"], { cwd });
}, 60_000);

test("the README has the three lambda-local lines", () => {
  expect(commands.map((command) => command.split(" -e ")[1])).toEqual([
    "events/http-create.json",
    "events/sqs-imports.json",
    "events/nightly.json",
  ]);
});

test("events/http-create.json: 201 with the todo", { timeout: 60_000 }, async () => {
  const { result } = await lambdaLocal(commands[0] as string);
  expect(result).toEqual({
    statusCode: 201,
    headers: { "content-type": "application/json; charset=utf-8", location: expect.stringMatching(/^\/todos\/[0-9a-f-]{36}$/) },
    body: expect.stringMatching(/^\{"id":"[0-9a-f-]{36}","title":"buy milk","done":false\}$/),
    isBase64Encoded: false,
  });
});

test("events/sqs-imports.json: the message whose title is 42 is the one failure", { timeout: 60_000 }, async () => {
  const { result } = await lambdaLocal(commands[1] as string);
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "c3d0a2f7-1e45-4f6b-8a39-2b9d5c7e4f08" }] });
});

test("events/nightly.json: the nightly job runs and logs its count", { timeout: 60_000 }, async () => {
  const { result, stdout } = await lambdaLocal(commands[2] as string);
  expect(result).toBeUndefined();
  expect(stdout).toContain('"message":"purged done todos"');
});
