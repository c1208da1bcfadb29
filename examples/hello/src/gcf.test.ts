// The Cloud Functions entry as Google runs it: bundled by the `gcp-build` script's esbuild line, loaded by
// the Functions Framework's CLI (package.json `main`), configured through the environment Google sets for
// an HTTP trigger, a 2nd gen Pub/Sub trigger (Eventarc) and a 1st gen one (background events).
import { type ChildProcess, spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const cli = join(dirname(createRequire(import.meta.url).resolve("@google-cloud/functions-framework")), "main.js");
// Inside the example (dist/ is ignored), so the bundle's import of the framework resolves as in a deployment.
const bundle = here(`../dist/gcf-test-${process.pid}.mjs`);
const children: ChildProcess[] = [];

beforeAll(async () => {
  // The gcp-build line; `source` finds the workspace packages' TypeScript without a build.
  await build({
    entryPoints: [here("./gcf.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: ["@google-cloud/functions-framework"],
    conditions: ["source"],
    logLevel: "silent",
  });
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});
afterAll(async () => {
  await rm(bundle, { force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Starts `functions-framework` as Google's runtime does for the deployment, and resolves once it answers. */
async function deploy(signatureType: string): Promise<{ url: string; stdout: string[] }> {
  const port = await freePort();
  const child = spawn(process.execPath, [cli], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      FUNCTION_TARGET: "hello",
      FUNCTION_SIGNATURE_TYPE: signatureType,
      FUNCTION_SOURCE: bundle,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const stdout: string[] = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => void stdout.push(...chunk.split("\n").filter((line) => line !== "")));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 3000; tries++) {
    if (
      await fetch(`${url}/ready`).then(
        () => true,
        () => false,
      )
    )
      return { url, stdout };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("functions-framework did not start");
}

const greeting = { name: "Pub/Sub" };
const base64 = Buffer.from(JSON.stringify(greeting)).toString("base64");

describe("the Cloud Functions entry (src/gcf.ts, bundled by gcp-build)", () => {
  test("an HTTP trigger: POST /hello greets", async () => {
    const { url } = await deploy("http");
    const response = await fetch(`${url}/hello`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"name":"Cloud Functions"}',
    });
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
      200,
      "application/json; charset=utf-8",
      '{"message":"hello, Cloud Functions"}',
    ]);
  });

  test("a 2nd gen Pub/Sub trigger: Eventarc's CloudEvent is a message, greeted in the log; 204", async () => {
    const { url, stdout } = await deploy("cloudevent");
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "ce-id": "1",
        "ce-source": "//pubsub.googleapis.com/projects/my-project/topics/my-topic",
        "ce-specversion": "1.0",
        "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
      },
      body: JSON.stringify({ message: { data: base64, messageId: "1" }, subscription: "projects/my-project/subscriptions/s" }),
    });
    expect(response.status).toBe(204);
    await expect.poll(() => stdout.map((line) => JSON.parse(line).message)).toContain("hello, Pub/Sub");
  });

  test("a 1st gen Pub/Sub trigger: the background event is a message, greeted in the log; 204", async () => {
    const { url, stdout } = await deploy("event");
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        context: {
          eventId: "2",
          timestamp: "2026-12-02T00:00:00.000Z",
          eventType: "google.pubsub.topic.publish",
          resource: { service: "pubsub.googleapis.com", name: "projects/my-project/topics/my-topic" },
        },
        data: { "@type": "type.googleapis.com/google.pubsub.v1.PubsubMessage", data: base64 },
      }),
    });
    expect(response.status).toBe(204);
    await expect.poll(() => stdout.map((line) => JSON.parse(line).message)).toContain("hello, Pub/Sub");
  });
});
