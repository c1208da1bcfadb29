import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { encodeHttpResult, isDecodedByFetch } from "../adapter.ts";

const TEXT = "hello, compressed world ".repeat(20);
const CODERS: Record<string, (text: string) => Uint8Array> = {
  gzip: (text) => gzipSync(text),
  "x-gzip": (text) => gzipSync(text),
  deflate: (text) => deflateSync(text),
  br: (text) => brotliCompressSync(text),
  "GZIP, br": (text) => brotliCompressSync(gzipSync(text)),
};

// An upstream on 127.0.0.1 that sends TEXT under the coding its path names (`/none`: not encoded;
// `/compress` and `/gzip, compress`: bytes labelled with a coding fetch does not decode, which it leaves alone).
let upstream: Server;
let base: string;
beforeAll(async () => {
  upstream = createServer((request, response) => {
    const coding = decodeURIComponent((request.url ?? "/").slice(1));
    const raw = coding === "compress" || coding === "gzip, compress";
    const bytes = coding === "none" ? Buffer.from(TEXT) : raw ? Buffer.from("raw") : (CODERS[coding] as (text: string) => Uint8Array)(TEXT);
    const headers: Record<string, string | number> = { "content-type": "text/plain", "content-length": bytes.length };
    if (coding !== "none") headers["content-encoding"] = coding;
    response.writeHead(200, headers).end(request.method === "HEAD" ? undefined : bytes);
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

describe("a Response from fetch(), whose body fetch decoded", () => {
  test.each(Object.keys(CODERS))("%s: the decoded text goes out without content-encoding or the upstream's length", async (coding) => {
    const fetched = await fetch(`${base}/${encodeURIComponent(coding)}`);
    expect(isDecodedByFetch(fetched)).toBe(true);
    const encoded = await encodeHttpResult(fetched);
    expect({ ...encoded.headers, date: undefined }).toEqual({
      "content-type": "text/plain",
      connection: "keep-alive",
      "keep-alive": "timeout=5",
      date: undefined,
    });
    expect(encoded.body).toBe(TEXT);
  });

  test("streamed or read up to a limit, the same", async () => {
    const streamed = await encodeHttpResult(await fetch(`${base}/gzip`), true);
    expect([streamed.headers["content-encoding"], streamed.headers["content-length"]]).toEqual([undefined, undefined]);
    expect(new TextDecoder().decode(await new Response(streamed.stream?.toReadableStream()).arrayBuffer())).toBe(TEXT);
    const limited = await encodeHttpResult(await fetch(`${base}/br`), false, 1 << 20);
    expect([limited.headers["content-encoding"], limited.headers["content-length"], limited.body]).toEqual([undefined, undefined, TEXT]);
  });

  test.each(["compress", "gzip, compress"])(
    "%s: a body fetch did not decode (a coding it does not know) keeps its encoding and length, as bytes",
    async (coding) => {
      const fetched = await fetch(`${base}/${encodeURIComponent(coding)}`);
      expect(isDecodedByFetch(fetched)).toBe(false);
      const encoded = await encodeHttpResult(fetched);
      expect([encoded.headers["content-encoding"], encoded.headers["content-length"]]).toEqual([coding, "3"]);
      expect(encoded.body).toEqual(new TextEncoder().encode("raw"));
    },
  );

  test("an answer to HEAD (no body) keeps the headers describing the upstream's body", async () => {
    const fetched = await fetch(`${base}/gzip`, { method: "HEAD" });
    expect(isDecodedByFetch(fetched)).toBe(false);
    const encoded = await encodeHttpResult(fetched);
    expect([encoded.headers["content-encoding"], encoded.headers["content-length"], encoded.body]).toEqual([
      "gzip",
      String(gzipSync(TEXT).length),
      null,
    ]);
  });

  test("fetched without an encoding, the length stays", async () => {
    const fetched = await fetch(`${base}/none`);
    expect(isDecodedByFetch(fetched)).toBe(false);
    expect((await encodeHttpResult(fetched)).headers["content-length"]).toBe(String(TEXT.length));
  });

  test("a Response the handler built with encoded bytes (no url) goes out with its encoding and length", async () => {
    const bytes = gzipSync(TEXT);
    const built = new Response(bytes, { headers: { "content-encoding": "gzip", "content-length": String(bytes.length) } });
    expect(isDecodedByFetch(built)).toBe(false);
    const encoded = await encodeHttpResult(built);
    expect([encoded.headers["content-encoding"], encoded.headers["content-length"], encoded.body]).toEqual([
      "gzip",
      String(bytes.length),
      new Uint8Array(bytes),
    ]);
  });
});
