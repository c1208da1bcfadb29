// The streamed hello's baseline on node:http: the same two chunks with the same pause, written by hand.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { STREAMED_HELLO } from "@fnport/conformance/hello";

const server = createServer((req, res) => {
  req.resume();
  const path = (req.url ?? "/").split("?", 1)[0];
  if (path !== STREAMED_HELLO.path) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(STREAMED_HELLO.status, STREAMED_HELLO.headers);
  res.write(STREAMED_HELLO.chunks[0]);
  setTimeout(() => res.end(STREAMED_HELLO.chunks[1]), STREAMED_HELLO.pauseMs);
});
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST, () => {
  process.stdout.write(`${JSON.stringify({ message: "listening", port: (server.address() as AddressInfo).port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
