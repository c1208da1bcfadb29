// toNodeHandler()'s hooks, given by the program that embeds it (rawBody, requestId, delivery): what reaches the
// handler, and what is answered and logged when a hook itself fails.
import { defineHandler, json, type Message } from "@fnport/core";
import { createMessagesEvent, encodeBase64 } from "@fnport/core/adapter";
import { describe, expect, test } from "vitest";
import { toNodeHandler } from "../src/index.ts";
import { nodeHandlers } from "../src/node-handler.ts";
import { ownHeaderLines, send } from "./_client.ts";
import { nodeServers } from "./_node-servers.ts";

const listen = nodeServers();

/** A log writer that keeps every line, parsed, without its time. */
function logLines(): { lines: Array<Record<string, unknown>>; write: (line: string) => void } {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    write: (line) => {
      const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      lines.push(rest);
    },
  };
}

const GENERIC_500 = '{"error":"Internal Server Error"}';
/** The user agent of a Pub/Sub push. */
const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";

describe("rawBody", () => {
  test("text it returns is UTF-8 encoded for the handler, the delivery hook and Google's deliveries; bytes are used as they are", async () => {
    const envelope = JSON.stringify({ subscription: "projects/p/subscriptions/s", message: { messageId: "m1", data: "aMOpbGxvIOKckw==" } });
    const supplied: Record<string, string | Uint8Array> = { "/text": "héllo ✓", "/bytes": new Uint8Array([0, 255]), "/push": envelope };
    const hookGot: string[] = [];
    const messages: string[] = [];
    const handler = toNodeHandler(
      defineHandler(async (event) => {
        if (event.kind === "http") return json({ bytes: encodeBase64(await event.bytes()) });
        if (event.kind === "messages") messages.push(await (event.messages[0] as Message).text());
      }),
      {
        env: {},
        write: () => {},
        rawBody: (request) => supplied[request.url ?? ""],
        delivery: (_request, _headers, body) => {
          hookGot.push(`${body instanceof Uint8Array} ${Buffer.from(body).toString("base64")}`);
          return undefined;
        },
      },
    );
    const { port } = await listen((request, response) => void handler(request, response));
    const text = await send(port, { method: "POST", path: "/text", body: "ignored" });
    const bytes = await send(port, { method: "POST", path: "/bytes", body: "ignored" });
    const push = await send(port, {
      method: "POST",
      path: "/push",
      headers: [
        ["User-Agent", PUSH_AGENT],
        ["Content-Type", "application/json"],
      ],
      body: "ignored",
    });
    // h, é as 2 bytes, llo, space, ✓ as 3 bytes.
    expect([text.json(), bytes.json(), push.status]).toEqual([{ bytes: "aMOpbGxvIOKckw==" }, { bytes: "AP8=" }, 204]);
    expect(hookGot).toEqual(["true aMOpbGxvIOKckw==", "true AP8="]);
    expect(messages).toEqual(["héllo ✓"]);
  });
});

