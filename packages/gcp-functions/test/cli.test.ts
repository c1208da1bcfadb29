// The function as Google's runtime starts it: bundled, served by the framework's own CLI in a fresh
// process, configured through the environment Google sets for each kind of deployment.
import { readFileSync, rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { bundleFunction, firstAnswer, freePort, type RunningFramework, startFramework } from "./_cli.ts";
import { send } from "./_framework.ts";

const fixture = (name: string): string => readFileSync(new URL(`../../../conformance/fixtures/gcp/${name}`, import.meta.url), "utf8");
let source: string;
const running: RunningFramework[] = [];

beforeAll(async () => {
  source = await bundleFunction(new URL("functions/probe.ts", import.meta.url), "probe");
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((framework) => framework.stop()));
});
afterAll(() => rmSync(source, { force: true }));

async function start(env: Record<string, string>, flags: string[] = []): Promise<RunningFramework> {
  const framework = startFramework(source, { FUNCTION_TARGET: "probe", ...env }, await freePort(), { flags, ipc: true });
  running.push(framework);
  // Ready once it answers anything (a GET, which no event deployment takes: any answer will do).
  await firstAnswer(framework, { path: "/ready" });
  framework.messages.length = 0;
  framework.stdout.length = 0;
  return framework;
}

const background = (framework: RunningFramework) =>
  send(framework.port, {
    method: "POST",
    headers: [
      ["Content-Type", "application/json"],
      ["Function-Execution-Id", "exec-cli-1"],
    ],
    body: fixture("pubsub-legacy-background.json"),
  });

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

// Each test starts node processes (the framework's CLI, bundling): seconds each on a loaded machine.
describe("functions-framework --target, configured as Google configures each deployment", { timeout: 30_000 }, () => {
  test("FUNCTION_SIGNATURE_TYPE=event (1st gen event trigger): a background event is a message, answered 204", async () => {
    const framework = await start({ FUNCTION_SIGNATURE_TYPE: "event" });
    const response = await background(framework);
    await until(() => framework.messages.length > 0);
    expect([response.status, framework.messages]).toEqual([
      204,
      [
        {
          kind: "messages",
          source: "gcp.pubsub",
          ordered: false,
          messages: [
            {
              kind: "message",
              id: "aaaaaa-1111-bbbb-2222-cccccccccccc",
              text: "test message 3",
              attributes: { attr1: "attr1-value" },
              attempt: 1,
              publishedAt: "2020-09-29T11:32:00.123Z",
            },
          ],
        },
      ],
    ]);
  });

  test("--signature-type=event on the command line does the same; without either the body is a plain request", async () => {
    const flagged = await start({}, ["--signature-type=event"]);
    const plain = await start({});
    const [event, request] = await Promise.all([background(flagged), background(plain)]);
    await until(() => flagged.messages.length > 0 && plain.messages.length > 0);
    expect([event.status, (flagged.messages[0] as { kind: string }).kind]).toEqual([204, "messages"]);
    expect([request.status, (plain.messages[0] as { kind: string }).kind, (request.json() as { kind: string }).kind]).toEqual([
      200,
      "http",
      "http",
    ]);
  });

  test("CLOUD_RUN_TIMEOUT_SECONDS (2nd gen) sets ctx.deadline; the execution id header is the request id", async () => {
    const framework = await start({ FUNCTION_SIGNATURE_TYPE: "http", CLOUD_RUN_TIMEOUT_SECONDS: "42" });
    const before = Date.now();
    const response = await send(framework.port, { path: "/", headers: [["Function-Execution-Id", "exec-cli-2"]] });
    const after = Date.now();
    const { requestId, deadline, provider } = response.json() as { requestId: string; deadline: number; provider: string };
    expect([requestId, provider, deadline >= before + 42_000 && deadline <= after + 42_000]).toEqual(["exec-cli-2", "gcp-functions", true]);
  });

  test("log lines go to stdout as Cloud Logging JSON; LOG_EXECUTION_ID=true makes the framework add its execution id label to them", async () => {
    const framework = await start({ FUNCTION_SIGNATURE_TYPE: "http", LOG_EXECUTION_ID: "true" });
    await send(framework.port, { path: "/", headers: [["Function-Execution-Id", "exec-cli-3"]] });
    await until(() => framework.stdout.some((line) => line.includes("probe got an event")));
    const line = JSON.parse(framework.stdout.find((one) => one.includes("probe got an event")) as string) as Record<string, unknown>;
    const { time, ...rest } = line;
    expect([typeof time, rest]).toEqual([
      "string",
      {
        level: "info",
        severity: "INFO",
        message: "probe got an event",
        requestId: "exec-cli-3",
        provider: "gcp-functions",
        kind: "http",
        "logging.googleapis.com/labels": { execution_id: "exec-cli-3" },
      },
    ]);
  });
});
