import type { IncomingMessage } from "node:http";
import { BodyTooLargeError } from "@fnport/core";

const EMPTY: Uint8Array = new Uint8Array(0);

/** The client went away before its request body arrived whole. */
export class RequestAbortedError extends Error {
  override name = "RequestAbortedError";
  constructor() {
    super("The client closed the connection before the request body arrived");
  }
}

/** True when a request has no body: HTTP/1.1 without `content-length` or `transfer-encoding` (RFC 9112 §6.3), or a length of 0. */
export function hasNoBody(headers: Readonly<Record<string, string | undefined>>): boolean {
  const length = headers["content-length"];
  return length === undefined ? headers["transfer-encoding"] === undefined : length === "0";
}

/** True when the declared `content-length` is over `maxBytes`: answered 413 without reading a byte. */
export function declaresTooLarge(headers: Readonly<Record<string, string | undefined>>, maxBytes: number): boolean {
  const length = headers["content-length"];
  return length !== undefined && Number(length) > maxBytes;
}

/**
 * Reads a request body whole, counting as it arrives: past `maxBytes` (a chunked body, or a client
 * sending more than it declared) it stops reading and rejects with a `BodyTooLargeError`. Node has
 * already held the body to a declared `content-length`.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    function onData(chunk: Buffer): void {
      size += chunk.byteLength;
      if (size > maxBytes) {
        request.off("data", onData);
        request.pause();
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    }
    // Node emits `error` (and no `end`) when the client goes away mid-body; the listeners go with the request.
    request.on("data", onData);
    request.on("end", () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size)),
    );
    request.on("error", () => reject(new RequestAbortedError()));
  });
}

export { EMPTY as EMPTY_BODY };