describe("a requestId hook that throws: the request fails outside the handler", () => {
  test("one error line, a generic 500, the handler never runs, and the handler's promise resolves once answered", async () => {
    const logs = logLines();
    let ran = 0;
    const handler = toNodeHandler(
      defineHandler(() => {
        ran += 1;
        return { status: 204 };
      }),
      {
        env: {},
        write: logs.write,
        requestId: () => {
          throw new Error("no id today");
        },
      },
    );
    const outcomes: Array<Promise<string>> = [];
    const { port } = await listen((request, response) => {
      outcomes.push(
        handler(request, response).then(
          () => `resolved, ended ${response.writableEnded}`,
          (error: unknown) => `rejected ${String(error)}`,
        ),
      );
    });
    const bodyless = await send(port);
    const withBody = await send(port, { method: "POST", headers: [["Content-Length", "2"]], body: "hi" });
    expect([bodyless.status, bodyless.text, withBody.status, withBody.text, ran]).toEqual([500, GENERIC_500, 500, GENERIC_500, 0]);
    expect(await Promise.all(outcomes)).toEqual(["resolved, ended true", "resolved, ended true"]);
    const line = {
      level: "error",
      severity: "ERROR",
      message: "the request failed outside the handler",
      provider: "cloud-run",
      error: { name: "Error", message: "no id today", stack: expect.stringContaining("no id today") },
    };
    expect(logs.lines).toEqual([line, line]);
  });

  test("after an earlier middleware sent the headers, the connection is cut instead", async () => {
    const logs = logLines();
    const handler = toNodeHandler(
      defineHandler(() => ({ status: 204 })),
      {
        env: {},
        write: logs.write,
        requestId: () => {
          throw new Error("no id today");
        },
      },
    );
    let outcome: Promise<string> = Promise.resolve("no request");
    const { port } = await listen((request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.flushHeaders();
      outcome = handler(request, response).then(
        () => `resolved, destroyed ${response.destroyed}`,
        (error: unknown) => `rejected ${String(error)}`,
      );
    });
    const cut = await send(port).then(
      (response) => `answered ${response.status} ${response.text}`,
      // "aborted" once the head arrived, "socket hang up" if it had not: the same reset either way.
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect([cut, await outcome, logs.lines.map((line) => line.message)]).toEqual([
      "ECONNRESET",
      "resolved, destroyed true",
      ["the request failed outside the handler"],
    ]);
  });

  test("cloudRun()'s server, which drops the promise, gets none: serve() without done returns nothing", async () => {
    const { serve } = nodeHandlers(
      defineHandler(() => ({ status: 204 })),
      {
        env: {},
        write: () => {},
        requestId: () => {
          throw new Error("no id today");
        },
      },
    );
    const returned: unknown[] = [];
    const { port } = await listen((request, response) => {
      returned.push(serve(request, response));
    });
    const response = await send(port);
    expect([response.status, response.text, returned]).toEqual([500, GENERIC_500, [undefined]]);
  });
});

describe("the delivery hook", () => {
  test("throwing something other than an HttpError (a bug in it): a generic 500 and an error line with what it threw", async () => {
    const logs = logLines();
    let ran = 0;
    const handler = toNodeHandler(
      defineHandler(() => {
        ran += 1;
      }),
      {
        env: {},
        write: logs.write,
        requestId: () => "req-1",
        delivery: () => {
          throw new TypeError("cannot read this body");
        },
      },
    );
    const { port } = await listen((request, response) => void handler(request, response));
    const response = await send(port, { method: "POST", headers: [["Content-Type", "application/json"]], body: "{}" });
    expect([response.status, response.text, ran]).toEqual([500, GENERIC_500, 0]);
    expect(logs.lines).toEqual([
      {
        level: "error",
        severity: "ERROR",
        message: "failed to read a event delivery",
        requestId: "req-1",
        provider: "cloud-run",
        error: { name: "TypeError", message: "cannot read this body", stack: expect.stringContaining("cannot read this body") },
      },
    ]);
  });

  test("a batch of messages it finds, several of which fail: one 500 naming each failed id", async () => {
    const handler = toNodeHandler(
      defineHandler((event) => (event.kind === "messages" ? { failed: ["a", "c"] } : undefined)),
      {
        env: {},
        write: () => {},
        delivery: (request, _headers, body) =>
          createMessagesEvent({
            source: "custom.batch",
            messages: ["a", "b", "c"].map((id) => ({ id, body, raw: id })),
            raw: request,
          }),
      },
    );
    const { port } = await listen((request, response) => void handler(request, response));
    const response = await send(port, { method: "POST", body: "batch" });
    const body = '{"error":"Message a, c failed: it will be delivered again"}';
    expect([response.status, ownHeaderLines(response), response.text]).toEqual([
      500,
      [
        ["content-type", "application/json; charset=utf-8"],
        ["content-length", String(body.length)],
      ],
      body,
    ]);
  });
});
