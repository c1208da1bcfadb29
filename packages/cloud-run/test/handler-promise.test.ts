// When the promise of toNodeHandler()'s handler settles (a server that awaits each request relies on it), and
// cloudRun()'s own server, which drops it: nothing thrown from the request listener or the body's callbacks.
import { defineHandler, text } from "@fnport/core";
import { afterEach, expect, test } from "vitest";
import { type CloudRunServer, type NodeHandlerOptions, toNodeHandler } from "../src/index.ts";
import { send, serve } from "./_client.ts";
import { nodeServers } from "./_node-servers.ts";

const listen = nodeServers();
const running: CloudRunServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const app = defineHandler(async (event) => {
  if (event.kind !== "http") return;
  if (event.path === "/throw") throw new Error("the handler failed");
  return text(`${event.method} ${(await event.text()).length}`);
});

test.each([
  ["no hook", {}],
  // A request on the event path goes through the delivery routing first: one the hook leaves alone is plain HTTP.
  ["a delivery hook that finds no event", { delivery: () => undefined }],
] as Array<[string, NodeHandlerOptions]>)(
  "the handler's promise resolves once the response is finished, and never rejects, whatever the request (%s)",
  async (_name, options) => {
    const handler = toNodeHandler(app, { env: {}, maxBodyBytes: 10, write: () => {}, ...options });
    // What each request's promise did, by path: resolved (and whether the response had ended by then), rejected, or threw.
    const outcomes: Array<Promise<string>> = [];
    const { port } = await listen((request, response) => {
      const what = `${request.method} ${request.url}`;
      try {
        outcomes.push(
          handler(request, response).then(
            () => `${what}: resolved, ended ${response.writableEnded}`,
            (error: unknown) => `${what}: rejected ${String(error)}`,
          ),
        );
      } catch (error) {
        outcomes.push(Promise.resolve(`${what}: threw ${String(error)}`));
      }
    });
    const answers = [
      await send(port, { path: "/no-body" }),
      await send(port, { method: "POST", path: "/body", headers: [["Content-Length", "5"]], body: "abcde" }),
      await send(port, { method: "POST", path: "/chunked", headers: [["Transfer-Encoding", "chunked"]], body: "abcdefgh" }),
      await send(port, { method: "POST", path: "/declared-too-large", headers: [["Content-Length", "11"]] }),
      await send(port, { method: "POST", path: "/grows-too-large", headers: [["Transfer-Encoding", "chunked"]], body: "x".repeat(11) }),
      await send(port, { path: "/throw" }),
    ];
    expect(answers.map((answer) => [answer.status, answer.text])).toEqual([
      [200, "GET 0"],
      [200, "POST 5"],
      [200, "POST 8"],
      [413, '{"error":"Request body is larger than 10 bytes"}'],
      [413, '{"error":"Request body is larger than 10 bytes"}'],
      [500, '{"error":"Internal Server Error"}'],
    ]);
    expect(await Promise.all(outcomes)).toEqual([
      "GET /no-body: resolved, ended true",
      "POST /body: resolved, ended true",
      "POST /chunked: resolved, ended true",
      "POST /declared-too-large: resolved, ended true",
      "POST /grows-too-large: resolved, ended true",
      "GET /throw: resolved, ended true",
    ]);
  },
);

test("cloudRun()'s server, which makes no promise per request, throws nothing for a body, a refused body or one that grows too large", async () => {
  const uncaught: unknown[] = [];
  const record = (error: unknown): void => {
    uncaught.push(error);
  };
  // A monitor sees an uncaught exception before the test runner's own handler does, and changes nothing.
  process.on("uncaughtExceptionMonitor", record);
  try {
    const server = await serve(app, { maxBodyBytes: 10 });
    running.push(server);
    const answers = [
      await send(server.port, { method: "POST", path: "/body", headers: [["Content-Length", "5"]], body: "abcde" }),
      await send(server.port, { method: "POST", path: "/declared-too-large", headers: [["Content-Length", "11"]] }),
      await send(server.port, {
        method: "POST",
        path: "/grows-too-large",
        headers: [["Transfer-Encoding", "chunked"]],
        body: "x".repeat(11),
      }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 413, 413]);
  } finally {
    process.off("uncaughtExceptionMonitor", record);
  }
  expect(uncaught).toEqual([]);
});
