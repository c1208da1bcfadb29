import { spawn } from "node:child_process";
import { canReadCpu, cpuNs } from "./_cpu.ts";

/**
 * Runs `node ARGS` and resolves with what it printed on stdout once it exits 0. Its stderr is dropped
 * (subjects' log lines go there, as on Lambda), unless it fails: then the tail is in the error.
 */
export function runNode(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `node ${args.join(" ").slice(0, 200)} ended with ${signal ?? code}${signal === "SIGKILL" ? ` after ${timeoutMs} ms` : ""}: ${stderr.trim()}`,
          ),
        );
    });
  });
}

/**
 * A cold start: spawns `node ARGS` and resolves with the milliseconds the process spent on CPU until
 * its first stdout line (wall time from spawn where CPU cannot be read), which `check` must accept
 * (the first answer of a fresh process). The process is then killed.
 */
export function timeToFirstLine(args: string[], check: (line: string) => void, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let settled = false;
    const finish = (error: Error | undefined, ms?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      if (error) reject(error);
      else resolve(ms as number);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline === -1) return;
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let ms = wallMs;
      try {
        if (canReadCpu && child.pid !== undefined) ms = cpuNs(child.pid) / 1e6;
        check(stdout.slice(0, newline));
        finish(undefined, ms);
      } catch (error) {
        finish(error as Error);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on("error", (error) => finish(error));
    child.on("close", (code) => finish(new Error(`exited with ${code} before answering: ${stderr.trim()}`)));
  });
}
