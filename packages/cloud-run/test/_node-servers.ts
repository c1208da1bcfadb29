// Plain node:http servers a test starts around a node handler (as another framework or middleware would), closed
// with their connections after each test of the file.
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

/** Call once in a test file: returns `listen(listener)`, which starts a server on an ephemeral loopback port. */
export function nodeServers(): (listener: RequestListener) => Promise<{ server: Server; port: number }> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(resolve);
          }),
      ),
    );
  });
  return async (listener) => {
    const server = createServer(listener);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, port: (server.address() as AddressInfo).port };
  };
}
