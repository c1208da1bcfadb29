// Test helper for the samples that are server entries: runs one as its own node process on a free port
// ($PORT=0; the entry logs its port), and stops it with SIGTERM as Cloud Run does.
import { spawn } from "node:child_process";

export interface RunningEntry {
  port: number;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>;
}

export async function startEntry(file: URL): Promise<RunningEntry> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", file.pathname], {
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
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
  return {
    port,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
