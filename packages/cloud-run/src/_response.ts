import type { ServerResponse } from "node:http";
import type { Logger } from "@fnport/core";
import {
  type EncodedHttpResponse,
  isDecodedByFetch,
  type LongTimer,
  type ResponseStream,
  STREAM_FAILED_MESSAGE,
  startTimer,
  stopTimer,
} from "@fnport/core/adapter";

type NodeHeaders = Record<string, string | string[]>;

/** Set on a response by a server that may start draining; `active` once it does (cloudRun's SIGTERM). */
export const DRAIN: unique symbol = Symbol("fnport.drain");
interface Drainable {
  [DRAIN]?: { active: boolean };
}

/** While the server drains, answers close their connection, so no client sends another request on it. */
function closeIfDraining(res: ServerResponse): void {
  if ((res as Drainable)[DRAIN]?.active === true) res.shouldKeepAlive = false;
}

/**
 * Cloud Run refuses an HTTP/1 response that declares a length over 32 MiB; one sent chunked (or streamed)
 * has no limit (Cloud Run quotas, "Maximum HTTP/1 response size"). Over it, a body goes out chunked.
 */
export const CLOUD_RUN_RESPONSE_LIMIT: number = 32 * 1024 * 1024;

/**
 * Throws when a buffered body is over `maxBytes` (a platform that refuses it, e.g. Cloud Functions): the
 * runner then logs this and answers a generic 500, instead of the bare error the platform would send.
 */
export function assertResponseSize(response: EncodedHttpResponse, maxBytes: number, provider: string): void {
  const { body } = response;
  if (body === null) return;
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  if (length > maxBytes)
    throw new RangeError(
      `The response is ${length} bytes, over the ${maxBytes}-byte limit of ${provider} (maxResponseBytes): send less, or a link to the content`,
    );
}

/** Statuses whose responses never have a body (RFC 9110 §15.3.5, §15.4.5); Node sends none for them either. */
function forbidsBody(status: number): boolean {
  return status === 204 || status === 304 || status < 200;
}

/**
 * Writes an encoded result: exactly its headers, each `set-cookie` value on its own line, and a
 * `content-length` that is the body's byte length (whatever the handler claimed), or, over Cloud Run's
 * 32 MiB limit on a declared length, no length (Node sends it chunked). 204 and 304 go out without body
 * or length, 205 with `content-length: 0`, HEAD with the headers and no body.
 */
export function writeEncoded(res: ServerResponse, response: EncodedHttpResponse, head: boolean): void {
  if (res.destroyed) return; // the client left: nothing to write to
  const { status } = response;
  const headers = response.headers as NodeHeaders;
  if (response.cookies.length > 0) headers["set-cookie"] = response.cookies;
  let body = response.body;
  if (headers["transfer-encoding"] !== undefined) delete headers["transfer-encoding"];
  closeIfDraining(res);
  if (forbidsBody(status)) {
    body = null;
    if (headers["content-length"] !== undefined) delete headers["content-length"];
  } else if (status === 205) {
    body = null;
    headers["content-length"] = "0";
  } else if (body !== null) {
    const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    if (length <= CLOUD_RUN_RESPONSE_LIMIT) headers["content-length"] = String(length);
    else if (headers["content-length"] !== undefined) delete headers["content-length"];
  } else if (!head) {
    headers["content-length"] = "0";
  }
  // HEAD: the runner has dropped the body, so its length is unknown here; RFC 9110 §9.3.2 lets a server omit
  // a header it only knows while generating content (a content-length the handler set itself is kept).
  try {
    res.writeHead(status, headers);
    if (body === null || head) res.end();
    else res.end(body);
  } catch {
    // Node refused to send it (the response was started elsewhere, by middleware): cut the connection, never throw.
    res.destroy();
  }
}

/** Resolves when `res` can take more (`drain`) or is gone (`close`), whichever comes first. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

// Hop-by-hop and framing headers: Node frames the body itself.
const FRAMING = new Set(["connection", "keep-alive", "transfer-encoding"]);

/**
 * Streams a Fetch `Response` to the socket: status (and its text), headers, every `set-cookie`, then the
 * body chunk by chunk, waiting for `drain` whenever the socket is full, so a slow client never makes the
 * server hold the whole body. A client that leaves cancels the body; a body that fails mid-way, or is
 * still streaming at the deadline (where Cloud Run would cut it), is logged once and the connection is
 * cut (never ended as if complete).
 */
