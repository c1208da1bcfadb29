// A response over the integration's size limit is a clear 500 with a log line naming the limit, instead of
// the bare 502 AWS would answer: 6 MB for a synchronous Lambda response, 1 MB for an ALB target.
import { defineHandler } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { lambda } from "../index.ts";
import { fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "../test-helpers.ts";
import { ALB_RESPONSE_LIMIT, LAMBDA_RESPONSE_LIMIT } from "./_payload-limit.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const limitOf = (integration: string) => (integration.startsWith("alb") ? ALB_RESPONSE_LIMIT : LAMBDA_RESPONSE_LIMIT);

function answeringWith(body: string | Uint8Array) {
  const lines: Array<Record<string, unknown>> = [];
  const handler = lambda(
    defineHandler(() => ({ headers: { "content-type": typeof body === "string" ? "text/plain" : "application/octet-stream" }, body })),
    { write: (line) => void lines.push(JSON.parse(line)) },
  );
  return { lines, handler };
}

describe.each(integrations)("%s", (integration) => {
  const limit = limitOf(integration);
  const what = integration.startsWith("alb") ? "an ALB Lambda target's response" : "a synchronous Lambda response";

  test("a text body over the limit answers 500 and logs the size and the limit", async () => {
    const { lines, handler } = answeringWith("x".repeat(limit));
    const output = await handler(fixture(integrationFixtures[integration]), lambdaContext("big-1"));
    expect(output).toEqual(
      nativeResponse(integration, { status: 500, headers: { "content-type": JSON_TYPE }, body: '{"error":"Internal Server Error"}' }),
    );
    expect(lines).toMatchObject([
      {
        message: "http response could not be encoded for the provider",
        requestId: "big-1",
        error: {
          name: "RangeError",
          message: expect.stringMatching(
            new RegExp(
              `^The response is \\d+ bytes of Lambda response JSON, over the ${limit}-byte limit of ${what}: send less, or a link to the content$`,
            ),
          ),
        },
      },
    ]);
  });

  test("a binary body whose base64 crosses the limit is refused too", async () => {
    const { handler } = answeringWith(new Uint8Array(Math.ceil((limit * 3) / 4) + 10));
    expect(((await handler(fixture(integrationFixtures[integration]), lambdaContext())) as { statusCode: number }).statusCode).toBe(500);
  });

  test("a body just under the limit goes out whole", async () => {
    const { lines, handler } = answeringWith("y".repeat(limit - 2048));
    const output = (await handler(fixture(integrationFixtures[integration]), lambdaContext())) as { statusCode: number; body: string };
    expect([output.statusCode, output.body.length, lines]).toEqual([200, limit - 2048, []]);
    expect(new TextEncoder().encode(JSON.stringify(output)).byteLength).toBeLessThanOrEqual(limit);
  });

  test("characters JSON escapes count as the bytes they take", async () => {
    const { handler } = answeringWith("\u0001".repeat(Math.ceil(limit / 6) + 1));
    expect(((await handler(fixture(integrationFixtures[integration]), lambdaContext())) as { statusCode: number }).statusCode).toBe(500);
  });
});
