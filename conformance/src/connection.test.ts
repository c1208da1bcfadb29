import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { onFreshConnection } from "./connection.ts";

/**
 * The server's keep-alive timeout here: Node closes an idle connection 1 s after it (its own margin). Its answers
 * say `Keep-Alive: timeout=2`; under 2 s they would say `timeout=0` or `1`, and Node's agent keeps no connection then.
 */
const KEEP_ALIVE_MS = 2000;
/** A server that never closes an idle connection in a test's time: whatever closes one, the client did. */
const KEEPS_IDLE_MS = 600_000;
/** Longer than the server keeps an idle connection. */
const PAST_IDLE_CLOSE_MS = KEEP_ALIVE_MS + 1000 + 200;

interface Served {
  port: number;
  /** Per connection the server accepted, in order: the paths it was asked for. */
  connections: string[][];
  /** Resolves once the server's end of every connection it accepted so far is closed. */
  allClosed(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(keepAliveTimeout: number): Promise<Served> {
  const connections: string[][] = [];
  const closes: Array<Promise<void>> = [];
  const paths = new Map<Socket, string[]>();
  const server = createServer({ keepAliveTimeout }, (req, res) => {
    paths.get(req.socket)?.push(req.url ?? "");
    res.end("ok");
  });
  server.on("connection", (socket: Socket) => {
    const list: string[] = [];
    connections.push(list);
    paths.set(socket, list);
    closes.push(new Promise((resolve) => socket.on("close", () => resolve())));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, connections, allClosed: async () => void (await Promise.all(closes)) };
}

function get(port: number, path: string, agent: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve(text));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The other hello's round on a loaded machine: this process busy, no timer run, for `ms`. */
function busyFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A round of two requests, as a meter's round is a loop of them. */
const twoRequests = (port: number, round: string) => async (agent: Agent) => [
  await get(port, `/${round}/1`, agent),
  await get(port, `/${round}/2`, agent),
];

describe("onFreshConnection", () => {
  test("a connection kept through a gap longer than the server keeps it idle is reset by the next request (why rounds do not keep one)", {
    timeout: 20_000,
  }, async () => {
    const { port } = await serve(KEEP_ALIVE_MS);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await get(port, "/before", agent)).toBe("ok");
      busyFor(PAST_IDLE_CLOSE_MS);
      // Written before the server's idle timer runs; the server then closes with the request unread.
      await expect(get(port, "/after", agent)).rejects.toThrow("read ECONNRESET");
    } finally {
      agent.destroy();
    }
  });

  test("each round runs on a connection of its own, opened by `open`, so a gap between rounds resets nothing", {
    timeout: 20_000,
  }, async () => {
    const served = await serve(KEEP_ALIVE_MS);
    expect(await onFreshConnection((agent) => get(served.port, "/open-a", agent), twoRequests(served.port, "a"))).toEqual(["ok", "ok"]);
    busyFor(PAST_IDLE_CLOSE_MS);
    expect(await onFreshConnection((agent) => get(served.port, "/open-b", agent), twoRequests(served.port, "b"))).toEqual(["ok", "ok"]);
    expect(served.connections).toEqual([
      ["/open-a", "/a/1", "/a/2"],
      ["/open-b", "/b/1", "/b/2"],
    ]);
  });

  test("closes the round's connection when the round ends", async () => {
    const served = await serve(KEEPS_IDLE_MS);
    await onFreshConnection((agent) => get(served.port, "/open", agent), twoRequests(served.port, "a"));
    await served.allClosed();
    expect(served.connections).toEqual([["/open", "/a/1", "/a/2"]]);
  });

  test("closes the round's connection when the round fails, and rejects with the round's error", async () => {
    const served = await serve(KEEPS_IDLE_MS);
    const failing = onFreshConnection(
      (agent) => get(served.port, "/open", agent),
      async () => {
        throw new Error("the round failed");
      },
    );
    await expect(failing).rejects.toThrow("the round failed");
    await served.allClosed();
    expect(served.connections).toEqual([["/open"]]);
  });
});