export async function writeFetchResponse(
  res: ServerResponse,
  response: Response,
  head: boolean,
  deadline: number | undefined,
  log: () => Logger,
): Promise<void> {
  const headers: NodeHeaders = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie" && !FRAMING.has(name)) headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  // A fetched body is decoded already: its encoding and length were the upstream's bytes'.
  if (isDecodedByFetch(response)) {
    delete headers["content-encoding"];
    delete headers["content-length"];
  }
  const { status } = response;
  const body = response.body;
  if (res.destroyed) {
    // The client left before the answer: the same reason as when it leaves mid-body (pipeBody).
    await body?.cancel(new Error("The client disconnected"));
    return;
  }
  closeIfDraining(res);
  if (body === null || head || forbidsBody(status) || status === 205) {
    if (forbidsBody(status)) delete headers["content-length"];
    else if (body === null || status === 205) headers["content-length"] = "0";
    res.writeHead(status, response.statusText || undefined, headers);
    res.end();
    await body?.cancel();
    return;
  }
  // A length over Cloud Run's limit would be refused: without it the body is sent chunked, which has no limit.
  if (Number(headers["content-length"]) > CLOUD_RUN_RESPONSE_LIMIT) delete headers["content-length"];
  res.writeHead(status, response.statusText || undefined, headers);
  const reader = body.getReader();
  await pipeBody(
    res,
    () => reader.read().then((step) => step.value),
    (reason) => reader.cancel(reason),
    deadline,
    log,
    true,
  );
}

/**
 * Streams a result's streamed body (`EncodedHttpResponse.stream`): status, headers and every `set-cookie`
 * at once (an empty stream keeps its status), then chunk by chunk with backpressure, as a `Response` body.
 * A failure mid-way is logged by the stream itself (once, with the request id); the connection is cut.
 */
export async function writeStreamed(
  res: ServerResponse,
  response: EncodedHttpResponse,
  stream: ResponseStream,
  deadline: number | undefined,
  log: () => Logger,
): Promise<void> {
  if (res.destroyed) {
    await stream.cancel(new Error("The client disconnected"));
    return;
  }
  const headers = response.headers as NodeHeaders;
  if (response.cookies.length > 0) headers["set-cookie"] = response.cookies;
  closeIfDraining(res);
  try {
    res.writeHead(response.status, headers);
    // Sent now, not with the first chunk: a client (an SSE one) sees the status while the body is produced.
    res.flushHeaders();
  } catch {
    res.destroy();
    await stream.cancel(new Error("The response could not be started"));
    return;
  }
  await pipeBody(
    res,
    () => stream.read(),
    (reason) => stream.cancel(reason),
    deadline,
    log,
    false,
  );
}

/**
 * Writes chunks from `read` until it ends, waiting for `drain` whenever the socket is full. A client that
 * leaves cancels the source; a source that fails (logged here when `logFailure`), or is still sending at
 * the deadline (where Cloud Run would cut it), cuts the connection: never ended as if complete.
 */
async function pipeBody(
  res: ServerResponse,
  read: () => Promise<Uint8Array | undefined>,
  cancel: (reason: unknown) => Promise<void>,
  deadline: number | undefined,
  log: () => Logger,
  logFailure: boolean,
): Promise<void> {
  let timer: LongTimer | undefined;
  if (deadline !== undefined) {
    // startTimer, not setTimeout: a timeout over 2^31−1 ms would make setTimeout fire after 1 ms.
    timer = startTimer(
      () => {
        log().error("the streamed Response was still sending at the request timeout; the connection was cut", {
          deadline: new Date(deadline).toISOString(),
        });
        res.destroy();
        void cancel(new DOMException("The request timed out", "TimeoutError")).catch(() => {});
      },
      deadline - Date.now(),
      true,
    );
  }
  try {
    for (;;) {
      const value = await read();
      if (value === undefined) break;
      if (res.destroyed) {
        await cancel(new Error("The client disconnected"));
        return;
      }
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch (error) {
    if (!res.destroyed) {
      // The line a failed streamed result gets from the runner (ResponseStream): one message for both.
      if (logFailure) log().error(STREAM_FAILED_MESSAGE, { error });
      res.destroy();
    }
  } finally {
    stopTimer(timer);
  }
}
