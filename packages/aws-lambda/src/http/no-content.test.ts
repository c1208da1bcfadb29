// No body goes out with a 204, 205 or 304, nor in answer to HEAD (RFC 9110 §15.3.5, §15.3.6, §15.4.5, §9.3.2).
import { json } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { answering, fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "../test-helpers.ts";

const ctx = lambdaContext();

/** The integration's fixture as a HEAD request. */
function head(integration: (typeof integrations)[number]): Record<string, unknown> {
  const event = fixture(integrationFixtures[integration]);
  if (integration === "apigw-v2" || integration === "function-url") {
    const context = event.requestContext as { http: object };
    return { ...event, requestContext: { ...context, http: { ...context.http, method: "HEAD" } } };
  }
  return { ...event, httpMethod: "HEAD" };
}

describe.each(integrations)("%s", (integration) => {
  test.each([204, 205, 304])("a %i result's body is dropped, its headers kept", async (status) => {
    const handler = answering(() => ({ status, headers: { etag: '"v1"', "content-type": "text/plain" }, body: "must not be sent" }));
    expect(await handler(fixture(integrationFixtures[integration]), ctx)).toEqual(
      nativeResponse(integration, { status, headers: { etag: '"v1"', "content-type": "text/plain" }, body: "" }),
    );
  });

  test("an answer to HEAD has the status and headers of GET, no body", async () => {
    const handler = answering(() => json({ big: "x".repeat(100) }, { status: 200, headers: { "x-total": "1" } }));
    expect(await handler(head(integration), ctx)).toEqual(
      nativeResponse(integration, {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8", "x-total": "1" },
        body: "",
      }),
    );
  });

  test("a binary 304 has no body and is not marked base64", async () => {
    const handler = answering(() => ({ status: 304, headers: { "content-type": "image/png" }, body: new Uint8Array([1, 2, 3]) }));
    expect(await handler(fixture(integrationFixtures[integration]), ctx)).toEqual(
      nativeResponse(integration, { status: 304, headers: { "content-type": "image/png" }, body: "", isBase64Encoded: false }),
    );
  });
});
