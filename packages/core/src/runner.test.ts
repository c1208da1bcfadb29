import { afterEach, describe, expect, test, vi } from "vitest";
import { createRunner, type InvocationInit } from "./adapter.ts";
import { defineHandler, HttpError, json, type LogLevel, text } from "./index.ts";
import { httpEvent, invoke, messagesEvent, scheduleEvent, storageEvent } from "./testing.ts";

const JSON_TYPE = "application/json; charset=utf-8";
type LogLine = Record<string, unknown>;

afterEach(() => {
  vi.restoreAllMocks();
});

/** The log line the runner writes for a handler's throw. */
function errorLine(message: string, requestId: string, error: Error): LogLine {
  return {
    level: "error",
    severity: "ERROR",
    time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    message,
    requestId,
    provider: "test",
    error: { name: error.name, message: error.message, stack: error.stack },
  };
}

describe("http: a throw that is not an HttpError", () => {
  test("answers a generic 500 and logs one error line with the request id, message and stack", async () => {
    const error = new Error("db password is hunter2");
    const app = defineHandler(() => {
      throw error;
    });
    const logs: LogLine[] = [];
    const response = await invoke(app, httpEvent(), { logs, requestId: "req-500" });
    expect([response.status, { ...response.headers }, response.cookies, response.text]).toEqual([
      500,
      { "content-type": JSON_TYPE },
      [],
      '{"error":"Internal Server Error"}',
    ]);
    expect(response.text).not.toContain("hunter2");
    expect(logs).toEqual([errorLine("http handler failed", "req-500", error)]);
  });

  test("logs a thrown non-Error value as it is", async () => {
    const app = defineHandler(async () => {
      throw "plain string";
    });
    const logs: LogLine[] = [];
    expect((await invoke(app, httpEvent(), { logs, requestId: "r" })).status).toBe(500);
    expect(logs).toMatchObject([{ level: "error", message: "http handler failed", requestId: "r", error: "plain string" }]);
  });

  // The signal may already have fired when first read (a slow machine): wait only when it has not.
  const signalFired = (signal: AbortSignal): Promise<unknown> =>
    signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener("abort", resolve));

  test("answers 504 for a throw after ctx.signal fired", async () => {
    const app = defineHandler(async (_event, ctx) => {
      await signalFired(ctx.signal);
      throw ctx.signal.reason;
    });
    const logs: LogLine[] = [];
    const response = await invoke(app, httpEvent(), { deadline: Date.now() + 600, logs, requestId: "slow" });
    expect([response.status, { ...response.headers }, response.text]).toEqual([
      504,
      { "content-type": JSON_TYPE },
      '{"error":"Gateway Timeout"}',
    ]);
    expect(logs).toEqual([
      {
        ...errorLine("http handler timed out", "slow", new Error()),
        error: { name: "TimeoutError", message: "The invocation is about to reach its deadline", stack: expect.any(String) },
      },
    ]);
  });

  test("an HttpError thrown after ctx.signal fired keeps its status", async () => {
    const app = defineHandler(async (_event, ctx) => {
      await signalFired(ctx.signal);
      throw new HttpError(503, "Try later");
    });
    const response = await invoke(app, httpEvent(), { deadline: Date.now() + 700 });
    expect([response.status, response.text]).toEqual([503, '{"error":"Try later"}']);
  });
});

