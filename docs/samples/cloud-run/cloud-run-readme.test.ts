// Runs the samples of packages/cloud-run/README.md: the entry as its own node process on a free port (it
// listens on $PORT and exits 0 on SIGTERM), and the Express one in this process.
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { server } from "./express.ts";

test("src/cloud-run.ts listens on $PORT, answers, and exits 0 on SIGTERM", { timeout: 60_000 }, async () => {
  const child = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", fileURLToPath(new URL("cloud-run.ts", import.meta.url))],
    {
      env: { ...process.env, PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
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
  const response = await fetch(`http://127.0.0.1:${port}/a%20b`);
  expect([response.status, await response.text()]).toEqual([200, '{"path":"/a%20b"}']);
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
});

test("behind Express, with express.raw() having read the body", async () => {
  const listening = server.listen(0, "127.0.0.1");
  await new Promise((resolve) => listening.once("listening", resolve));
  try {
    const { port } = listening.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/orders`, { method: "POST", body: "{}" });
    expect([response.status, await response.text()]).toEqual([200, '{"path":"/orders"}']);
  } finally {
    await new Promise((resolve) => listening.close(resolve));
  }
});
