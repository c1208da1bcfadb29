import { Agent } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { send } from "./_client.ts";
import { type ServerProcess, startProcess } from "./_process.ts";

const started: ServerProcess[] = [];
afterEach(() => {
  for (const server of started.splice(0)) if (server.child.exitCode === null) server.child.kill("SIGKILL");
});

async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startProcess("./fixtures/slow-server.ts", env);
  started.push(server);
  return server;
}

/** Resolves with the error code of a TCP connection attempt (or "connected"). */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe("SIGTERM on a real server process", () => {
  test("every in-flight request and its waitUntil work finishes, then the process exits 0", async () => {
    const server = await start({ WAIT_MS: "300" });
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const responses = ids.map((id) => send(server.port, { path: `/?id=${id}&ms=800` }));
    for (const id of ids) await server.waitFor((line) => line === `started ${id}`);
    const signalled = Date.now();
    server.child.kill("SIGTERM");
    const answers = await Promise.all(responses);
    const code = await server.exited;
    expect(answers.map((response) => [response.status, response.text])).toEqual(ids.map((id) => [200, `done ${id}`]));
    // waitUntil work is awaited before each response (Cloud Run may throttle CPU once a response is sent).
    expect(ids.filter((id) => !server.lines.includes(`waitUntil done ${id}`))).toEqual([]);
    expect(server.lines.some((line) => line.includes('"SIGTERM: draining in-flight requests"') && line.includes('"connections":20'))).toBe(
      true,
    );
    expect(code).toBe(0);
    // Not held up by keep-alive connections or the 9 s drain limit.
    expect(Date.now() - signalled).toBeLessThan(5000);
  });

  test("a connection attempted after SIGTERM is refused cleanly while an in-flight request still finishes", async () => {
    const server = await start();
    const agent = new Agent({ keepAlive: true });
    const slow = send(server.port, { path: "/?id=slow&ms=1500", agent });
    await server.waitFor((line) => line === "started slow");
    server.child.kill("SIGTERM");
    await server.waitFor((line) => line.includes("SIGTERM: draining"));
    const late = await tryConnect(server.port);
    const answer = await slow;
    agent.destroy();
    expect(late).toBe("ECONNREFUSED");
    // The in-flight answer tells a keep-alive client not to send anything more on this connection.
    expect([answer.status, answer.text, answer.headers.connection]).toEqual([200, "done slow", "close"]);
    expect(await server.exited).toBe(0);
    expect(server.lines.filter((line) => line.startsWith("started"))).toEqual(["started slow"]);
  });

  test("a request still running at the drain limit is cut and the process exits 1, before Cloud Run's SIGKILL", async () => {
    const server = await start({ DRAIN_MS: "300" });
    const stuck = send(server.port, { path: "/?id=stuck&ms=10000" }).then(
      () => "answered",
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    await server.waitFor((line) => line === "started stuck");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(1);
    expect(await stuck).toBe("ECONNRESET");
    expect(server.lines.some((line) => line.includes('"in-flight requests did not finish in time: cutting them"'))).toBe(true);
  });
});

describe("SIGINT (Ctrl-C on a local run) and a second signal", () => {
  test("SIGINT drains like SIGTERM: the in-flight request finishes, one line says so, and the process exits 0", async () => {
    const server = await start();
    const slow = send(server.port, { path: "/?id=slow&ms=800" });
    await server.waitFor((line) => line === "started slow");
    server.child.kill("SIGINT");
    const answer = await slow;
    expect([answer.status, answer.text, await server.exited]).toEqual([200, "done slow", 0]);
    const draining = server.lines.filter((line) => line.includes("draining")).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(draining.map((line) => [line.message, line.connections])).toEqual([["SIGINT: draining in-flight requests", 1]]);
  });

  test("a second signal while draining is not handled again: the default action stops the process at once (Ctrl-C twice)", async () => {
    const server = await start();
    const stuck = send(server.port, { path: "/?id=stuck&ms=10000" }).then(
      () => "answered",
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    await server.waitFor((line) => line === "started stuck");
    server.child.kill("SIGTERM");
    await server.waitFor((line) => line.includes("SIGTERM: draining"));
    server.child.kill("SIGINT");
    expect([await server.exited, server.child.signalCode, await stuck]).toEqual([null, "SIGINT", "ECONNRESET"]);
    expect(server.lines.filter((line) => line.includes("draining")).length).toBe(1);
  });
});
