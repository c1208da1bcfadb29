// Starting a server subject the way its platform does (a process listening on $PORT), finding out
// when it answers, and loading it from a loopback client.
import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { canReadCpu, cpuNs } from "../_cpu.ts";
import { HELLO_ANSWER, HELLO_BODY } from "../hello.ts";

/** How a subject's bundle becomes a running server. */
export type Launch = "node" | "functions-framework";

export const HOST = "127.0.0.1";
const HEADERS = { "content-type": "application/json", "content-length": String(HELLO_BODY.length) };
const ANSWER_TEXT = JSON.stringify(HELLO_ANSWER);

/** A free loopback port (the OS picks it; the platform would hand it over in $PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const functionsFrameworkCli = (): string =>
  join(dirname(createRequire(import.meta.url).resolve("@google-cloud/functions-framework")), "main.js");

/** The `node` arguments that start the bundle as its platform would: `node FILE`, or the Functions Framework's CLI (`--target=hello`). */
export function launchArgs(kind: Launch, file: URL, port: number): string[] {
  const path = fileURLToPath(file);
  return kind === "node"
    ? [path]
    : [functionsFrameworkCli(), "--target=hello", "--signature-type=http", `--source=${path}`, `--port=${port}`];
}

/** Starts the bundle as its platform would: `node FILE` with $PORT, or the Functions Framework's CLI (`--target=hello`). */
export function launch(kind: Launch, file: URL, port: number): ChildProcess {
  return spawn(process.execPath, launchArgs(kind, file, port), {
    env: { ...process.env, PORT: String(port), HOST, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/** One POST /hello; resolves with the status and body (rejects when nothing listens yet). */
function hello(port: number): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, method: "POST", path: "/hello", headers: HEADERS, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(HELLO_BODY);
  });
}

/** Throws unless the answer is the hello: 200, JSON content type, `{"message":"hello, bench"}`. */
export function checkAnswer(subject: string, answer: { status: number; contentType: string; text: string }): void {
  if (
    answer.status !== 200 ||
    !answer.contentType.startsWith("application/json") ||
    JSON.stringify(JSON.parse(answer.text)) !== ANSWER_TEXT
  ) {
    throw new Error(`${subject} answered ${answer.status} (${answer.contentType}) ${answer.text}`);
  }
}

/**
 * Sends POST /hello every millisecond until the server answers (a startup probe), checks the answer,
 * and resolves when it did. Rejects when the process exits first or nothing answers within `timeoutMs`.
 */
export async function firstAnswer(subject: string, child: ChildProcess, port: number, timeoutMs = 30_000): Promise<void> {
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${subject} exited with ${child.exitCode ?? child.signalCode}: ${stderr.trim()}`);
    try {
      checkAnswer(subject, await hello(port));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ECONNREFUSED") throw error;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  throw new Error(`${subject} did not answer within ${timeoutMs} ms: ${stderr.trim()}`);
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The server's CPU ns per answered request (where /proc shows it): what throughput costs, however busy the machine. */
  cpuNsPerRequest?: number;
}

/** A bounded load from this process: `connections` keep-alive clients POSTing /hello for `seconds`. */
export async function load(subject: string, port: number, seconds: number, connections: number, pid?: number): Promise<LoadFigures> {
  const cpuBefore = pid !== undefined && canReadCpu ? cpuNs(pid) : undefined;
  const result = await autocannon({
    url: `http://${HOST}:${port}/hello`,
    method: "POST",
    // autocannon adds the content-length itself (a second one stalls every request).
    headers: { "content-type": "application/json" },
    body: HELLO_BODY,
    connections,
    duration: seconds,
  });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0 || result.requests.total === 0) {
    throw new Error(`${subject} under load: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  }
  const figures: LoadFigures = {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
  if (cpuBefore !== undefined) figures.cpuNsPerRequest = (cpuNs(pid as number) - cpuBefore) / result.requests.total;
  return figures;
}

/** Ends a server we started (by its own process handle) and waits for it to go. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
