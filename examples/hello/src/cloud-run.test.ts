// The Cloud Run entry as the Dockerfile runs it: bundled into one file by esbuild, started with plain node
// on $PORT, answering HTTP, and exiting 0 on SIGTERM. The deploy configs parse as Knative Services.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fnport-hello-cloud-run-"));
  bundle = join(dir, "server.mjs");
  // The Dockerfile's esbuild line; `source` finds the workspace packages' TypeScript without a build.
  await build({
    entryPoints: [here("./cloud-run.ts")],
    outfile: bundle,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    format: "esm",
    conditions: ["source"],
    logLevel: "silent",
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the Cloud Run entry (src/cloud-run.ts, bundled as in the Dockerfile)", () => {
  test("listens on $PORT, greets, and drains and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [bundle], { env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const port = await new Promise<number>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"port":(\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      void exited.then(() => reject(new Error(`exited before listening: ${output}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/hello`, { method: "POST", body: '{"name":"Cloud Run"}' });
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
      200,
      "application/json; charset=utf-8",
      '{"message":"hello, Cloud Run"}',
    ]);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("deploy configs", () => {
  test.each(["../service.yaml", "../knative/service.yaml"])("%s is a Knative Service for the image on port 8080", (path) => {
    const service = parse(readFileSync(here(path), "utf8")) as {
      apiVersion: string;
      kind: string;
      spec: {
        template: { spec: { timeoutSeconds: number; containers: Array<{ image: string; ports: Array<{ containerPort: number }> }> } };
      };
    };
    const { timeoutSeconds, containers } = service.spec.template.spec;
    expect([service.apiVersion, service.kind, timeoutSeconds, containers.length, containers[0]?.ports[0]?.containerPort]).toEqual([
      "serving.knative.dev/v1",
      "Service",
      300,
      1,
      8080,
    ]);
    expect(containers[0]?.image).toMatch(/fnport-hello:latest$/);
  });
});
