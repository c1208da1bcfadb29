// runner.serveHttp (a node server's request listener drops the promise) and the synchronous hot path of
// runner.http(event, init, encode): a sync handler is encoded before the call returns.
import { describe, expect, test } from "vitest";
import type { EncodedHttpResponse } from "./adapter.ts";
import { defineHandler, json } from "./index.ts";
import { afterMicrotasks, errorLine, type RunnerSetup, setup, useRealTimersAfterEach } from "./test-helpers.ts";
import { httpEvent } from "./testing.ts";

useRealTimersAfterEach();

const statusAndBody = (response: EncodedHttpResponse): [number, unknown] => [response.status, response.body];

/** Collects what `encode` is called with. */
function encoder() {
  const encoded: Array<[number, unknown]> = [];
  return { encoded, encode: (response: EncodedHttpResponse) => encoded.push(statusAndBody(response)) };
}

/** The unhandled rejections while `run` and the microtasks it queues run (vitest's own listeners set aside meanwhile). */
async function unhandledRejections(run: () => void): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listeners = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const listener = (reason: unknown): void => void seen.push(reason);
  process.on("unhandledRejection", listener);
  try {
    run();
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    process.off("unhandledRejection", listener);
    for (const restored of listeners) process.on("unhandledRejection", restored);
  }
  return seen;
}

/** A deadline a minute away: an invocation under an enforced deadline has one. */
const inAMinute = (): number => Date.now() + 60_000;

const withInit = defineHandler({ init: () => ({ greeting: "hi" }), handle: (_event, ctx) => json(ctx.deps.greeting) });
const sync: Array<[string, () => RunnerSetup]> = [
  ["a sync handler", () => setup(defineHandler(() => json("hi")))],
  [
    "a sync handler under an enforced deadline",
    () =>
      setup(
        defineHandler(() => json("hi")),
        { enforceDeadline: true },
      ),
  ],
  ["a sync handler once init resolved", () => setup(withInit)],
];

describe("a sync handler is answered before the call returns: no promise hop", () => {
  test.each(sync)("serveHttp: %s", async (_name, made) => {
    const { runner, init } = made();
    await runner.http(httpEvent(), init(inAMinute())); // init resolved, if any
    const { encoded, encode } = encoder();
    runner.serveHttp(httpEvent(), init(inAMinute()), encode);
    expect(encoded).toEqual([[200, '"hi"']]);
  });

  test.each(sync)("http(event, init, encode): %s", async (_name, made) => {
    const { runner, init } = made();
    await runner.http(httpEvent(), init(inAMinute()));
    const { encoded, encode } = encoder();
    const answer = runner.http(httpEvent(), init(inAMinute()), encode);
    expect(encoded).toEqual([[200, '"hi"']]);
    expect(await answer).toBe(1);
  });
});

describe("runner.serveHttp", () => {
  test.each([
    ["", {}],
    [" under an enforced deadline", { enforceDeadline: true }],
  ])("hands an async handler's answer to encode once%s", async (_name, options) => {
    const { runner, init } = setup(
      defineHandler(async () => json("later")),
      options,
    );
    const { encoded, encode } = encoder();
    runner.serveHttp(httpEvent(), init(inAMinute()), encode);
    await afterMicrotasks();
    expect(encoded).toEqual([[200, '"later"']]);
  });

  test("runs init first, once, and answers a generic 500 with one line when it throws or rejects", async () => {
    const failing = new Error("no database");
    const calls: string[] = [];
    const app = defineHandler({
      init: (env: { mode: string }) => {
        calls.push(env.mode);
        if (env.mode === "throw") throw failing;
        if (env.mode === "reject") return Promise.reject(failing);
        return Promise.resolve({ greeting: "hi" });
      },
      handle: (_event, ctx) => json(ctx.deps.greeting),
    });
    const { logs, runner } = setup(app);
    const { encoded, encode } = encoder();
    for (const mode of ["throw", "reject", "resolve", "resolve"]) {
      runner.serveHttp(httpEvent(), { env: { mode }, requestId: "r-deadline" }, encode);
      await afterMicrotasks();
    }
    const generic500: [number, unknown] = [500, '{"error":"Internal Server Error"}'];
    expect([calls, encoded]).toEqual([
      ["throw", "reject", "resolve"],
      [generic500, generic500, [200, '"hi"'], [200, '"hi"']],
    ]);
    const initFailed = errorLine("init failed", { error: { name: "Error", message: "no database", stack: failing.stack } });
    expect(logs).toEqual([initFailed, initFailed]);
  });

  test.each<[string, () => RunnerSetup]>([
    ["a sync handler", () => setup(defineHandler(() => json(1)))],
    [
      "an async handler under an enforced deadline",
      () =>
        setup(
          defineHandler(async () => json(1)),
          { enforceDeadline: true },
        ),
    ],
    ["an init that rejects", () => setup(defineHandler({ init: () => Promise.reject(new Error("no database")), handle: () => json(1) }))],
  ])("when encode cannot encode the generic 500 either, the error is an unhandled rejection: %s", async (_name, made) => {
    const { runner, init } = made();
    const broken = new Error("cannot encode");
    const seen = await unhandledRejections(() =>
      runner.serveHttp(httpEvent(), init(inAMinute()), () => {
        throw broken;
      }),
    );
    expect(seen).toEqual([broken]);
  });
});