describe("http: an invalid result", () => {
  test.each([
    [{ headers: { "x bad": "1" } }, 'Invalid header name in result: "x bad" (RFC 9110 token characters only)'],
    [{ headers: { "x-bad\r\n": "1" } }, 'Invalid header name in result: "x-bad\\r\\n" (RFC 9110 token characters only)'],
    [{ headers: { "": "1" } }, 'Invalid header name in result: "" (RFC 9110 token characters only)'],
    [
      { headers: { "x-ok": "a\r\nset-cookie: evil=1" } },
      'Invalid value for header "x-ok" in result: control characters (but tab) and characters above U+00FF are not allowed',
    ],
    [
      { cookies: ["a=1\nb"] },
      'Invalid value for header "set-cookie" in result: control characters (but tab) and characters above U+00FF are not allowed',
    ],
  ])("answers 500 and logs the bad header for %j", async (result, message) => {
    const app = defineHandler(() => result);
    const logs: LogLine[] = [];
    const response = await invoke(app, httpEvent(), { logs, requestId: "h" });
    expect([response.status, response.text]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(logs).toMatchObject([{ level: "error", message: "http handler failed", requestId: "h", error: { name: "TypeError", message } }]);
  });

  test("answers 500 and logs an invalid status", async () => {
    const logs: LogLine[] = [];
    const response = await invoke(
      defineHandler(() => ({ status: 700 })),
      httpEvent(),
      { logs },
    );
    expect(response.status).toBe(500);
    expect(logs).toMatchObject([{ error: { name: "RangeError", message: "Invalid status in result: 700 (an integer from 200 to 599)" } }]);
  });

  test("answers 500 and logs a clear message for an object body", async () => {
    const logs: LogLine[] = [];
    const response = await invoke(
      defineHandler(() => ({ body: { message: "hi" } as never })),
      httpEvent(),
      { logs },
    );
    expect([response.status, response.text]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(logs).toMatchObject([
      {
        level: "error",
        error: {
          name: "TypeError",
          message:
            "Invalid body in result: expected a string, a Uint8Array, a ReadableStream, an async iterable or null, got object (use json() for objects)",
        },
      },
    ]);
  });

  test("answers 500 and logs when an HttpError carries an invalid header", async () => {
    const app = defineHandler(() => {
      throw new HttpError(401, "No", { headers: { "bad header": "x" } });
    });
    const logs: LogLine[] = [];
    const response = await invoke(app, httpEvent(), { logs, requestId: "e" });
    expect([response.status, response.text]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(logs).toMatchObject([
      {
        level: "error",
        message: "http handler failed",
        requestId: "e",
        error: { name: "TypeError", message: 'Invalid header name in result: "bad header" (RFC 9110 token characters only)' },
      },
    ]);
  });
});

describe("http results through invoke", () => {
  test("answers a json() result with its status, headers and cookies", async () => {
    const response = await invoke(
      defineHandler(() => json({ id: 1 }, { status: 201, headers: { "X-Id": ["1", "2"], "set-cookie": "a=1" }, cookies: ["b=2"] })),
      httpEvent(),
    );
    expect([response.status, { ...response.headers }, response.cookies, response.text, response.json()]).toEqual([
      201,
      { "content-type": JSON_TYPE, "x-id": "1, 2" },
      ["a=1", "b=2"],
      '{"id":1}',
      { id: 1 },
    ]);
  });

  test("takes a result from a sync handler, a promise and a thenable alike", async () => {
    const result = text("same");
    // biome-ignore lint/suspicious/noThenProperty: a thenable from another promise library, on purpose.
    const thenable = { then: (resolve: (value: unknown) => void) => resolve(result) };
    const handlers = [() => result, async () => result, () => thenable as never];
    const responses = await Promise.all(handlers.map((handle) => invoke(defineHandler(handle), httpEvent())));
    expect(responses.map((response) => [response.status, response.text])).toEqual([
      [200, "same"],
      [200, "same"],
      [200, "same"],
    ]);
  });

  test("answers 204 with no body when the handler returns nothing or {}", async () => {
    for (const result of [undefined, {}]) {
      const response = await invoke(
        defineHandler(() => result),
        httpEvent(),
      );
      expect([response.status, { ...response.headers }, response.body, response.text]).toEqual([204, {}, null, ""]);
    }
  });

  test("answers a Response with every set-cookie and a binary body as bytes", async () => {
    const app = defineHandler(() => {
      const headers = new Headers({ "content-type": "application/octet-stream" });
      headers.append("Set-Cookie", "a=1");
      headers.append("Set-Cookie", "b=2");
      return new Response(new Uint8Array([0, 200, 255]), { status: 202, headers });
    });
    const response = await invoke(app, httpEvent());
    expect([response.status, { ...response.headers }, response.cookies, response.body]).toEqual([
      202,
      { "content-type": "application/octet-stream" },
      ["a=1", "b=2"],
      new Uint8Array([0, 200, 255]),
    ]);
  });

  test("answers a Response with a text body decoded", async () => {
    const response = await invoke(
      defineHandler(() => new Response("héllo", { headers: { "content-type": "text/plain" } })),
      httpEvent(),
    );
    expect([response.status, response.body, response.text]).toEqual([200, "héllo", "héllo"]);
  });
});

describe("messages through invoke", () => {
  const batch = () => messagesEvent({ messages: [{ id: "a", body: "1" }, { id: "b", body: "2" }, { body: "3" }] });

  test("passes { failed } through", async () => {
    expect(
      await invoke(
        defineHandler(() => ({ failed: ["b", "m3"] })),
        batch(),
      ),
    ).toEqual({ failed: ["b", "m3"] });
  });

  test.each([undefined, null])("resolves { failed: [] } when the handler returns %s", async (result) => {
    expect(
      await invoke(
        defineHandler(() => result as never),
        batch(),
      ),
    ).toEqual({ failed: [] });
  });

  test("rejects when the handler names an id that is not in the batch, and logs it", async () => {
    const logs: LogLine[] = [];
    const app = defineHandler(() => ({ failed: ["a", "zzz"] }));
    await expect(invoke(app, batch(), { logs, requestId: "q" })).rejects.toThrow(
      new TypeError('The handler reported message "zzz" as failed, but it is not in this batch'),
    );
    expect(logs).toMatchObject([{ level: "error", message: "messages handler returned an invalid result", requestId: "q" }]);
  });

  test("checks every id of a long failed list too (more than eight failures), and an ordered batch fails from the earliest", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const twelve = (ordered: boolean) => messagesEvent({ messages: ids.map((id) => ({ id, body: id })), ordered });
    const reported = ["m11", "m3", "m5", "m6", "m7", "m8", "m9", "m10", "m4"];
    expect(
      await invoke(
        defineHandler(() => ({ failed: reported })),
        twelve(false),
      ),
    ).toEqual({ failed: reported });
    expect(
      await invoke(
        defineHandler(() => ({ failed: reported })),
        twelve(true),
      ),
    ).toEqual({ failed: ids.slice(3) });
    await expect(
      invoke(
        defineHandler(() => ({ failed: [...reported, "zzz"] })),
        twelve(false),
      ),
    ).rejects.toThrow(new TypeError('The handler reported message "zzz" as failed, but it is not in this batch'));
  });

  test.each([
    [42, "got 42"],
    ["a", "got a string"],
    [true, "got true"],
    [{ failed: "a" }, "failed is string, not an array of ids"],
    [{}, "got an object without failed"],
    [{ ok: true }, 'unknown key "ok"'],
    [{ failed: [], done: 1 }, 'unknown key "done"'],
    [
      { batchItemFailures: [{ itemIdentifier: "a" }] },
      'unknown key "batchItemFailures" (return { failed: ids } and the adapter writes batchItemFailures)',
    ],
  ])("rejects the result %j with a TypeError naming what is wrong", async (result, why) => {
    const app = defineHandler(() => result as never);
    const logs: LogLine[] = [];
    const message = `A messages handler must return nothing or { failed: string[] }: ${why}`;
    await expect(invoke(app, batch(), { logs })).rejects.toThrow(new TypeError(message));
    expect(logs).toMatchObject([
      { level: "error", message: "messages handler returned an invalid result", error: { name: "TypeError", message } },
    ]);
  });

  test("rejects the whole batch with the handler's own error when it throws, and logs it", async () => {
    const error = new Error("queue down");
    const app = defineHandler(() => {
      throw error;
    });
    const logs: LogLine[] = [];
    await expect(invoke(app, batch(), { logs, requestId: "m" })).rejects.toBe(error);
    expect(logs).toEqual([errorLine("messages handler threw", "m", error)]);
  });
});

describe("other events through invoke", () => {
  test("resolves to undefined for storage, schedule and cloudevent events", async () => {
    const seen: string[] = [];
    const app = defineHandler((event) => {
      seen.push(event.kind);
      return json("ignored");
    });
    expect(await invoke(app, storageEvent({ bucket: "b", key: "k" }))).toBeUndefined();
    expect(await invoke(app, scheduleEvent())).toBeUndefined();
    expect(seen).toEqual(["storage", "schedule"]);
  });

  test("rejects with the handler's error and logs it with the event kind", async () => {
    const error = new RangeError("bad cron");
    const app = defineHandler(() => {
      throw error;
    });
    const logs: LogLine[] = [];
    await expect(invoke(app, scheduleEvent(), { logs, requestId: "s" })).rejects.toBe(error);
    expect(logs).toEqual([errorLine("schedule handler threw", "s", error)]);
  });
});

describe("createRunner", () => {
  const init = (over: Partial<InvocationInit> = {}): InvocationInit => ({ env: { REGION: "eu" }, requestId: "r1", ...over });

  test("names its provider in ctx and every log line, through a custom write", async () => {
    const lines: Array<[LogLine, LogLevel]> = [];
    const app = defineHandler((_event, ctx) => {
      ctx.log.info("hi", { n: 1 });
      return json({ provider: ctx.provider, env: ctx.env });
    });
    const runner = createRunner(app, { provider: "acme-cloud", write: (line, level) => lines.push([JSON.parse(line) as LogLine, level]) });
    const response = await runner.http(httpEvent(), init());
    expect([response.status, response.body]).toEqual([200, '{"provider":"acme-cloud","env":{"REGION":"eu"}}']);
    expect(lines).toEqual([
      [{ level: "info", severity: "INFO", time: expect.any(String), message: "hi", requestId: "r1", provider: "acme-cloud", n: 1 }, "info"],
    ]);
  });

  test("keepResponses: a Fetch Response is passed on untouched, raced and settled like any result", async () => {
    const fetched = new Response("kept", { status: 201, statusText: "Made", headers: { "content-length": "4" } });
    const waited: string[] = [];
    const app = defineHandler(async (_event, ctx) => {
      ctx.waitUntil(Promise.resolve().then(() => waited.push("done")));
      return fetched;
    });
    for (const enforceDeadline of [false, true]) {
      waited.length = 0;
      const runner = createRunner(app, { provider: "p", keepResponses: true, streams: true, enforceDeadline });
      const response = await runner.http(httpEvent(), init({ deadline: Date.now() + 60_000 }));
      expect(response).toEqual({ status: 201, headers: {}, cookies: [], body: null, response: fetched });
      expect(response.response).toBe(fetched);
      expect(fetched.bodyUsed).toBe(false);
      expect(waited).toEqual(["done"]);
    }
    // Without the option, the runner reads it as usual.
    const read = await createRunner(
      defineHandler(() => new Response("read")),
      { provider: "p" },
    ).http(httpEvent(), init());
    expect([read.status, read.body, read.response]).toEqual([200, "read", undefined]);
  });

  test("a request id is made (a UUID, the same on every read and log line) only for an invocation without one", async () => {
    const lines: LogLine[] = [];
    const seen: string[] = [];
    const app = defineHandler((_event, ctx) => {
      seen.push(ctx.requestId, ctx.requestId);
      ctx.log.info("hi");
    });
    const runner = createRunner(app, { provider: "p", write: (line) => lines.push(JSON.parse(line) as LogLine) });
    await runner.http(httpEvent(), { env: {} });
    await runner.http(httpEvent(), { env: {} });
    await runner.http(httpEvent(), init());
    const [first, again, second, , given] = seen;
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(again).toBe(first);
    expect(second).not.toBe(first);
    expect(given).toBe("r1");
    expect(lines.map((line) => line.requestId)).toEqual([first, second, "r1"]);
  });

  test("writes nothing below logLevel and debug lines at debug", async () => {
    const levels: LogLevel[] = [];
    const app = defineHandler((_event, ctx) => {
      ctx.log.debug("d");
      ctx.log.info("i");
      ctx.log.warn("w");
      ctx.log.error("e");
    });
    const write = (_line: string, level: LogLevel) => void levels.push(level);
    await createRunner(app, { provider: "p", logLevel: "warn", write }).event(scheduleEvent(), init());
    expect(levels).toEqual(["warn", "error"]);
    levels.length = 0;
    await createRunner(app, { provider: "p", logLevel: "debug", write }).event(scheduleEvent(), init());
    expect(levels).toEqual(["debug", "info", "warn", "error"]);
  });

  test("a per-invocation write replaces the runner's", async () => {
    const runnerLines: string[] = [];
    const invocationLines: string[] = [];
    const app = defineHandler((_event, ctx) => ctx.log.info("x"));
    const runner = createRunner(app, { provider: "p", write: (line) => void runnerLines.push(line) });
    await runner.event(scheduleEvent(), init({ write: (line) => void invocationLines.push(line) }));
    expect([runnerLines.length, invocationLines.length]).toEqual([0, 1]);
  });

  test("logs to console by default: info on stdout, errors on stderr", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = defineHandler((_event, ctx) => {
      ctx.log.info("to stdout");
      throw new Error("to stderr");
    });
    const response = await createRunner(app, { provider: "p" }).http(httpEvent(), init());
    expect(response.status).toBe(500);
    expect(log.mock.calls.map(([line]) => JSON.parse(line as string).message)).toEqual(["to stdout"]);
    expect(error.mock.calls.map(([line]) => JSON.parse(line as string).message)).toEqual(["http handler failed"]);
  });

  test("honours signalMarginMs", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const app = defineHandler(async (_event, ctx) => {
        const signal = ctx.signal;
        await vi.advanceTimersByTimeAsync(899);
        const before = signal.aborted;
        await vi.advanceTimersByTimeAsync(1);
        return json([before, signal.aborted]);
      });
      const response = await createRunner(app, { provider: "p", signalMarginMs: 100 }).http(httpEvent(), init({ deadline: 1_001_000 }));
      expect(response.body).toBe("[false,true]");
    } finally {
      vi.useRealTimers();
    }
  });

  test("hands ctx.native through and uses the provider's waitUntil without awaiting it; a rejection is logged, not passed on", async () => {
    const native = { awsRequestId: "x" };
    const handed: Array<Promise<unknown>> = [];
    const lines: LogLine[] = [];
    const app = defineHandler((_event, ctx) => {
      ctx.waitUntil(new Promise<void>(() => {}));
      ctx.waitUntil(Promise.resolve("done"));
      ctx.waitUntil(Promise.reject(new Error("analytics down")));
      return json(ctx.native === native);
    });
    const runner = createRunner(app, { provider: "p", write: (line) => void lines.push(JSON.parse(line) as LogLine) });
    const response = await runner.http(httpEvent(), init({ native, waitUntil: (promise) => void handed.push(promise) }));
    expect([response.body, handed.length]).toEqual(["true", 3]);
    const settled = await Promise.race([Promise.allSettled(handed.slice(1)), new Promise((resolve) => setTimeout(resolve, 50, "pending"))]);
    expect(settled).toEqual([
      { status: "fulfilled", value: "done" },
      { status: "fulfilled", value: undefined },
    ]);
    expect(lines).toMatchObject([
      { level: "error", message: "waitUntil promise rejected", requestId: "r1", error: { message: "analytics down" } },
    ]);
  });

  test("http(event, init, encode) resolves to encode's native response, for a result and for a throw", async () => {
    const encode = (response: { status: number; body: unknown }) => ({ native: response.status, body: response.body });
    const ok = createRunner(
      defineHandler(() => json({ a: 1 })),
      { provider: "p" },
    );
    const failing = createRunner(
      defineHandler(() => {
        throw new HttpError(418, "teapot");
      }),
      { provider: "p" },
    );
    expect([await ok.http(httpEvent(), init(), encode), await failing.http(httpEvent(), init(), encode)]).toEqual([
      { native: 200, body: '{"a":1}' },
      { native: 418, body: '{"error":"teapot"}' },
    ]);
  });

  test("http(event, init, encode) never rejects when encode cannot carry the result: a logged generic 500 instead", async () => {
    const lines: LogLine[] = [];
    const runner = createRunner(
      defineHandler(() => text("ok", { cookies: ["a=1", "b=2"] })),
      { provider: "p", write: (line) => void lines.push(JSON.parse(line) as LogLine) },
    );
    const encode = (response: { status: number; cookies: string[]; body: unknown }) => {
      if (response.cookies.length > 1) throw new RangeError("this integration carries one cookie");
      return { native: response.status, body: response.body };
    };
    expect(await runner.http(httpEvent(), init(), encode)).toEqual({ native: 500, body: '{"error":"Internal Server Error"}' });
    expect(lines).toMatchObject([
      {
        level: "error",
        message: "http response could not be encoded for the provider",
        requestId: "r1",
        error: { name: "RangeError", message: "this integration carries one cookie" },
      },
    ]);
  });

  test("http(event, init, encode) rejects only when encode cannot encode a generic 500 either", async () => {
    const runner = createRunner(
      defineHandler(() => json(1)),
      { provider: "p", write: () => {} },
    );
    const broken = new Error("cannot encode");
    await expect(
      runner.http(httpEvent(), init(), () => {
        throw broken;
      }),
    ).rejects.toBe(broken);
  });

  test("deadlineOf reads ctx.deadline from native once, when first needed; an explicit deadline wins", async () => {
    const reads: unknown[] = [];
    const deadlineOf = (native: unknown) => {
      reads.push(native);
      return 1_767_225_612_345;
    };
    const seen: unknown[] = [];
    const app = defineHandler((_event, ctx) => {
      seen.push(reads.length, ctx.deadline, ctx.deadline, reads.length);
    });
    const runner = createRunner(app, { provider: "p", deadlineOf });
    await runner.event(scheduleEvent(), init({ native: "native-1" }));
    await runner.event(scheduleEvent(), init({ native: "native-2", deadline: 5 }));
    expect([seen, reads]).toEqual([[0, 1_767_225_612_345, 1_767_225_612_345, 1, 1, 5, 5, 1], ["native-1"]]);
  });

  test("each runner is its own instance: init and coldStart per runner", async () => {
    const initCalls: unknown[] = [];
    const app = defineHandler({
      init: (env) => {
        initCalls.push(env);
        return { n: initCalls.length };
      },
      handle: (_event, ctx) => json({ cold: ctx.coldStart, n: ctx.deps.n }),
    });
    const first = createRunner(app, { provider: "p" });
    const second = createRunner(app, { provider: "p" });
    const bodies = [];
    for (const runner of [first, first, second]) bodies.push((await runner.http(httpEvent(), init())).body);
    expect(bodies).toEqual(['{"cold":true,"n":1}', '{"cold":false,"n":1}', '{"cold":true,"n":2}']);
    expect(initCalls).toEqual([{ REGION: "eu" }, { REGION: "eu" }]);
  });
});
