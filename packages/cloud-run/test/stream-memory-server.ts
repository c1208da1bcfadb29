// The server for stream-memory.ts: one route streams BODY_MB of bytes from a generator, another returns the
// same bytes whole; it prints its retained memory (after a GC) every 50 ms.
import { defineHandler } from "@fnport/core";
import { cloudRun } from "../src/index.ts";

const total = Number(process.env.BODY_MB ?? "100") * 1024 * 1024;
const chunk = 64 * 1024;

async function* produce(): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += chunk) yield new Uint8Array(chunk).fill(sent % 251);
}

const app = defineHandler((event) => {
  if (event.kind !== "http") return undefined;
  const headers = { "content-type": "application/octet-stream" };
  return event.path === "/whole" ? { headers, body: new Uint8Array(total).fill(7) } : { headers, body: produce() };
});

const server = await cloudRun(app, { port: 0 });
process.stdout.write(`PORT ${server.port}\n`);
setInterval(() => {
  (globalThis as { gc?: () => void }).gc?.(); // retained memory, not garbage waiting for collection
  const { rss, arrayBuffers } = process.memoryUsage();
  process.stdout.write(`MEM ${rss} ${arrayBuffers}\n`);
}, 50).unref();
