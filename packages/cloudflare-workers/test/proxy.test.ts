// A handler that answers with `fetch(upstream)`: workerd decodes a compressed upstream body as it reads it and
// encodes it again as that Response goes out, so the client gets a body its content-encoding describes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, wireRequest } from "./_workerd.ts";

const JSON_BODY = '{"hello":"upstream"}';
const GZIPPED = gzipSync(JSON_BODY);

describe("a handler answering with fetch(upstream)", { timeout: 20_000 }, () => {
  let upstream: Server;
  let mf: Miniflare;
  beforeAll(async () => {
    upstream = createServer((request, response) => {
      if (request.url === "/gzip") {
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        response.end(GZIPPED);
      } else {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON_BODY);
      }
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const { port } = upstream.address() as AddressInfo;
    ({ mf } = await startWorker(new URL("./workers/proxy.ts", import.meta.url), { bindings: { UPSTREAM: `http://127.0.0.1:${port}` } }));
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it.each(["/gzip", "/gzip?manual"])("%s: a gzip upstream body reaches the client as gzip of the upstream's bytes", async (path) => {
    const response = await wireRequest(mf, path, { headers: { "accept-encoding": "gzip" } });
    expect([response.status, response.headers["content-encoding"], response.headers["content-type"]]).toEqual([
      200,
      "gzip",
      "application/json",
    ]);
    expect(gunzipSync(response.body).toString()).toBe(JSON_BODY);
  });

  it("passes an upstream body without content-encoding on as it came", async () => {
    const response = await wireRequest(mf, "/plain");
    expect([response.status, response.headers["content-encoding"], response.body.toString()]).toEqual([200, undefined, JSON_BODY]);
  });
});
