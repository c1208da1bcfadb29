// Starts a server script in its own node process (TypeScript through tsx, workspace sources through the
// `source` condition) and follows its output. Under mutation testing the process gets the active mutant, and
// what it counted (a script that calls `writeCoverageAtExit()`) is the current test's coverage once it exited.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { followServer } from "./_mutation.ts";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Every line the process printed so far (stdout and stderr). */
  lines: string[];
  /** Resolves when a printed line matches. */
  waitFor(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code once the process has exited (and its coverage, under mutation testing, is collected). */
  exited: Promise<number | null>;
}

const packageRoot = fileURLToPath(new URL("../", import.meta.url));

export async function startProcess(script: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  const mutation = followServer();
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--conditions=source", "--import", "tsx", fileURLToPath(new URL(script, import.meta.url))],
    {
      cwd: packageRoot,
      env: { ...process.env, ...mutation.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const lines: string[] = [];
  const waiters = new Set<{ match: (line: string) => boolean; resolve: (line: string) => void }>();
  const onLine = (line: string): void => {
    lines.push(line);
    for (const waiter of waiters) {
      if (waiter.match(line)) {
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let newline = buffered.indexOf("\n");
      while (newline !== -1) {
        onLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => void mutation.collect().then(() => resolve(code))));
  const waitFor = (match: (line: string) => boolean, timeoutMs = 15_000): Promise<string> => {
    const seen = lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      waiters.add(waiter);
      setTimeout(() => {
        if (waiters.delete(waiter)) reject(new Error(`no matching line within ${timeoutMs} ms; got:\n${lines.join("\n")}`));
      }, timeoutMs).unref();
      void exited.then(() => {
        if (waiters.delete(waiter)) reject(new Error(`the process exited first; it printed:\n${lines.join("\n")}`));
      });
    });
  };
  const listening = await waitFor((line) => line.includes('"listening on port'));
  const port = (JSON.parse(listening) as { port: number }).port;
  return { child, port, lines, waitFor, exited };
}
