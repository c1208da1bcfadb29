import type { EncodedHttpResponse } from "./result.ts";

const utf8 = new TextEncoder();

/**
 * True when a response must go out without content whatever the result holds: a 101, 103, 204, 205 or
 * 304 status, or an answer to a `HEAD` request (RFC 9110 §9.3.2: its headers are those a `GET` would get).
 */
export function isBodyless(status: number, method?: string): boolean {
  // Fetch's null body statuses (`new Response(body, { status })` throws for them); RFC 9110 §15.3.5, §15.4.5.
  // Compared, not looked up in a Set: this runs for every response.
  return status === 204 || status === 304 || status === 205 || status === 101 || status === 103 || method === "HEAD";
}

/** Options of `toFetchResponse`. */
export interface FetchResponseOptions {
  /** The request's method: a `HEAD` request gets the headers without the body. */
  method?: string | undefined;
}

/**
 * A Fetch `Response` for an encoded result, for providers whose handlers return one (Workers, Deno,
 * Bun, Vercel and Netlify edge functions): each `set-cookie` value on its own line; no body for a
 * bodyless status or a `HEAD` request (headers kept); a string body as UTF-8 — sent as bytes when the
 * result has no `content-type`, because a string body makes Fetch add `text/plain;charset=UTF-8`;
 * bytes as they are (a body with `content-encoding` marked as already encoded, for workerd); a streamed
 * body as a `ReadableStream` pulled as the client reads.
 */
export function toFetchResponse(encoded: EncodedHttpResponse, options: FetchResponseOptions = {}): Response {
  const { status, cookies } = encoded;
  let body: string | Uint8Array | ReadableStream<Uint8Array> | null = encoded.body;
  if (encoded.stream !== undefined) {
    if (isBodyless(status, options.method)) void encoded.stream.cancel();
    else body = encoded.stream.toReadableStream();
  } else if (isBodyless(status, options.method)) body = null;
  // As bytes: a string body would make Fetch add `text/plain;charset=UTF-8` when the result has no content-type.
  else if (typeof body === "string") body = utf8.encode(body);
  const headers = new Headers(encoded.headers);
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  // A body with content-encoding is already encoded: workerd would compress it again unless told
  // (`encodeBody: "manual"`); other runtimes ignore the field.
  const init: ResponseInit & { encodeBody?: "manual" } = { status, headers };
  if (encoded.headers["content-encoding"] !== undefined) init.encodeBody = "manual";
  return new Response(body, init);
}
