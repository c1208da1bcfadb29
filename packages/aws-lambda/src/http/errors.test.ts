// What any throw becomes on each integration: an HttpError from another copy of @fnport/core keeps its
// status, and runner.http answers even a revoked Proxy or a result the integration cannot carry.
import { defineHandler, text } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { lambda } from "../index.ts";
import { fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "../test-helpers.ts";

const JSON_TYPE = "application/json; charset=utf-8";
// A second copy of core's errors module (the query makes it another module instance), as an app bundled
// with its own @fnport/core beside the adapter's has.
const secondCopy = `${new URL("../../../core/src/errors.ts", import.meta.url).pathname}?second-copy`;
const otherCore = (await import(/* @vite-ignore */ secondCopy)) as typeof import("@fnport/core");

const silent = { write: () => {} };

describe.each(integrations)("%s", (integration) => {
  const event = () => fixture(integrationFixtures[integration]);

  test("an HttpError from another copy of @fnport/core answers its own status", async () => {
    const handler = lambda(
      defineHandler(() => {
        throw new otherCore.HttpError(404, "No route");
      }),
      silent,
    );
    expect(await handler(event(), lambdaContext())).toEqual(
      nativeResponse(integration, { status: 404, headers: { "content-type": JSON_TYPE }, body: '{"error":"No route"}' }),
    );
  });

  test("a revoked Proxy thrown by the handler is a generic 500, never a rejection", async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const handler = lambda(
      defineHandler(() => {
        throw proxy;
      }),
      silent,
    );
    expect(await handler(event(), lambdaContext())).toEqual(
      nativeResponse(integration, { status: 500, headers: { "content-type": JSON_TYPE }, body: '{"error":"Internal Server Error"}' }),
    );
  });
});

test("alb: 513 set-cookie values, more than ALB single-value can carry, are a logged 500, never a rejection", async () => {
  const lines: Array<Record<string, unknown>> = [];
  const cookies = Array.from({ length: 513 }, (_, i) => `c${i}=1`);
  const handler = lambda(
    defineHandler(() => text("ok", { cookies })),
    { write: (line) => void lines.push(JSON.parse(line)) },
  );
  expect(await handler(fixture("alb-request-single-value-headers.json"), lambdaContext("alb-513"))).toEqual(
    nativeResponse("alb", { status: 500, headers: { "content-type": JSON_TYPE }, body: '{"error":"Internal Server Error"}' }),
  );
  expect(lines).toMatchObject([
    {
      message: "http response could not be encoded for the provider",
      requestId: "alb-513",
      error: { name: "RangeError", message: "ALB with multi-value headers off can send at most 512 set-cookie values, got 513" },
    },
  ]);
});
