import type { IncomingMessage } from "node:http";
import type { HttpEvent } from "@fnport/core";
import { createHttpEvent } from "@fnport/core/adapter";

/** The path (percent-encoding kept) and the query (without `?`) of a request target: origin-form `/p?q`, absolute-form `http://h/p?q`, or `*`. */
export function splitTarget(target: string): { path: string; rawQuery: string } {
  let start = 0;
  if (target.charCodeAt(0) !== 47 /* / */) {
    const scheme = target.indexOf("://");
    if (scheme === -1) return { path: target === "" ? "/" : target, rawQuery: "" }; // `*` (OPTIONS) and oddities stay as sent
    start = target.indexOf("/", scheme + 3);
    const question = target.indexOf("?", scheme + 3);
    if (start === -1 || (question !== -1 && question < start)) {
      return { path: "/", rawQuery: question === -1 ? "" : target.slice(question + 1) };
    }
  }
  const question = target.indexOf("?", start);
  if (question === -1) return { path: start === 0 ? target : target.slice(start), rawQuery: "" };
  return { path: target.slice(start, question), rawQuery: target.slice(question + 1) };
}

/**
 * The client address: the last `x-forwarded-for` entry, which Google's front end wrote (Cloud Run
 * replaces the header with the client's address; anything before the last entry was sent by the client
 * or by a proxy in front), else the peer of the socket (a local run, Knative without a proxy).
 */
export function clientAddress(headers: Readonly<Record<string, string | undefined>>, request: IncomingMessage): string | undefined {
  const forwarded = headers["x-forwarded-for"];
  if (forwarded !== undefined) {
    const comma = forwarded.lastIndexOf(",");
    const last = (comma === -1 ? forwarded : forwarded.slice(comma + 1)).trim();
    if (last !== "") return last;
  }
  return request.socket?.remoteAddress;
}

/**
 * The portable `http` event of a node request whose body has been read whole (at most the limit); `headers`
 * makes the event's header record when the handler first reads it.
 */
export function nodeHttpEvent(request: IncomingMessage, headers: () => Record<string, string>, body: Uint8Array): HttpEvent {
  const { path, rawQuery } = splitTarget(request.url ?? "/");
  return createHttpEvent({
    method: request.method ?? "GET",
    path,
    rawQuery,
    headers,
    body: body.byteLength === 0 ? undefined : body,
    ip: clientAddress(request.headers as Readonly<Record<string, string | undefined>>, request),
    raw: request,
  });
}
