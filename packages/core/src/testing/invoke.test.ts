import { describe, expect, test, vi } from "vitest";
import { defineHandler, json } from "../index.ts";
import { cloudEvent, httpEvent, invoke, messagesEvent, scheduleEvent, storageEvent } from "../testing.ts";

describe("invoke", () => {
  test("delivers each of the five event kinds with its fields", async () => {
    const seen: unknown[] = [];
    const app = defineHandler((event) => {
      if (event.kind === "http") seen.push([event.kind, event.method, event.path]);
      else if (event.kind === "messages") seen.push([event.kind, event.source, event.messages.map((message) => message.id)]);
      else if (event.kind === "storage") seen.push([event.kind, event.action, event.bucket, event.key]);
      else if (event.kind === "schedule") seen.push([event.kind, event.cron, event.scheduledTime.toISOString()]);
      else seen.push([event.kind, event.id, event.type, event.data]);
    });
    const results = [
      await invoke(app, httpEvent({ method: "DELETE", path: "/x" })),
      await invoke(app, messagesEvent({ source: "gcp.pubsub", messages: [{ body: 1 }] })),
      await invoke(app, storageEvent({ action: "deleted", bucket: "b", key: "k" })),
      await invoke(app, scheduleEvent({ cron: "0 * * * *", scheduledTime: new Date(0) })),
      await invoke(app, cloudEvent({ id: "c1", source: "s", type: "t", data: { a: 1 } })),
    ];
    expect(seen).toEqual([
      ["http", "DELETE", "/x"],
      ["messages", "gcp.pubsub", ["m1"]],
      ["storage", "deleted", "b", "k"],
      ["schedule", "0 * * * *", "1970-01-01T00:00:00.000Z"],
      ["cloudevent", "c1", "t", { a: 1 }],
    ]);
    expect([(results[0] as { status: number }).status, results[1], results[2], results[3], results[4]]).toEqual([
      204,
      { failed: [] },
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("hands the handler the event itself and resolves an http response with text and json()", async () => {
    const event = httpEvent({ method: "POST", path: "/x", body: { a: 1 } });
    const app = defineHandler(async (received) =>
      json({ same: received === event, body: received.kind === "http" ? await received.json() : null }),
    );
    const response = await invoke(app, event);
    expect([response.status, response.text, response.json()]).toEqual([
      200,
      '{"same":true,"body":{"a":1}}',
      { same: true, body: { a: 1 } },
    ]);
  });

  test("decodes a byte body into text", async () => {
    const app = defineHandler(() => ({ headers: { "content-type": "application/octet-stream" }, body: new TextEncoder().encode("hé") }));
    const response = await invoke(app, httpEvent());
    expect([response.body, response.text]).toEqual([new TextEncoder().encode("hé"), "hé"]);
  });

  test("response.json() throws on a body that is not JSON", async () => {
    const response = await invoke(
      defineHandler(() => ({ body: "plain" })),
      httpEvent(),
    );
    expect(() => response.json()).toThrow(SyntaxError);
  });

  test("passes env to init and ctx.env, defaulting to {}", async () => {
    const init = vi.fn((env: Readonly<Record<string, string | undefined>>) => env.NAME);
    const app = defineHandler({ init, handle: (_event, ctx) => json([ctx.env, ctx.deps ?? null]) });
    expect((await invoke(app, httpEvent(), { env: { NAME: "x" } })).body).toBe('[{"NAME":"x"},"x"]');
    expect((await invoke(app, httpEvent(), { freshInstance: true })).body).toBe("[{},null]");
  });

  test("collects log lines as parsed JSON when logs is given", async () => {
    const logs: Array<Record<string, unknown>> = [];
    const app = defineHandler((_event, ctx) => ctx.log.warn("careful", { n: 1 }));
    await invoke(app, storageEvent({ bucket: "b", key: "k" }), { logs, requestId: "id" });
    expect(logs).toEqual([
      { level: "warn", severity: "WARNING", time: expect.any(String), message: "careful", requestId: "id", provider: "test", n: 1 },
    ]);
  });

  test("without logs, writes lines to the console", async () => {
    const stdout = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await invoke(
        defineHandler((_event, ctx) => ctx.log.info("to console")),
        cloudEvent({ source: "s", type: "t" }),
      );
      expect(stdout.mock.calls.map(([line]) => JSON.parse(line as string).message)).toEqual(["to console"]);
    } finally {
      stdout.mockRestore();
    }
  });

  test("resolves a messages event to { failed }", async () => {
    const app = defineHandler(() => ({ failed: ["m1"] }));
    expect(await invoke(app, messagesEvent({ messages: [{ body: 1 }] }))).toEqual({ failed: ["m1"] });
  });
});

describe("invoke: a streamed body and the deadline", () => {
  /** A streamed body of "a" then "b", each after a wait of `waitMs` (real timers). */
  function slowBody(waitMs: number): ReadableStream<string> {
    const parts = ["a", "b"];
    return new ReadableStream({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        const part = parts.shift();
        if (part === undefined) controller.close();
        else controller.enqueue(part);
      },
    });
  }

  test("without a deadline, or with one that is not finite (Infinity, NaN), a slow stream is read whole", async () => {
    const app = defineHandler(() => ({ body: slowBody(20) }));
    const read = async (deadline?: number) => {
      const response = await invoke(app, httpEvent(), deadline === undefined ? {} : { deadline });
      return [response.text, response.chunks?.length];
    };
    expect([await read(), await read(Number.POSITIVE_INFINITY), await read(Number.NaN)]).toEqual([
      ["ab", 2],
      ["ab", 2],
      ["ab", 2],
    ]);
  });

  test("a deadline 30 days ahead (past setTimeout's 2^31−1 ms) does not cut a slow stream off", async () => {
    const app = defineHandler(() => ({ body: slowBody(20) }));
    const response = await invoke(app, httpEvent(), { deadline: Date.now() + 30 * 24 * 60 * 60 * 1000 });
    expect(response.text).toBe("ab");
  });

  test("a stream still running at the deadline is cancelled with the error invoke rejects with", async () => {
    const reasons: unknown[] = [];
    const app = defineHandler(() => ({
      body: new ReadableStream({
        cancel(reason) {
          reasons.push(reason);
        },
      }),
    }));
    const failure = await invoke(app, httpEvent(), { deadline: Date.now() + 50 }).catch((error: unknown) => error);
    expect((failure as Error).message).toBe(
      "The streamed body was still being sent at the deadline: a provider cuts the response off there",
    );
    expect(reasons).toEqual([failure]);
    expect(reasons[0]).toBe(failure);
  });

  test("without a deadline no timer runs while the body is read; with one, none is left once it is read", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let source: ReadableStreamDefaultController<string> | undefined;
      const open = defineHandler(() => ({
        body: new ReadableStream<string>({
          start(controller) {
            source = controller;
          },
        }),
      }));
      const reading = invoke(open, httpEvent());
      await new Promise((resolve) => setImmediate(resolve));
      const whileReading = vi.getTimerCount();
      source?.enqueue("x");
      source?.close();
      const closed = defineHandler(() => ({
        body: new ReadableStream({
          start(controller) {
            controller.enqueue("y");
            controller.close();
          },
        }),
      }));
      const response = await invoke(closed, httpEvent(), { deadline: Date.now() + 60_000 });
      expect([whileReading, (await reading).text, response.text, vi.getTimerCount()]).toEqual([0, "x", "y", 0]);
    } finally {
      vi.useRealTimers();
    }
  });
});
