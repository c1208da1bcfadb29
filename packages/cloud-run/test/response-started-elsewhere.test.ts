// toNodeHandler behind a node server whose own code began the response first (middleware that wrote the status
// and a chunk): Node refuses to start it again, so the answer can never be whole. The connection is cut (the
// client sees no terminating chunk), the handler's promise settles, and a streamed body is released unread.
import { connect } from "node:net";
import { defineHandler } from "@fnport/core";
import { expect, test } from "vitest";
import { type CloudRunApp, toNodeHandler } from "../src/index.ts";
import { nodeServers } from "./_node-servers.ts";

const listen = nodeServers();

/** What the middleware sent before handing over: a 200 and one chunk, chunked. */
const BEGUN = "begun;";

/**
 * A server whose listener begins each response (status, headers, one chunk on the wire), then hands the request
 * to `app`'s node handler; `served` resolves once the handler's promise settles, with whether the response was cut.
 */
async function begunElsewhere<Deps, Env>(app: CloudRunApp<Deps, Env>): Promise<{ port: number; served: Promise<{ destroyed: boolean }> }> {
  const handler = toNodeHandler(app, { env: {} });
  let settled: (outcome: { destroyed: boolean }) => void = () => {};
  const served = new Promise<{ destroyed: boolean }>((resolve) => {
    settled = resolve;
  });
  const { port } = await listen((request, response) => {
    response.writeHead(200, { "content-type": "text/plain" });
    response.write(BEGUN, () => {
      void handler(request, response).then(() => settled({ destroyed: response.destroyed }));
    });
  });
  return { port, served };
}

/** The body bytes (chunked framing included) the client received for one GET, once the server closed the connection. */
function bodyReceived(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let raw = "";
    socket.on("data", (data: Buffer) => {
      raw += data.toString("latin1");
    });
    socket.on("close", () => resolve(raw.slice(raw.indexOf("\r\n\r\n") + 4)));
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  });
}

test("a plain result on a response middleware began: the connection is cut, never left open or ended as if whole", async () => {
  let ran = 0;
  const { port, served } = await begunElsewhere(
    defineHandler(() => {
      ran += 1;
      return { status: 201, body: "the handler's answer" };
    }),
  );
  const received = bodyReceived(port);
  expect(await served).toEqual({ destroyed: true });
  expect([await received, ran]).toEqual([`6\r\n${BEGUN}\r\n`, 1]);
});

test("a streamed result on a response middleware began: the connection is cut and the body released unread, with the reason", async () => {
  const reasons: unknown[] = [];
  const { port, served } = await begunElsewhere(
    defineHandler(() => ({
      body: new ReadableStream<string>({
        start(controller) {
          controller.enqueue("streamed;");
          controller.close();
        },
        cancel(reason) {
          reasons.push(reason instanceof Error ? reason.message : reason);
        },
      }),
    })),
  );
  const received = bodyReceived(port);
  expect(await served).toEqual({ destroyed: true });
  expect([await received, reasons]).toEqual([`6\r\n${BEGUN}\r\n`, ["The response could not be started"]]);
});
