// Lambda Managed Instances run several invocations at once in one environment, sharing module state; tenant
// isolation adds the tenant to the context. Each invocation must keep its own context, request id and logs.
import { defineHandler, json } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { lambda } from "./lambda.ts";
import { fixture, lambdaContext } from "./test-helpers.ts";

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("interleaved invocations in one environment (Managed Instances)", () => {
  test("50 at once with random delays: init runs once, one cold start, every log line and answer carries its own request id", async () => {
    let inits = 0;
    const lines: Array<Record<string, unknown>> = [];
    const app = defineHandler({
      init: async () => {
        inits++;
        await pause(20); // every first invocation arrives while init is still running
        return { started: Date.now() };
      },
      async handle(event, ctx) {
        if (event.kind !== "http") return undefined;
        const n = Number(event.query.n);
        ctx.log.info("started", { n });
        await pause(Math.floor(Math.random() * 15));
        ctx.log.info("finished", { n });
        return json({ n, requestId: ctx.requestId, coldStart: ctx.coldStart, tenantId: ctx.tenantId ?? null });
      },
    });
    const handler = lambda(app, { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const invocations = Array.from({ length: 50 }, (_, n) => {
      const event = fixture("apigw-v2-http-api.json");
      event.rawQueryString = `n=${n}`;
      const tenantId = n % 2 === 0 ? `tenant-${n}` : undefined;
      const context = { ...lambdaContext(`req-${n}`), ...(tenantId === undefined ? {} : { tenantId }) };
      return handler(event, context);
    });
    const answers = (await Promise.all(invocations)).map((result) => JSON.parse((result as { body: string }).body));
    expect(inits).toBe(1);
    expect(answers.filter((answer) => answer.coldStart)).toHaveLength(1);
    expect(answers.map((answer) => [answer.n, answer.requestId, answer.tenantId])).toEqual(
      Array.from({ length: 50 }, (_, n) => [n, `req-${n}`, n % 2 === 0 ? `tenant-${n}` : null]),
    );
    expect(lines).toHaveLength(100);
    for (const line of lines) {
      expect(line.requestId).toBe(`req-${line.n}`);
      const n = Number(line.n);
      if (n % 2 === 0) expect(line.tenantId).toBe(`tenant-${n}`);
      else expect("tenantId" in line).toBe(false);
    }
    // Interleaved for real: some invocation started before an earlier-started one finished.
    const order = lines.map((line) => `${line.message}:${line.n}`);
    expect(order.indexOf("finished:0")).toBeGreaterThan(order.indexOf("started:1"));
  });
});

describe("tenant isolation", () => {
  test("ctx.tenantId is the context's tenantId, and every log line of the invocation names it", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const handler = lambda(
      defineHandler((_event, ctx) => {
        ctx.log.info("for a tenant");
        return json({ tenantId: ctx.tenantId ?? null });
      }),
      { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const blue = (await handler(fixture("apigw-v2-http-api.json"), { ...lambdaContext("req-blue"), tenantId: "blue" })) as { body: string };
    expect(JSON.parse(blue.body)).toEqual({ tenantId: "blue" });
    const none = (await handler(fixture("apigw-v2-http-api.json"), lambdaContext("req-none"))) as { body: string };
    expect(JSON.parse(none.body)).toEqual({ tenantId: null });
    expect(lines.map(({ message, requestId, tenantId }) => ({ message, requestId, tenantId }))).toEqual([
      { message: "for a tenant", requestId: "req-blue", tenantId: "blue" },
      { message: "for a tenant", requestId: "req-none", tenantId: undefined },
    ]);
  });
});
