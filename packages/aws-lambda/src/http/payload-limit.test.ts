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

describe("a streamed body answered buffered (lambda() without stream)", () => {
  const MIB = 1024 * 1024;

  /** An endless body of 1 MiB chunks, counting what was pulled and whether it was released. */
  function endless() {
    const state = { pulled: 0, released: false };
    async function* body(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          state.pulled++;
          yield new Uint8Array(MIB);
        }
      } finally {
        state.released = true;
      }
    }
    return { state, body };
  }

  test.each([
    ["an async iterable", (body: AsyncGenerator<Uint8Array>) => ({ headers: { "content-type": "application/octet-stream" }, body })],
    [
      "a Response",
      (body: AsyncGenerator<Uint8Array>) =>
        new Response(ReadableStream.from(body), { headers: { "content-type": "application/octet-stream" } }),
    ],
  ])("%s: reading stops right past Lambda's 6 MB, the stream is cancelled, and the answer is the limit's 500", async (_kind, result) => {
    const { state, body } = endless();
    const lines: Array<Record<string, unknown>> = [];
    const handler = lambda(
      defineHandler(() => result(body())),
      { write: (line) => void lines.push(JSON.parse(line)) },
    );
    const output = await handler(fixture("apigw-v2-http-api.json"), lambdaContext("big-stream"));
    expect(output).toEqual(
      nativeResponse("apigw-v2", { status: 500, headers: { "content-type": JSON_TYPE }, body: '{"error":"Internal Server Error"}' }),
    );
    // 6 MiB is 6,291,456 bytes: the seventh chunk passes it, and nothing more is read.
    expect([state.pulled, state.released]).toEqual([7, true]);
    expect(lines).toMatchObject([
      {
        message: "http response could not be encoded for the provider",
        requestId: "big-stream",
        error: {
          name: "RangeError",
          message: `The streamed body is over ${LAMBDA_RESPONSE_LIMIT} bytes, the most this integration can buffer: stream it, or send less`,
        },
      },
    ]);
  });

  test("a streamed body under the limit is read whole and answered as usual", async () => {
    async function* parts(): AsyncGenerator<string> {
      yield "a";
      yield "b";
    }
    const handler = lambda(defineHandler(() => ({ headers: { "content-type": "text/plain" }, body: parts() })));
    const output = (await handler(fixture("apigw-v2-http-api.json"), lambdaContext())) as { statusCode: number; body: string };
    expect([output.statusCode, output.body]).toEqual([200, "ab"]);
  });
});
