// Google Cloud Run as the conformance suite runs it: a real server process on a loopback port — here the
// entry bundled exactly as the Dockerfile bundles it, started with plain node — and Google's deliveries sent
// as HTTP: Pub/Sub push (one message per request; non-2xx = delivered again), Cloud Scheduler.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { build } from "esbuild";
import { collectLines, eventually, jsonLines } from "./lines.ts";
import type { Answer, ClientRequest, Instance, QueueMessage, Runtime } from "./types.ts";

/** ioredis is CommonJS: the bundle's banner gives its require() calls a real require (the Dockerfile's too). */
export const CLOUD_RUN_BANNER = "import{createRequire}from'node:module';const require=createRequire(import.meta.url);";

/** The Dockerfile's esbuild line (see there); `source` finds the workspace packages' TypeScript without a build. */
export async function bundleServer(entry: string, outfile: string, external: string[] = []): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external,
    banner: { js: CLOUD_RUN_BANNER },
    conditions: ["source"],
    logLevel: "silent",
  });
}

/**
 * A server process started with `args`; resolves once it prints the port it listens on (`ready` finds it in a
 * line) or, for a server that prints nothing, once `probe` resolves to the port.
 */
export async function startServer(
  args: string[],
  env: Record<string, string>,
  ready: (line: string) => number | undefined,
  probe?: () => Promise<number | undefined>,
) {
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  collectLines(lines, child.stdout, child.stderr);
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const port = await eventually(
    async () => lines.map(ready).find((found) => found !== undefined) ?? (await probe?.()),
    (found) => found !== undefined || gone,
    30_000,
  );
  if (port === undefined) throw new Error(`the server did not start:\n${lines.join("\n")}`);
  return {
    port,
    lines,
    async stop() {
      if (!gone) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Google's deliveries over HTTP to `origin`, shared by Cloud Run and Cloud Functions. */
export function googleDeliveries(origin: string, requestIds: string[]) {
  const traced = () => {
    const trace = randomBytes(16).toString("hex");
    requestIds.push(`${trace}/1`);
    return { "x-cloud-trace-context": `${trace}/1;o=1` };
  };
  return {
    async http(request: ClientRequest): Promise<Answer> {
      const response = await fetch(new URL(request.path, origin), {
        method: request.method,
        headers: { "content-type": "application/json", ...traced() },
        body: request.body ?? null,
      });
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    },
    /** Pub/Sub push: one message per request, each acknowledged (2xx) or delivered again. */
    async messages(messages: QueueMessage[]): Promise<string[]> {
      const answers = await Promise.all(
        messages.map(async ({ id, body }) => {
          const envelope = {
            message: { data: Buffer.from(body).toString("base64"), messageId: id, publishTime: new Date().toISOString() },
            subscription: "projects/my-project/subscriptions/fnport-example",
          };
          const response = await fetch(new URL("/", origin), {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
              ...traced(),
            },
            body: JSON.stringify(envelope),
          });
          await response.arrayBuffer();
          return response.ok ? undefined : id;
        }),
      );
      return answers.filter((id) => id !== undefined);
    },
    /** Cloud Scheduler's HTTP target: the job's request, with its headers. */
    async schedule(): Promise<void> {
      const response = await fetch(new URL("/", origin), {
        method: "POST",
        headers: {
          "user-agent": "Google-Cloud-Scheduler",
          "x-cloudscheduler": "true",
          "x-cloudscheduler-jobname": "fnport-example-nightly",
          "x-cloudscheduler-scheduletime": new Date().toISOString(),
          ...traced(),
        },
      });
      if (!response.ok) throw new Error(`the scheduled run failed: ${response.status} ${await response.text()}`);
    },
  };
}

export function cloudRunRuntime(name: string, bundle: () => Promise<string>, env: () => Record<string, string>): Runtime {
  return {
    name,
    async start(): Promise<Instance> {
      const server = await startServer([await bundle()], { PORT: "0", ...env() }, (line) => {
        const match = /"port":(\d+)/.exec(line);
        return match ? Number(match[1]) : undefined;
      });
      const requestIds: string[] = [];
      return {
        ...googleDeliveries(`http://127.0.0.1:${server.port}`, requestIds),
        logs: async () => jsonLines(server.lines),
        requestIds: () => requestIds,
        close: () => server.stop(),
      };
    },
  };
}
