// Starts Debian's redis-server for the tests on a free loopback port and stops it after (vitest globalSetup).
// FNPORT_REDIS_URL points the tests at a Redis you run yourself instead.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Resolves once redis-server says it accepts connections; rejects with what it printed if it exits first. */
export function startRedis(port: number, command = "redis-server"): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new Error(
              "The @fnport/state-redis tests start redis-server, which is not installed: `apt-get install -y redis-server` (Debian, Ubuntu) or `brew install redis`; or set FNPORT_REDIS_URL to a Redis of yours.",
            )
          : error,
      );
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)));
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.FNPORT_REDIS_URL;
  if (existing) {
    project.provide("redisUrl", existing);
    return async () => {};
  }
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 1; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await startRedis(port);
    } catch (error) {
      // Another process may have taken the port between our probe and redis-server's bind: try another.
      if (attempt >= 3 || (error as Error).message.includes("not installed")) throw error;
    }
  }
  project.provide("redisUrl", `redis://127.0.0.1:${port}`);
  const started = child;
  return async () => {
    const exited = new Promise((resolve) => started.once("exit", resolve));
    started.kill("SIGTERM");
    await exited;
  };
}
