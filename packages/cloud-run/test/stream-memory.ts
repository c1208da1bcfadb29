// Measures (never asserts) what a streamed body costs a Cloud Run server in memory: BODY_MB (default 100)
// sent to a slow client that reads 64 KiB every DELAY_MS (default 2), streamed and then returned whole.
// Run: node --conditions=source --import tsx packages/cloud-run/test/stream-memory.ts
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";

const MIB = 1024 * 1024;
const server = fileURLToPath(new URL("./stream-memory-server.ts", import.meta.url));

interface Reading {
  received: number;
  rss: number;
  arrayBuffers: number;
}

async function measure(path: string): Promise<Reading> {
  const child = spawn(process.execPath, ["--expose-gc", "--conditions=source", "--import", "tsx", server], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const samples: Array<[number, number]> = [];
  let pending = "";
  const port = await new Promise<number>((resolve) => {
    child.stdout.on("data", (data: Buffer) => {
      pending += data.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("PORT ")) resolve(Number(line.slice(5)));
        else if (line.startsWith("MEM ")) samples.push(line.slice(4).split(" ").map(Number) as [number, number]);
      }
    });
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = samples.slice(-5);
  const from = samples.length;
  const socket = connect(port, "127.0.0.1");
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  socket.pause();
  let received = 0;
  const delay = Number(process.env.DELAY_MS ?? "2");
  await new Promise<void>((resolve) => {
    socket.on("end", resolve);
    const readSome = (): void => {
      let got = 0;
      while (got < 64 * 1024) {
        const chunk = socket.read() as Buffer | null;
        if (chunk === null) break;
        got += chunk.byteLength;
        received += chunk.byteLength;
      }
      if (!socket.readableEnded) setTimeout(readSome, delay);
    };
    readSome();
  });
  const during = samples.slice(from);
  child.kill();
  const peak = (index: 0 | 1): number =>
    Math.max(...during.map((sample) => sample[index])) - Math.min(...idle.map((sample) => sample[index]));
  return { received, rss: peak(0), arrayBuffers: peak(1) };
}

const body = Number(process.env.BODY_MB ?? "100");
const results: Record<string, Reading> = {};
for (const [name, path] of [
  ["streamed", "/streamed"],
  ["whole", "/whole"],
] as const) {
  results[name] = await measure(path);
  const { received, rss, arrayBuffers } = results[name];
  console.log(
    `${name}: ${(received / MIB).toFixed(1)} MiB to a slow reader; server memory above idle at peak: RSS +${(rss / MIB).toFixed(1)} MiB, ArrayBuffers +${(arrayBuffers / MIB).toFixed(1)} MiB`,
  );
}
const streamed = results.streamed as Reading;
const whole = results.whole as Reading;
console.log(`streamed / whole (ArrayBuffers at peak): ${(streamed.arrayBuffers / whole.arrayBuffers).toFixed(3)} for a ${body} MiB body`);
