import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, expect, test } from "vitest";
import { timeToFirstByteRound } from "./first-byte.ts";
import { STREAMED_HELLO } from "./hello.ts";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A raw streamed hello that notes, per connection, each request's method and path, and when each connection closed. */
async function streamedHello() {
  const connections: string[][] = [];
  const closes: Array<Promise<void>> = [];
  const requests = new Map<Socket, string[]>();
  const server = createServer((req, res) => {
    requests.get(req.socket)?.push(`${req.method} ${req.url}`);
    res.writeHead(STREAMED_HELLO.status, STREAMED_HELLO.headers);
    res.write(STREAMED_HELLO.chunks[0]);
    setTimeout(() => res.end(STREAMED_HELLO.chunks[1]), STREAMED_HELLO.pauseMs);
  });
  server.on("connection", (socket: Socket) => {
    const list: string[] = [];
    connections.push(list);
    requests.set(socket, list);
    closes.push(new Promise((resolve) => socket.on("close", () => resolve())));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, connections, allClosed: () => Promise.all(closes) };
}

test("timeToFirstByteRound sends one streamed hello to open its own connection, then `count` timed ones on it, and closes it", async () => {
  const served = await streamedHello();
  await expect(timeToFirstByteRound(served.port, 3)).resolves.toBeGreaterThan(0);
  await served.allClosed();
  const hello = `${STREAMED_HELLO.method} ${STREAMED_HELLO.path}`;
  expect(served.connections).toEqual([[hello, hello, hello, hello]]);
});
