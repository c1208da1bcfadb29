// Collects a child process's (or workerd's) output as lines.
import type { Readable } from "node:stream";

export function collectLines(lines: string[], ...streams: Array<Readable | null | undefined>): void {
  for (const stream of streams) {
    let pending = "";
    stream?.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      lines.push(...parts.filter((line) => line !== ""));
    });
  }
}

/** The JSON log lines among `lines` (runtimes print notices of their own too). */
export function jsonLines(lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Waits until `check` passes: log lines arrive through pipes, possibly after the answer they belong to. */
export async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
