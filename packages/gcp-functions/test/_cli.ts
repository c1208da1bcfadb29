// The Functions Framework's own CLI (`functions-framework`, as Google's runtime starts it) in a child
// process on a loopback port, serving a bundle of a function module the way it would be deployed.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type ReceivedResponse, type SentRequest, send } from "./_framework.ts";

const require = createRequire(import.meta.url);
/** The CLI's script: `bin.functions-framework` of the package. */
export const FRAMEWORK_CLI: string = join(dirname(require.resolve("@google-cloud/functions-framework")), "main.js");
// Beside this package, so the bundle's import of the framework resolves to the copy the CLI runs.
const OUT_DIR = fileURLToPath(new URL("../.conformance/", import.meta.url));

/**
 * Bundles a function module as a deployment would ship it (esbuild, one ESM file): fnport and the app
 * inlined, the Functions Framework left to `node_modules` (its CLI and the module must share its registry).
 */
export async function bundleFunction(entry: URL, name: string): Promise<string> {
  const outfile = join(OUT_DIR, `${name}-${process.pid}.mjs`);
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    minify: true,
    conditions: ["source"],
    external: ["@google-cloud/functions-framework"],
    logLevel: "silent",
  });
  if (result.errors.length > 0) throw new Error(`bundling ${name} failed: ${result.errors.map((error) => error.text).join("; ")}`);
  return outfile;
}

/** A free loopback port (the platform would hand one over in $PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A running `functions-framework` process. */
export interface RunningFramework {
  port: number;
  child: ChildProcess;
  /** Every line it wrote to stdout so far. */
  stdout: string[];
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** What the function sent its parent over IPC (`process.send`), oldest first. */
  messages: unknown[];
  stop(): Promise<void>;
}

/**
 * Starts `functions-framework` serving `source`, configured as Google's runtime configures it: through
 * the environment (`FUNCTION_TARGET`, `FUNCTION_SIGNATURE_TYPE`, `PORT`, `NODE_ENV=production`, ...),
 * plus any CLI flags given, and an IPC channel when asked. Wait for it to listen with `firstAnswer()`.
 */
export function startFramework(
  source: string,
  env: Record<string, string>,
  port: number,
  { flags = [], ipc = false }: { flags?: string[]; ipc?: boolean } = {},
): RunningFramework {
  const child = spawn(process.execPath, [FRAMEWORK_CLI, ...flags], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", FUNCTION_SOURCE: source, PORT: String(port), ...env },
    stdio: ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  const messages: unknown[] = [];
  child.on("message", (message) => void messages.push(message));
  const stdout: string[] = [];
  let partial = "";
  let errors = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    stdout.push(...lines);
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    errors = (errors + chunk).slice(-8000);
  });
  return {
    port,
    child,
    stdout,
    stderr: () => errors,
    messages,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

/**
 * Sends `request` every millisecond until the process answers it (a startup probe), and resolves with
 * that answer. Rejects when the process exits first or nothing answers within `timeoutMs`.
 */
export async function firstAnswer(running: RunningFramework, request: SentRequest, timeoutMs = 30_000): Promise<ReceivedResponse> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { child } = running;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`functions-framework exited with ${child.exitCode ?? child.signalCode}: ${running.stderr().trim()}`);
    }
    try {
      return await send(running.port, request);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ECONNREFUSED") throw error;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  throw new Error(`functions-framework did not answer within ${timeoutMs} ms: ${running.stderr().trim()}`);
}
