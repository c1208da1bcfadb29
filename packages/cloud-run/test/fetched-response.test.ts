// A handler that answers with `fetch(upstream)`: Node's fetch decoded the upstream's compressed body,
// so the client gets that decoded body without the upstream's content-encoding and content-length.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { defineHandler } from "@fnport/core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ownHeaderLines, send, serve } from "./_client.ts";

const TEXT = "hello, compressed world ".repeat(20);
const GZIPPED = gzipSync(TEXT);

let upstream: Server;
let base: string;
beforeAll(async () => {
  upstream = createServer((request, response) => {
    const encoded = request.url === "/gzip";
    const bytes = encoded ? GZIPPED : Buffer.from("raw");
    response
      .writeHead(200, { "content-type": "text/plain", "content-encoding": encoded ? "gzip" : "compress", "content-length": bytes.length })
      .end(bytes);
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

const proxy = defineHandler((event) => (event.kind === "http" ? fetch(base + event.path) : undefined));

test("a gzip body fetch decoded goes out decoded, chunked, without content-encoding", async () => {
  const server = await serve(proxy);
  try {
    const response = await send(server.port, { path: "/gzip" });
    expect([response.status, ownHeaderLines(response), response.text]).toEqual([
      200,
      [
        ["content-type", "text/plain"],
        ["transfer-encoding", "chunked"],
      ],
      TEXT,
    ]);
  } finally {
    await server.close();
  }
});

test("a body fetch left encoded (a coding it does not decode) goes out as it came", async () => {
  const server = await serve(proxy);
  try {
    const response = await send(server.port, { path: "/compress" });
    expect([response.status, ownHeaderLines(response), response.text]).toEqual([
      200,
      [
        ["content-encoding", "compress"],
        ["content-length", "3"],
        ["content-type", "text/plain"],
      ],
      "raw",
    ]);
  } finally {
    await server.close();
  }
});
