import { describe, expect, test } from "vitest";
import { createRunner } from "./adapter.ts";
import { defineHandler } from "./index.ts";
import { httpEvent } from "./testing.ts";

type LogLine = Record<string, unknown>;

function collect(lines: LogLine[]) {
  return (line: string): void => {
    lines.push(JSON.parse(line));
  };
}

describe("RunnerOptions.abortOn: the provider's own cancellation reaches ctx.signal", () => {
  test("is called only when the handler reads ctx.signal, with the invocation's native object", async () => {
    const calls: unknown[] = [];
    const runner = createRunner(
      defineHandler((_event, ctx) => ({ status: 200, body: String(ctx.requestId === "reads" ? ctx.signal.aborted : "not read") })),
      { provider: "test", abortOn: (native) => calls.push(native) },
    );
    const quiet = await runner.http(httpEvent(), { env: {}, requestId: "quiet", native: "native-quiet" });
    const reads = await runner.http(httpEvent(), { env: {}, requestId: "reads", native: "native-reads" });
    expect([quiet.body, reads.body, calls]).toEqual(["not read", "false", ["native-reads"]]);
  });

  test("aborting fires ctx.signal with the provider's reason; a throw after it is a 500, not a timeout", async () => {
    let disconnect: ((reason: unknown) => void) | undefined;
    const seen: unknown[] = [];
    const lines: LogLine[] = [];
    const runner = createRunner(
      defineHandler(async (_event, ctx) => {
        ctx.signal.addEventListener("abort", () => seen.push(ctx.signal.reason));
        (disconnect as (reason: unknown) => void)(new DOMException("The client disconnected", "AbortError"));
        throw new Error("gave up");
      }),
      {
        provider: "test",
        write: collect(lines),
        abortOn: (_native, abort) => {
          disconnect = abort;
        },
      },
    );
    const response = await runner.http(httpEvent(), { env: {}, requestId: "r1" });
    expect(response.status).toBe(500);
    expect(seen.map((reason) => [(reason as DOMException).name, (reason as DOMException).message])).toEqual([
      ["AbortError", "The client disconnected"],
    ]);
    expect(lines.map((line) => line.message)).toEqual(["http handler failed"]);
  });

  test("an abort with a null reason, then a throw, is a 500 too", async () => {
    const lines: LogLine[] = [];
    const runner = createRunner(
      defineHandler(async (_event, ctx) => {
        void ctx.signal;
        throw new Error("gave up");
      }),
      { provider: "test", write: collect(lines), abortOn: (_native, abort) => abort(null) },
    );
    const response = await runner.http(httpEvent(), { env: {}, requestId: "r1" });
    expect([response.status, lines.map((line) => line.message)]).toEqual([500, ["http handler failed"]]);
  });
});

describe("RunnerOptions.tenantIdOf: ctx.tenantId read from native", () => {
  test("reads each invocation's tenant from its native object", async () => {
    const runner = createRunner(
      defineHandler((_event, ctx) => ({ status: 200, body: String(ctx.tenantId) })),
      { provider: "test", tenantIdOf: (native) => (native as { tenantId?: string }).tenantId },
    );
    const bodies = [];
    for (const native of [{ tenantId: "blue" }, { tenantId: "green" }, {}])
      bodies.push((await runner.http(httpEvent(), { env: {}, native })).body);
    expect(bodies).toEqual(["blue", "green", "undefined"]);
  });
});

describe("InvocationInit.abortOn: one invocation's own cancellation reaches ctx.signal", () => {
  test("is called only for the invocation that reads ctx.signal, and its abort fires that signal alone", async () => {
    const aborts = new Map<string, (reason: unknown) => void>();
    const signals = new Map<string, AbortSignal>();
    const runner = createRunner(
      defineHandler((_event, ctx) => {
        if (ctx.requestId !== "quiet") signals.set(ctx.requestId, ctx.signal);
        return { status: 204 };
      }),
      { provider: "test" },
    );
    const init = (requestId: string) => ({
      env: {},
      requestId,
      abortOn: (abort: (reason: unknown) => void) => aborts.set(requestId, abort),
    });
    await runner.http(httpEvent(), init("quiet"));
    await runner.http(httpEvent(), init("left"));
    await runner.http(httpEvent(), init("stayed"));
    expect([...aborts.keys()]).toEqual(["left", "stayed"]);
    aborts.get("left")?.(new DOMException("The client disconnected", "AbortError"));
    const left = signals.get("left") as AbortSignal;
    expect([left.aborted, (left.reason as DOMException).message, signals.get("stayed")?.aborted]).toEqual([
      true,
      "The client disconnected",
      false,
    ]);
  });
});

describe("RunnerOptions.logFieldsOf: provider fields on every log line", () => {
  test("adds the fields read from native to each line, read once per invocation and never over the fixed ones", async () => {
    const lines: LogLine[] = [];
    let reads = 0;
    const runner = createRunner(
      defineHandler((_event, ctx) => {
        ctx.log.info("one", { "logging.googleapis.com/trace": "from the handler" });
        ctx.log.warn("two");
        return { status: 204 };
      }),
      {
        provider: "test",
        write: collect(lines),
        logFieldsOf: (native) => {
          reads++;
          return { "logging.googleapis.com/trace": `projects/p/traces/${native as string}`, requestId: "not this" };
        },
      },
    );
    await runner.http(httpEvent(), { env: {}, requestId: "r1", native: "abc" });
    expect(reads).toBe(1);
    expect(lines.map(({ time: _time, ...line }) => line)).toEqual([
      {
        level: "info",
        severity: "INFO",
        message: "one",
        requestId: "r1",
        provider: "test",
        "logging.googleapis.com/trace": "projects/p/traces/abc",
      },
      {
        level: "warn",
        severity: "WARNING",
        message: "two",
        requestId: "r1",
        provider: "test",
        "logging.googleapis.com/trace": "projects/p/traces/abc",
      },
    ]);
  });
});

describe("RunnerOptions.maxBufferedBytes: a streamed body read whole stops at the limit", () => {
  test("past the limit the read stops, the stream is released, and the answer is a 500 with one line naming the limit", async () => {
    let pulled = 0;
    let released = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          pulled++;
          yield new Uint8Array(4);
        }
      } finally {
        released = true;
      }
    }
    const lines: LogLine[] = [];
    const runner = createRunner(
      defineHandler(() => ({ body: body() })),
      { provider: "test", write: collect(lines), maxBufferedBytes: 10 },
    );
    const response = await runner.http(httpEvent(), { env: {}, requestId: "big" });
    expect([response.status, response.body, pulled, released]).toEqual([500, '{"error":"Internal Server Error"}', 3, true]);
    expect(lines.map((line) => [line.message, (line.error as { message: string }).message])).toEqual([
      [
        "http response could not be encoded for the provider",
        "The streamed body is over 10 bytes, the most this integration can buffer: stream it, or send less",
      ],
    ]);
  });

  test("at the limit the body is answered whole", async () => {
    async function* body(): AsyncGenerator<string> {
      yield "12345";
      yield "67890";
    }
    const runner = createRunner(
      defineHandler(() => ({ body: body() })),
      { provider: "test", maxBufferedBytes: 10 },
    );
    const response = await runner.http(httpEvent(), { env: {}, requestId: "fits" });
    expect([response.status, Buffer.from(response.body as string | Uint8Array).toString()]).toEqual([200, "1234567890"]);
  });
});
