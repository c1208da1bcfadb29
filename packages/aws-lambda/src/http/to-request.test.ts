// toRequest() on every integration: the Request's path is event.path, a Host that would change it is a
// 400, and the body is read one way, with the same rule as in workerd.
import { defineHandler, json } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { lambda } from "../index.ts";
import { fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "../test-helpers.ts";

const JSON_TYPE = "application/json; charset=utf-8";
const silent = { write: () => {} };

/** The integration's fixture with a path the client sent as `/files/a%252F..%252Fsecret`, a host, and a POST body. */
function request(integration: (typeof integrations)[number], host: string): Record<string, unknown> {
  const event = fixture(integrationFixtures[integration]);
  const sent = "/files/a%252F..%252Fsecret";
  const original = Object.entries((event.headers as Record<string, string> | undefined) ?? {}).filter(
    ([name]) => !["host", "content-type"].includes(name.toLowerCase()),
  );
  const headers = { ...Object.fromEntries(original), host, "content-type": "application/json" };
  const body = { body: '{"n":1}', isBase64Encoded: false };
  switch (integration) {
    case "apigw-v2":
      return {
        ...event,
        ...body,
        headers,
        rawPath: decodeURIComponent(sent),
        requestContext: {
          ...(event.requestContext as object),
          http: { method: "POST", path: sent, protocol: "HTTP/1.1", sourceIp: "1.2.3.4", userAgent: "t" },
        },
      };
    case "function-url":
      return { ...event, ...body, headers, rawPath: sent };
    case "alb-multi": {
      const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
      return { ...event, ...body, httpMethod: "POST", multiValueHeaders, path: sent };
    }
    default:
      return { ...event, ...body, httpMethod: "POST", headers, multiValueHeaders: undefined, path: sent };
  }
}

describe.each(integrations)("%s: toRequest()", (integration) => {
  test("the Request's path is event.path", async () => {
    const handler = lambda(
      defineHandler((event) =>
        event.kind === "http" ? json({ path: event.path, requestPath: new URL(event.toRequest().url).pathname }) : undefined,
      ),
      silent,
    );
    const output = (await handler(request(integration, "h.example"), lambdaContext())) as { body: string };
    expect(JSON.parse(output.body)).toEqual({ path: "/files/a%252F..%252Fsecret", requestPath: "/files/a%252F..%252Fsecret" });
  });

  test("a Host header that would move the path (h.example/admin?) answers 400", async () => {
    const handler = lambda(
      defineHandler((event) => (event.kind === "http" ? json(event.toRequest().url) : undefined)),
      silent,
    );
    expect(await handler(request(integration, "h.example/admin?"), lambdaContext())).toEqual(
      nativeResponse(integration, {
        status: 400,
        headers: { "content-type": JSON_TYPE },
        body: '{"error":"toRequest(): the Host header is not a host name or address (with an optional port)"}',
      }),
    );
  });

  test("a body read through toRequest() cannot be read again through the event: 500, as in workerd", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const handler = lambda(
      defineHandler(async (event) => {
        if (event.kind !== "http") return undefined;
        await event.toRequest().text();
        return json(await event.json());
      }),
      { write: (line) => void lines.push(JSON.parse(line)) },
    );
    expect(await handler(request(integration, "h.example"), lambdaContext())).toEqual(
      nativeResponse(integration, { status: 500, headers: { "content-type": JSON_TYPE }, body: '{"error":"Internal Server Error"}' }),
    );
    expect(lines).toMatchObject([
      {
        error: {
          name: "TypeError",
          message: "The request body was already read through event.toRequest(): read it there, or through the event",
        },
      },
    ]);
  });

  test("a body read through the event first reaches toRequest() too", async () => {
    const handler = lambda(
      defineHandler(async (event) => {
        if (event.kind !== "http") return undefined;
        const viaEvent = await event.json();
        return json({ viaEvent, viaRequest: await event.toRequest().json() });
      }),
      silent,
    );
    const output = (await handler(request(integration, "h.example"), lambdaContext())) as { body: string };
    expect(JSON.parse(output.body)).toEqual({ viaEvent: { n: 1 }, viaRequest: { n: 1 } });
  });
});
