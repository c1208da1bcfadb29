// A header value that is not a string or a number never reaches the native response (JSON.stringify would
// write null, or whatever a toJSON() returns, CR/LF included).
import { defineHandler } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { lambda } from "../index.ts";
import { fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "../test-helpers.ts";

const sneaky = { toString: () => "clean", toJSON: () => "evil\r\nset-cookie: admin=1" };

describe.each(integrations)("%s", (integration) => {
  test.each([
    ["[null]", [null]],
    ["an element with a CR/LF toJSON()", [sneaky]],
  ])("a header array holding %s is a generic 500", async (_name, value) => {
    const handler = lambda(
      defineHandler(() => ({ headers: { "x-a": value }, body: "x" }) as never),
      { write: () => {} },
    );
    const output = await handler(fixture(integrationFixtures[integration]), lambdaContext());
    expect(output).toEqual(
      nativeResponse(integration, {
        status: 500,
        headers: { "content-type": "application/json; charset=utf-8" },
        body: '{"error":"Internal Server Error"}',
      }),
    );
    expect(JSON.stringify(output)).not.toContain("evil");
  });
});
