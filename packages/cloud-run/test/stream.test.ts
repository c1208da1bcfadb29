// Streamed plain results (a body that is an async iterable or a ReadableStream) through a real node:http
// server: status and cookies first, chunks as produced, backpressure, a failure that cuts the connection.
import { connect } from "node:net";
import { defineHandler } from "@fnport/core";
import { afterEach, describe, expect, test } from "vitest";
import type { CloudRunApp, CloudRunOptions, CloudRunServer } from "../src/index.ts";
import { logCollector, send, serve } from "./_client.ts";

const running: CloudRunServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start<Deps, Env>(app: CloudRunApp<Deps, Env>, options?: CloudRunOptions): Promise<CloudRunServer> {
  const server = await serve(app, options);
  running.push(server);
  return server;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function* parts(...texts: string[]): AsyncGenerator<string> {
  for (const text of texts) {
    await pause(5);
    yield text;
  }
}

/** The raw bytes a server sends for one request with `Connection: close`, and whether the server ended it cleanly. */
function rawExchange(port: number, path: string, method = "GET"): Promise<{ raw: string; ended: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let raw = "";
    socket.on("data", (data: Buffer) => {
      raw += data.toString("latin1");
    });
    socket.on("end", () => resolve({ raw, ended: true }));
    socket.on("error", () => resolve({ raw, ended: false }));
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

describe("streamed results on Cloud Run", () => {
  test("status, headers and every cookie first, then the chunks, chunked (no content-length)", async () => {
    const server = await start(
      defineHandler(() => ({
        status: 201,
        headers: { "content-type": "text/plain; charset=utf-8", "content-length": "999" },
        cookies: ["a=1; Path=/", "b=2"],
        body: parts("one;", "two;", "three"),
      })),
    );
    const { raw } = await rawExchange(server.port, "/");
    const [head, body] = raw.split("\r\n\r\n", 2) as [string, string];
    const lines = head.split("\r\n");
    expect(lines[0]).toBe("HTTP/1.1 201 Created");
    expect(lines.filter((line) => /^(content-type|set-cookie|transfer-encoding|content-length):/i.test(line))).toEqual([
      "content-type: text/plain; charset=utf-8",
      "set-cookie: a=1; Path=/",
      "set-cookie: b=2",
      "Transfer-Encoding: chunked",
    ]);
    expect(raw.slice(head.length + 4)).toBe("4\r\none;\r\n4\r\ntwo;\r\n5\r\nthree\r\n0\r\n\r\n");
    expect(body.startsWith("4\r\none;")).toBe(true);
  });

  test("an empty stream keeps its status and cookies; HEAD gets the headers only", async () => {
    const server = await start(defineHandler(() => ({ status: 202, cookies: ["e=1"], headers: { "x-empty": "yes" }, body: parts() })));
    const response = await send(server.port);
    expect([response.status, response.headers["x-empty"], response.headers["set-cookie"], response.body.byteLength]).toEqual([
      202,
      "yes",
      ["e=1"],
      0,
    ]);
    const head = await send(server.port, { method: "HEAD" });
    expect([head.status, head.headers["x-empty"], head.body.byteLength]).toEqual([202, "yes", 0]);
  });

  test("a ReadableStream body streams the same way", async () => {
    const server = await start(
      defineHandler(() => ({
        body: new ReadableStream<string>({
          start(controller) {
            controller.enqueue("from a ");
            controller.enqueue("ReadableStream");
            controller.close();
          },
        }),
      })),
    );
    expect((await send(server.port)).text).toBe("from a ReadableStream");
  });

  test("a failure mid-way cuts the connection (no terminating chunk) and is logged once with the request id", async () => {
    const logs = logCollector();
    async function* failing(): AsyncGenerator<string> {
      yield "first;";
      await pause(20);
      throw new Error("the upstream broke");
    }
    const server = await start(
      defineHandler(() => ({ body: failing() })),
      { write: logs.write },
    );
    const { raw } = await rawExchange(server.port, "/");
    expect(raw.endsWith("6\r\nfirst;\r\n")).toBe(true);
    expect(raw.includes("0\r\n\r\n")).toBe(false);
    const error = await send(server.port, { headers: [["X-Cloud-Trace-Context", "205445aa7843bc8bf206b12000100000/2;o=1"]] }).then(
      () => undefined,
      (reason: Error) => reason.message,
    );
    expect(error).toMatch(/aborted|socket hang up|ECONNRESET/);
    expect(logs.lines.map((line) => [line.message, (line.error as { message: string }).message])).toEqual([
      ["http response body failed while streaming", "the upstream broke"],
      ["http response body failed while streaming", "the upstream broke"],
    ]);
    expect(logs.lines[1]?.requestId).toBe("205445aa7843bc8bf206b12000100000/2");
  });

  test("without a trace, the adapter's line about a failed Response body carries the id the handler's lines do", async () => {
    const logs = logCollector();
    let sent = false;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(new Error("the upstream broke"));
        else controller.enqueue(new TextEncoder().encode("first;"));
        sent = true;
      },
    });
    const server = await start(
      defineHandler((_event, ctx) => {
        ctx.log.info("streaming");
        return new Response(failing);
      }),
      { write: logs.write },
    );
    await rawExchange(server.port, "/");
    const [handlerLine, failureLine] = logs.lines;
    expect([logs.lines.map((line) => line.message), failureLine?.requestId]).toEqual([
      ["streaming", "http response body failed while streaming"],
      handlerLine?.requestId,
    ]);
    expect(handlerLine?.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("a slow client holds the producer back: 64 MiB streams while only a few MiB are produced ahead", async () => {
    const chunk = 64 * 1024;
    const total = 1024;
    let produced = 0;
    async function* large(): AsyncGenerator<Uint8Array> {
      for (let index = 0; index < total; index++) {
        produced++;
        yield new Uint8Array(chunk).fill(index % 251);
      }
    }
    const server = await start(defineHandler(() => ({ headers: { "content-type": "application/octet-stream" }, body: large() })));
    const socket = connect(server.port, "127.0.0.1");
    socket.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    socket.pause();
    await pause(500);
    const producedWhilePaused = produced;
    let received = 0;
    socket.on("data", (data: Buffer) => {
      received += data.byteLength;
    });
    socket.resume();
    await new Promise((resolve) => socket.on("end", resolve));
    // Socket buffers hold a few MiB at most; without backpressure all 1024 chunks (64 MiB) would be produced.
    expect(producedWhilePaused).toBeLessThan(256);
    expect([produced, received > total * chunk]).toEqual([total, true]);
  });

  test("a client that leaves releases the source", async () => {
    let released = false;
    async function* endless(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          yield new Uint8Array(16 * 1024);
          await pause(1);
        }
      } finally {
        released = true;
      }
    }
    const server = await start(defineHandler(() => ({ body: endless() })));
    const socket = connect(server.port, "127.0.0.1");
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((resolve) => socket.once("data", resolve));
    socket.destroy();
    for (let waited = 0; !released && waited < 2000; waited += 10) await pause(10);
    expect(released).toBe(true);
  });
});
