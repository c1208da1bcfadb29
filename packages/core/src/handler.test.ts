import { describe, expect, test, vi } from "vitest";
import { defineHandler, HttpError, json } from "./index.ts";
import { httpEvent, invoke, messagesEvent, scheduleEvent } from "./testing.ts";

type LogLine = Record<string, unknown>;

describe("defineHandler(fn)", () => {
  test("returns the function as handle with no init", () => {
    const handle = () => json("hi");
    expect(defineHandler(handle)).toEqual({ init: undefined, handle });
  });

  test("runs the function for each event with ctx.deps undefined", async () => {
    const app = defineHandler((event, ctx) => json({ kind: event.kind, deps: ctx.deps ?? "none" }));
    expect((await invoke(app, httpEvent())).body).toBe('{"kind":"http","deps":"none"}');
  });
});

describe("defineHandler({ handle })", () => {
  test("without init: init is undefined and the handler runs with ctx.deps undefined", async () => {
    const handle = (_event: unknown, ctx: { deps: unknown }) => json({ deps: ctx.deps ?? "none" });
    const app = defineHandler({ handle });
    expect(app).toEqual({ init: undefined, handle });
    expect((await invoke(app, httpEvent())).body).toBe('{"deps":"none"}');
  });
});

describe("defineHandler({ init, handle })", () => {
  test("runs init once per instance with env and puts its result on ctx.deps", async () => {
    const init = vi.fn(async (env: Readonly<Record<string, string | undefined>>) => ({ greeting: `hello from ${env.REGION}` }));
    const app = defineHandler({ init, handle: (_event, ctx) => json(ctx.deps.greeting) });
    const env = { REGION: "eu-west-1" };
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await invoke(app, httpEvent(), { env })).body);
    expect(bodies).toEqual(['"hello from eu-west-1"', '"hello from eu-west-1"', '"hello from eu-west-1"']);
    expect(init.mock.calls).toEqual([[env]]);
  });

  test("gives every invocation the same deps object", async () => {
    const seen: unknown[] = [];
    const app = defineHandler({ init: () => ({ pool: {} }), handle: (_event, ctx) => void seen.push(ctx.deps) });
    await invoke(app, scheduleEvent());
    await invoke(app, httpEvent());
    expect(seen[0]).toBe(seen[1]);
  });

  test("runs init once for concurrent first invocations", async () => {
    const init = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { n: 1 };
    });
    const app = defineHandler({ init, handle: (_event, ctx) => json(ctx.deps.n) });
    const responses = await Promise.all([invoke(app, httpEvent()), invoke(app, httpEvent()), invoke(app, httpEvent())]);
    expect(responses.map((response) => response.body)).toEqual(["1", "1", "1"]);
    expect(init).toHaveBeenCalledTimes(1);
  });

  test("runs an init that returns undefined only once", async () => {
    const init = vi.fn(() => undefined);
    const app = defineHandler({ init, handle: () => {} });
    await invoke(app, scheduleEvent());
    await invoke(app, scheduleEvent());
    expect(init).toHaveBeenCalledTimes(1);
  });

  test("runs init again with freshInstance", async () => {
    const init = vi.fn(() => ({}));
    const app = defineHandler({ init, handle: () => {} });
    await invoke(app, scheduleEvent());
    await invoke(app, scheduleEvent(), { freshInstance: true });
    expect(init).toHaveBeenCalledTimes(2);
  });

  test("retries a rejected init on the next http invocation; the failed one answers 500 and logs it", async () => {
    const error = new Error("secrets manager unreachable");
    let calls = 0;
    const app = defineHandler({
      init: async () => {
        calls += 1;
        if (calls === 1) throw error;
        return { ready: true };
      },
      handle: (_event, ctx) => json(ctx.deps),
    });
    const logs: LogLine[] = [];
    const failed = await invoke(app, httpEvent(), { logs, requestId: "i1" });
    expect([failed.status, failed.text]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(logs).toEqual([
      {
        level: "error",
        severity: "ERROR",
        time: expect.any(String),
        message: "init failed",
        requestId: "i1",
        provider: "test",
        error: { name: "Error", message: "secrets manager unreachable", stack: error.stack },
      },
    ]);
    const retried = await invoke(app, httpEvent());
    expect([retried.status, retried.body, calls]).toEqual([200, '{"ready":true}', 2]);
  });

  test("retries an init that throws synchronously", async () => {
    let calls = 0;
    const app = defineHandler({
      init: () => {
        calls += 1;
        if (calls === 1) throw new Error("sync");
        return { n: calls };
      },
      handle: (_event, ctx) => json(ctx.deps.n),
    });
    expect((await invoke(app, httpEvent(), { logs: [] })).status).toBe(500);
    expect((await invoke(app, httpEvent())).body).toBe("2");
  });

  test("a rejected init rejects a messages or schedule invocation, and is retried", async () => {
    const error = new Error("no db");
    let calls = 0;
    const app = defineHandler({
      init: async () => {
        calls += 1;
        if (calls <= 2) throw error;
        return "ok";
      },
      handle: () => {},
    });
    const logs: LogLine[] = [];
    await expect(invoke(app, messagesEvent({ messages: [{ body: 1 }] }), { logs })).rejects.toBe(error);
    await expect(invoke(app, scheduleEvent(), { logs })).rejects.toBe(error);
    expect(logs.map((line) => [line.message, (line.error as { message: string }).message])).toEqual([
      ["init failed", "no db"],
      ["init failed", "no db"],
    ]);
    await expect(invoke(app, scheduleEvent())).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });

  test("an HttpError thrown by init answers with its status", async () => {
    const app = defineHandler({
      init: () => {
        throw new HttpError(503, "Warming up");
      },
      handle: () => {},
    });
    const response = await invoke(app, httpEvent(), { logs: [] });
    expect([response.status, response.text]).toEqual([503, '{"error":"Warming up"}']);
  });
});

describe("invalid definitions", () => {
  test.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "handler"],
    ["an object without handle", {}],
    ["a non-function handle", { handle: "x" }],
  ])("throws a TypeError for %s", (_name, definition) => {
    expect(() => defineHandler(definition as never)).toThrow(new TypeError("defineHandler expects a function or { init?, handle }"));
  });

  test("throws a TypeError for a non-function init", () => {
    expect(() => defineHandler({ init: { db: 1 } as never, handle: () => {} })).toThrow(
      new TypeError("defineHandler: init must be a function"),
    );
  });
});
