// cloudRun()'s options for the program that embeds it (logLevel, handleSignals) and what it does while binding
// its port; the signals themselves are sent to a real server process in shutdown.test.ts.
import { defineHandler } from "@fnport/core";
import { afterEach, describe, expect, test } from "vitest";
import { type CloudRunServer, cloudRun } from "../src/index.ts";
import { serve } from "./_client.ts";

const running: CloudRunServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const app = defineHandler(() => ({ status: 204 }));

/** The process's SIGTERM and SIGINT listeners, counted. */
const signalListeners = (): [number, number] => [process.listenerCount("SIGTERM"), process.listenerCount("SIGINT")];

describe("logLevel", () => {
  test("above info leaves out the server's 'listening on port' line; by default it is written", async () => {
    const quiet: string[] = [];
    const told: string[] = [];
    running.push(await serve(app, { logLevel: "warn", write: (line) => quiet.push(line) }));
    const server = await serve(app, { write: (line) => told.push(line) });
    running.push(server);
    expect(quiet).toEqual([]);
    expect(told.map((line) => ({ ...(JSON.parse(line) as Record<string, unknown>), time: "<time>" }))).toEqual([
      {
        level: "info",
        severity: "INFO",
        time: "<time>",
        message: `listening on port ${server.port}`,
        provider: "cloud-run",
        port: server.port,
      },
    ]);
  });
});

describe("binding the port", () => {
  test("a port already in use: cloudRun() rejects with the EADDRINUSE error", async () => {
    const first = await serve(app);
    running.push(first);
    await expect(serve(app, { port: first.port })).rejects.toMatchObject({ code: "EADDRINUSE", port: first.port });
  });

  test("once listening, its own error listener is gone: a later server error is the program's to handle", async () => {
    const server = await serve(app);
    running.push(server);
    expect(server.server.listenerCount("error")).toBe(0);
  });
});

describe("handleSignals", () => {
  test("by default, one SIGTERM and one SIGINT listener while it runs; close() removes them (a second signal then stops the process)", async () => {
    const before = signalListeners();
    const server = await cloudRun(app, { port: 0, host: "127.0.0.1", write: () => {} });
    let whileRunning: [number, number];
    try {
      whileRunning = signalListeners();
    } finally {
      await server.close();
    }
    expect([whileRunning, signalListeners()]).toEqual([[before[0] + 1, before[1] + 1], before]);
  });

  test("false: no signal listener at all, the program handles signals itself", async () => {
    const before = signalListeners();
    const server = await cloudRun(app, { port: 0, host: "127.0.0.1", write: () => {}, handleSignals: false });
    running.push(server);
    expect(signalListeners()).toEqual(before);
  });
});
