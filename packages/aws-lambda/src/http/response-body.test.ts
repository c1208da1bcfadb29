// What reaches the client's body on each integration: exact bytes for a Response result.
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { answering, fixture, integrationFixtures, integrations, lambdaContext, nativeResponse } from "../test-helpers.ts";

const ctx = lambdaContext();
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

describe.each(integrations)("%s: a Response result's body arrives byte for byte", (integration) => {
  const event = () => fixture(integrationFixtures[integration]);

  test("a gzip body with content-encoding goes base64, 27 bytes stay 27 bytes", async () => {
    const gzipped = new Uint8Array(gzipSync("{}", { level: 9 }));
    const handler = answering(() => new Response(gzipped, { headers: { "content-type": "application/json", "content-encoding": "gzip" } }));
    const output = (await handler(event(), ctx)) as { body: string };
    expect(output).toEqual(
      nativeResponse(integration, {
        status: 200,
        headers: { "content-encoding": "gzip", "content-type": "application/json" },
        body: base64(gzipped),
        isBase64Encoded: true,
      }),
    );
    expect(Buffer.from(output.body, "base64")).toEqual(Buffer.from(gzipped));
  });

  test("Latin-1 text goes base64, its bytes unchanged", async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
    const handler = answering(() => new Response(latin1, { headers: { "content-type": "text/plain; charset=iso-8859-1" } }));
    expect(await handler(event(), ctx)).toEqual(
      nativeResponse(integration, {
        status: 200,
        headers: { "content-type": "text/plain; charset=iso-8859-1" },
        body: "Y2Fm6Q==",
        isBase64Encoded: true,
      }),
    );
  });

  test("bytes without a content type go base64, unchanged", async () => {
    const handler = answering(() => new Response(new Uint8Array([0xff, 0x00, 0xfe])));
    expect(await handler(event(), ctx)).toEqual(nativeResponse(integration, { status: 200, body: "/wD+", isBase64Encoded: true }));
  });

  test("valid UTF-8 text stays text, a byte order mark included", async () => {
    const handler = answering(() => new Response("\uFEFFid,name\n1,Jürgen\n", { headers: { "content-type": "text/csv" } }));
    expect(await handler(event(), ctx)).toEqual(
      nativeResponse(integration, { status: 200, headers: { "content-type": "text/csv" }, body: "\uFEFFid,name\n1,Jürgen\n" }),
    );
  });
});
