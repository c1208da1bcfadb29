import { type Context, defineHandler, json } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { detectIntegration } from "./http/detect.ts";
import { type LambdaIntegration, lambda } from "./index.ts";
import { deliver, fixture, lambdaContext } from "./test-helpers.ts";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** A handler that answers every HTTP request with what it saw of its context. */
function contextHandler() {
  return lambda(
    defineHandler<undefined, unknown>((_event, ctx: Context<undefined, unknown>) =>
      json({
        provider: ctx.provider,
        requestId: ctx.requestId,
        coldStart: ctx.coldStart,
        deadline: ctx.deadline ?? null,
        envIsProcessEnv: ctx.env === process.env,
        native: ctx.native,
      }),
    ),
  );
}

async function contextSeen(handler: ReturnType<typeof lambda>, context = lambdaContext()): Promise<unknown> {
  const output = (await handler(fixture("apigw-v2-http-api.json"), context)) as { body: string };
  return JSON.parse(output.body);
}

describe("context", () => {
  test("requestId is the Lambda awsRequestId; provider, env and native are set", async () => {
    const context = lambdaContext("6f3a9c1e-0000-4000-8000-00000000abcd");
    expect(await contextSeen(contextHandler(), context)).toEqual({
      provider: "aws-lambda",
      requestId: "6f3a9c1e-0000-4000-8000-00000000abcd",
      coldStart: true,
      deadline: expect.any(Number),
      envIsProcessEnv: true,
      native: JSON.parse(JSON.stringify(context)),
    });
  });

  test("deadline is now plus getRemainingTimeInMillis()", async () => {
    vi.spyOn(Date, "now").mockReturnValue(1_767_225_600_000);
    expect(await contextSeen(contextHandler(), lambdaContext("r", 12_345))).toMatchObject({ deadline: 1_767_225_612_345 });
  });

  test("has no deadline when the context has no getRemainingTimeInMillis", async () => {
    expect(await contextSeen(contextHandler(), { awsRequestId: "r" })).toMatchObject({ requestId: "r", deadline: null });
  });

  test("coldStart is true on the first invocation of a lambda() handler, then false", async () => {
    const handler = contextHandler();
    const seen = [await contextSeen(handler), await contextSeen(handler), await contextSeen(contextHandler())];
    expect(seen.map((one) => (one as { coldStart: boolean }).coldStart)).toEqual([true, false, true]);
  });

  test("ctx.env is process.env as it is at each invocation, also after a test replaces it", async () => {
    const handler = contextHandler();
    const original = process.env;
    try {
      process.env = { ...original, REPLACED: "1" };
      expect(await contextSeen(handler)).toMatchObject({ envIsProcessEnv: true });
    } finally {
      process.env = original;
    }
    expect(await contextSeen(handler)).toMatchObject({ envIsProcessEnv: true });
  });

  test("init runs once per lambda() handler, with process.env", async () => {
    const init = vi.fn((env: unknown) => ({ sameEnv: env === process.env }));
    const handler = lambda(defineHandler({ init, handle: (event, ctx) => (event.kind === "http" ? json(ctx.deps) : undefined) }));
    const outputs = [
      await handler(fixture("apigw-v2-http-api.json"), lambdaContext()),
      await handler(fixture("sqs-single.json"), lambdaContext()),
    ];
    expect([init.mock.calls.length, (outputs[0] as { body: string }).body]).toEqual([1, '{"sameEnv":true}']);
  });

  test("waitUntil promises are settled before an HTTP invocation returns", async () => {
    const order: string[] = [];
    const handler = lambda(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 20)).then(() => order.push("waitUntil settled")));
        return json({ ok: true });
      }),
    );
    await handler(fixture("apigw-v2-http-api.json"), lambdaContext());
    order.push("invocation returned");
    expect(order).toEqual(["waitUntil settled", "invocation returned"]);
  });

  test("waitUntil promises are settled before a batch invocation returns", async () => {
    const order: string[] = [];
    const handler = lambda(
      defineHandler((_event, ctx) => {
        ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 20)).then(() => order.push("waitUntil settled")));
      }),
    );
    expect(await handler(fixture("sqs-batch.json"), lambdaContext())).toEqual({ batchItemFailures: [] });
    order.push("invocation returned");
    expect(order).toEqual(["waitUntil settled", "invocation returned"]);
  });

  test("makes up a request id when called without a context", async () => {
    const output = (await contextHandler()(fixture("apigw-v2-http-api.json"), undefined as never)) as { body: string };
    const seen = JSON.parse(output.body) as { requestId: string; deadline: unknown };
    expect([seen.requestId, seen.deadline]).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), null]);
  });
});

