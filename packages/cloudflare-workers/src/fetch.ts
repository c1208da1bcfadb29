import type { HttpEvent } from "@fnport/core";
import { BodyTooLargeError } from "@fnport/core";
import { appendHeader, createHttpEvent, type EncodedHttpResponse, emptyRecord } from "@fnport/core/adapter";
import type { WorkerBodyStream, WorkerRequest } from "./native-types.ts";

/** The path (percent-encoding kept) and the query (without `?`) of an absolute URL, split with string operations. */
export function splitUrl(url: string): { path: string; rawQuery: string } {
  const scheme = url.indexOf("://");
  let start = scheme === -1 ? 0 : scheme + 3;
  // The authority ends at the first `/`, `?` or `#`.
  while (start < url.length) {
    const code = url.charCodeAt(start);
    if (code === 47 || code === 63 || code === 35) break;
    start++;
  }
  let end = url.indexOf("#", start);
  if (end === -1) end = url.length;
  const question = url.indexOf("?", start);
  if (question === -1 || question > end) {
    return { path: start === end ? "/" : url.slice(start, end), rawQuery: "" };
  }
  return { path: start === question ? "/" : url.slice(start, question), rawQuery: url.slice(question + 1, end) };
}

/** Reads a body sent without `content-length` (chunked) chunk by chunk, giving up past `maxBytes`. */
async function readCounted(body: WorkerBodyStream, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The request body, at most `maxBytes` of it (a larger one is a `BodyTooLargeError`, a 413): a declared
 * `content-length` is checked before reading (the runtime holds the body to it), a chunked body while reading.
 */
async function readBody(request: WorkerRequest, maxBytes: number): Promise<Uint8Array> {
  // Core guards a body read through `toRequest()`; this is one read through the native request, `event.raw`.
  if (request.bodyUsed) {
    throw new TypeError("The request body was already read through event.raw: read it there, or through the event");
  }
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (Number(declared) > maxBytes) throw new BodyTooLargeError(maxBytes);
    return new Uint8Array(await request.arrayBuffer());
  }
  return request.body === null ? new Uint8Array(0) : readCounted(request.body, maxBytes);
}

/** The request headers as a record, built when the handler first reads them. */
function headerRecord(request: WorkerRequest): Record<string, string> {
  const headers = emptyRecord<string>();
  // Workers' `Headers` yields lower-case names, with repeated fields already joined (except set-cookie).
  request.headers.forEach((value, name) => {
    appendHeader(headers, name, value);
  });
  return headers;
}

/**
 * The portable `http` event of a Workers request; the body is read only when asked (at most `maxBodyBytes`),
 * `toRequest()` is the request itself.
 */
export function toHttpEvent(request: WorkerRequest, maxBodyBytes: number): HttpEvent {
  const { path, rawQuery } = splitUrl(request.url);
  let read: Uint8Array | undefined;
  return createHttpEvent({
    method: request.method,
    path,
    rawQuery,
    headers: () => headerRecord(request),
    body: () =>
      readBody(request, maxBodyBytes).then((bytes) => {
        read = bytes;
        return bytes;
      }),
    ip: request.headers.get("cf-connecting-ip") ?? undefined,
    raw: request,
    // In workerd the native request is a Fetch `Request`: hand it back as it is, body unread; once the event
    // read the body, a copy carrying those bytes (the native one's body is gone), as on every provider.
    toRequest: () =>
      read === undefined || request.body === null
        ? (request as unknown as Request)
        : new Request(request as unknown as Request, { body: read }),
  });
}

const utf8 = new TextEncoder();

// workerd compresses a body whose `content-encoding` it is given unless told the body is already
// encoded (`encodeBody: "manual"`, developers.cloudflare.com/workers/runtime-apis/response/).
type WorkersResponseInit = ResponseInit & { encodeBody?: "manual" };

/**
 * The `Response` for an encoded result as the runner hands it over; each `set-cookie` value becomes its own
 * header line. The runner already dropped the body (and stream) of a status Fetch forbids one (101, 204,
 * 205, 304: `new Response()` throws) and of an answer to `HEAD`.
 */
export function toResponse(encoded: EncodedHttpResponse): Response {
  const { status, cookies } = encoded;
  let body: string | Uint8Array | ReadableStream<Uint8Array> | null = encoded.body;
  // A streamed body is pulled as the client reads it (workerd applies backpressure to the pull).
  if (encoded.stream !== undefined) body = encoded.stream.toReadableStream();
  // A string body makes the runtime add `content-type: text/plain`: send bytes, so only the result's headers go out.
  else if (typeof body === "string" && encoded.headers["content-type"] === undefined) body = utf8.encode(body);
  let headers: Record<string, string> | Headers = encoded.headers;
  if (cookies.length > 0) {
    headers = new Headers(encoded.headers);
    for (const cookie of cookies) headers.append("set-cookie", cookie);
  }
  const init: WorkersResponseInit = { status, headers };
  if (encoded.headers["content-encoding"] !== undefined) init.encodeBody = "manual";
  return new Response(body, init);
}

/**
 * A handler's own `Response`, sent as it is, except that a body with `content-encoding` is marked as
 * already encoded so its bytes reach the client as given (as on every other provider). A `Response` that
 * `fetch()` returned (it has a `url`) goes out untouched: workerd decoded its body as it read it and encodes
 * it again as it sends it, or (fetched with `encodeResponseBody: "manual"`) left it encoded and sends it so.
 */
export function asSent(response: Response): Response {
  if (!response.headers.has("content-encoding") || response.body === null || response.url !== "") return response;
  const init: WorkersResponseInit & { cf?: unknown } = {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    encodeBody: "manual",
  };
  const cf = (response as { cf?: unknown }).cf;
  if (cf !== undefined) init.cf = cf;
  return new Response(response.body, init);
}
