// A handler that answers with `fetch(upstream)`: Node's fetch decoded the upstream's gzip body, so Lambda
// gets that decoded body without the upstream's content-encoding and content-length.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, test } from "vitest";
import { answering, fixture, lambdaContext } from "./test-helpers.ts";

const TEXT = "hello, compressed world ".repeat(20);

let upstream: Server;
let base: string;
beforeAll(async () => {
  upstream = createServer((_request, response) => {
    const bytes = gzipSync(TEXT);
    response.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip", "content-length": bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

test("an HTTP API answer from fetch(upstream) is the decoded text, without content-encoding or the upstream's length", async () => {
  const handler = answering(() => fetch(`${base}/`));
  const output = (await handler(fixture("apigw-v2-http-api.json"), lambdaContext())) as { headers: Record<string, string> };
  expect({ ...output, headers: { ...output.headers, date: undefined } }).toEqual({
    statusCode: 200,
    headers: { "content-type": "text/plain", connection: "keep-alive", "keep-alive": "timeout=5", date: undefined },
    body: TEXT,
    isBase64Encoded: false,
  });
});
