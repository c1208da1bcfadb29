// The Lambda deadline: waitUntil waits end when ctx.signal fires, so the response goes out before Lambda
// stops the invocation; a context that reports no usable remaining time gives no deadline.
import { defineHandler, json } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { lambda } from "./index.ts";
import { fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "./test-helpers.ts";

const JSON_TYPE = "application/json; charset=utf-8";

afterEach(() => {
  vi.useRealTimers();
});

/** A Lambda context whose remaining time counts down with the (fake) clock. */
function contextUntil(deadline: number) {
  return { ...lambdaContext("req-deadline"), getRemainingTimeInMillis: () => deadline - Date.now() };
}

describe.each(integrations)("%s: a waitUntil promise that never settles", (integration) => {
  test("does not hold the response past the deadline signal; one line counts what was pending", async () => {
    vi.useFakeTimers({ now: 50_000 });
    const lines: Array<Record<string, unknown>> = [];
    const handler = lambda(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(new Promise(() => {}));
        return json("sent");
      }),
      { write: (line) => void lines.push(JSON.parse(line)) },
    );
    let output: unknown;
    void handler(fixture(integrationFixtures[integration]), contextUntil(53_000)).then((value) => {
      output = value;
    });
    await vi.advanceTimersByTimeAsync(2499);
    expect(output).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(output).toEqual(nativeResponse(integration, { status: 200, headers: { "content-type": JSON_TYPE }, body: '"sent"' }));
    expect(lines).toEqual([
      {
        level: "error",
        severity: "ERROR",
        time: "1970-01-01T00:00:52.500Z",
        message: "1 waitUntil promise was still pending at the deadline; the invocation ends without them",
        requestId: "req-deadline",
        provider: "aws-lambda",
        pending: 1,
      },
    ]);
  });
});

describe("a deadline Lambda cannot give", () => {
  test("getRemainingTimeInMillis: () => Infinity gives no deadline, and the signal never fires", async () => {
    vi.useFakeTimers({ now: 0 });
    const handler = lambda(
      defineHandler(async (_event, ctx) => {
        const signal = ctx.signal;
        await new Promise((resolve) => setTimeout(resolve, 60_000));
        return json({ deadline: ctx.deadline ?? null, remaining: String(ctx.remainingMs()), aborted: signal.aborted });
      }),
    );
    const output = handler(fixture("apigw-v2-http-api.json"), { ...lambdaContext(), getRemainingTimeInMillis: () => Infinity });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(((await output) as { body: string }).body).toBe('{"deadline":null,"remaining":"Infinity","aborted":false}');
  });

  test("a deadline 30 days away fires the signal then, not after 1 ms", async () => {
    vi.useFakeTimers({ now: 0 });
    const thirtyDays = 30 * 24 * 3600 * 1000;
    const seen: boolean[] = [];
    const handler = lambda(
      defineHandler(async (_event, ctx) => {
        const signal = ctx.signal;
        await vi.advanceTimersByTimeAsync(10);
        seen.push(signal.aborted);
        await vi.advanceTimersByTimeAsync(thirtyDays - 510);
        seen.push(signal.aborted);
      }),
    );
    await handler(fixture("sqs-single.json"), { ...lambdaContext(), getRemainingTimeInMillis: () => thirtyDays - Date.now() });
    expect(seen).toEqual([false, true]);
  });
});
