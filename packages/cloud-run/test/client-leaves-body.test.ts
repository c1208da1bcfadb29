// toNodeHandler's promise when the client goes away before its request body arrived whole: nobody is answered,
// the handler never runs, and the promise settles (a server that awaits each request must not wait forever).
import { connect } from "node:net";
import { defineHandler } from "@fnport/core";
import { expect, test } from "vitest";
import { toNodeHandler } from "../src/index.ts";
import { nodeServers } from "./_node-servers.ts";

const listen = nodeServers();

/** Long enough to tell a promise that never settles from one that settles once the connection closes. */
const NEVER_MS = 2000;

test("a client that leaves mid-body: the handler never runs, nothing is answered, and the handler's promise settles", async () => {
  let ran = 0;
  const handler = toNodeHandler(
    defineHandler(() => {
      ran += 1;
      return { status: 204 };
    }),
    { env: {} },
  );
  // The handler's promise, boxed: a promise resolved with a promise would wait for it.
  let arrived: (served: { outcome: Promise<string> }) => void = () => {};
  const request = new Promise<{ outcome: Promise<string> }>((resolve) => {
    arrived = resolve;
  });
  let answered = false;
  const { port } = await listen((req, res) => {
    res.on("finish", () => {
      answered = true;
    });
    arrived({ outcome: handler(req, res).then(() => "settled") });
  });
  const socket = connect(port, "127.0.0.1");
  socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nabc");
  const { outcome: served } = await request;
  socket.destroy();
  const outcome = await Promise.race([served, new Promise((resolve) => setTimeout(resolve, NEVER_MS, "still pending"))]);
  expect([outcome, ran, answered]).toEqual(["settled", 0, false]);
});
