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
 * Reads a request body whole, counting as it arrives, then calls `done` with it: past `maxBytes` (a chunked
 * body, or a client sending more than it declared) it stops reading and calls `failed` with a
 * `BodyTooLargeError`; a client that goes away mid-body, with a `RequestAbortedError`. Node has already held
 * the body to a declared `content-length`. Callbacks, not a promise: one microtask fewer per request.
 */
export function readBody(
  request: IncomingMessage,
  maxBytes: number,
  done: (body: Uint8Array) => void,
  failed: (error: BodyTooLargeError | RequestAbortedError) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  function onData(chunk: Buffer): void {
    size += chunk.byteLength;
    if (size > maxBytes) {
      request.off("data", onData);
      request.pause();
      fail(new BodyTooLargeError(maxBytes));
      return;
    }
    chunks.push(chunk);
  }
  function fail(error: BodyTooLargeError | RequestAbortedError): void {
    if (settled) return;
    settled = true;
    failed(error);
  }
  // Node emits `error` (and no `end`) when the client goes away mid-body; the listeners go with the request.
  request.on("data", onData);
  request.on("end", () => {
    if (settled) return;
    settled = true;
    done(chunks.length === 1 ? (chunks[0] as Buffer) : chunks.length === 0 ? EMPTY : Buffer.concat(chunks, size));
  });
  request.on("error", () => fail(new RequestAbortedError()));
}

export { EMPTY as EMPTY_BODY };