describe("logging", () => {
  /** A handler that logs once at each level; returns the levels of the lines written. */
  async function levelsWritten(options: Parameters<typeof lambda>[1]): Promise<string[]> {
    const lines: string[] = [];
    const handler = lambda(
      defineHandler((_event, ctx) => {
        ctx.log.debug("d");
        ctx.log.info("i");
        ctx.log.warn("w");
        ctx.log.error("e");
      }),
      { ...options, write: (line) => void lines.push(line) },
    );
    await handler(fixture("sqs-single.json"), lambdaContext("log-request"));
    return lines.map((line) => {
      const parsed = JSON.parse(line) as { level: string; requestId: string; provider: string };
      expect([parsed.requestId, parsed.provider]).toEqual(["log-request", "aws-lambda"]);
      return parsed.level;
    });
  }

  test("writes info and above through `write` by default", async () => {
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", undefined);
    expect(await levelsWritten({})).toEqual(["info", "warn", "error"]);
  });

  test("follows Lambda's log level setting (AWS_LAMBDA_LOG_LEVEL)", async () => {
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "WARN");
    expect(await levelsWritten({})).toEqual(["warn", "error"]);
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "TRACE");
    expect(await levelsWritten({})).toEqual(["debug", "info", "warn", "error"]);
  });

  test("logLevel wins over AWS_LAMBDA_LOG_LEVEL", async () => {
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "DEBUG");
    expect(await levelsWritten({ logLevel: "error" })).toEqual(["error"]);
  });

  test("an unknown AWS_LAMBDA_LOG_LEVEL falls back to info", async () => {
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "LOUD");
    expect(await levelsWritten({})).toEqual(["info", "warn", "error"]);
  });
});

describe("detection", () => {
  test.each([
    ["apigw-v1-rest-proxy.json", "apigw-v1"],
    ["apigw-v1-rest-proxy-multivalue.json", "apigw-v1"],
    ["apigw-v2-http-api.json", "apigw-v2"],
    ["apigw-v2-http-api-no-authorizer.json", "apigw-v2"],
    ["function-url-request.json", "function-url"],
    ["function-url-request-cookies-json-body.json", "function-url"],
    ["function-url-request-base64-body.json", "function-url"],
    ["alb-request-single-value-headers.json", "alb"],
    ["alb-request-base64-body.json", "alb"],
    ["alb-request-multi-value-headers.json", "alb-multi"],
    ["sqs-batch.json", undefined],
    ["eventbridge-scheduled.json", undefined],
  ])("detects %s as %s", (file, integration) => {
    expect(detectIntegration(fixture(file))).toBe(integration);
  });

  test("rejects a v2 event when pinned to apigw-v1", async () => {
    const { events, output } = await deliver(fixture("apigw-v2-http-api.json"), { integration: "apigw-v1" }).then(
      () => ({ events: ["delivered"], output: undefined }),
      (error: Error) => ({ events: [], output: error.message }),
    );
    expect([events, output]).toEqual([
      [],
      'lambda() is pinned to integration "apigw-v1" (API Gateway REST API, payload 1.0) but received an "apigw-v2" event ' +
        "(API Gateway HTTP API, payload 2.0); change the integration option, or remove it to detect the integration per event",
    ]);
  });

  test.each([
    ["alb", "alb-request-multi-value-headers.json", '"alb-multi" event (ALB with multi-value headers on)'],
    ["alb-multi", "alb-request-single-value-headers.json", '"alb" event (ALB with multi-value headers off)'],
    ["apigw-v2", "apigw-v1-rest-proxy.json", '"apigw-v1" event (API Gateway REST API, payload 1.0)'],
    ["function-url", "alb-request-base64-body.json", '"alb" event (ALB with multi-value headers off)'],
    ["apigw-v1", "function-url-request.json", '"function-url" event (Lambda Function URL, payload 2.0)'],
  ] as const)("rejects an HTTP event of another shape when pinned to %s", async (integration, file, seen) => {
    const handler = lambda(
      defineHandler(() => json({})),
      { integration },
    );
    await expect(handler(fixture(file), lambdaContext())).rejects.toThrow(`but received an ${seen}`);
  });

  test("accepts an HTTP API event when pinned to function-url: both send payload 2.0", async () => {
    const { output } = await deliver(fixture("apigw-v2-http-api.json"), { integration: "function-url" }, json({}));
    expect(output).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: "{}",
      isBase64Encoded: false,
    });
  });

  test("still runs non-HTTP events when pinned to an HTTP integration", async () => {
    const { events, output } = await deliver(fixture("sqs-single.json"), { integration: "apigw-v1" });
    expect([events.map((event) => event.kind), output]).toEqual([["messages"], { batchItemFailures: [] }]);
  });

  test("rejects an unknown integration name when the handler is created", () => {
    expect(() =>
      lambda(
        defineHandler(() => undefined),
        { integration: "apigw-v3" as LambdaIntegration },
      ),
    ).toThrow(new TypeError('lambda(): unknown integration "apigw-v3"; use one of apigw-v1, apigw-v2, alb, alb-multi, function-url'));
  });
});

describe("unrecognised events", () => {
  const handler = lambda(defineHandler(() => undefined));

  test("an event no processor recognises fails with an error naming its keys", async () => {
    await expect(handler({ mystery: true, payload: "?" }, lambdaContext())).rejects.toThrow(
      new Error("Unrecognised Lambda event: no processor matches an event with keys [mystery, payload]"),
    );
  });

  test("names the eventSource of an unknown Records batch", async () => {
    await expect(handler({ Records: [{ eventSource: "aws:ses", ses: {} }] }, lambdaContext())).rejects.toThrow(
      new Error('Unrecognised Lambda event: no processor matches an event with keys [Records] (Records[0] has eventSource "aws:ses")'),
    );
  });

  test.each([
    [null, "null"],
    ["text", "a string"],
    [42, "a number"],
    [[1, 2], "an array"],
  ])("rejects %j", async (event, what) => {
    await expect(handler(event, lambdaContext())).rejects.toThrow(new Error(`Unrecognised Lambda event: no processor matches ${what}`));
  });

  test("an empty Records batch is not recognised", async () => {
    await expect(handler({ Records: [] }, lambdaContext())).rejects.toThrow("no processor matches an event with keys [Records]");
  });
});
