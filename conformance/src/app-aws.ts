// Behaviours of the conformance app for the AWS-specific cases (cases/aws-http.ts): a body and a number of
// cookies the request names, to hold an adapter to what Lambda's integrations can carry.
import { type HttpEvent, type HttpResult, text } from "@fnport/core";

/** The request header naming how many characters (`aws:sized`) or cookies (`aws:cookies`) the response has. */
export const SIZE_HEADER = "x-conformance-size";
/** The request header naming the character the `aws:sized` body repeats: `x`, or `control` for U+001F (six bytes in JSON). */
export const FILL_HEADER = "x-conformance-fill";

/** The request header that makes the `aws:sized` body a stream of 1 KB chunks (`yes`). */
export const STREAM_HEADER = "x-conformance-stream";

const sizeOf = (event: HttpEvent): number => Number(event.headers[SIZE_HEADER]);

async function* kilobytes(body: string): AsyncGenerator<string> {
  for (let at = 0; at < body.length; at += 1024) yield body.slice(at, at + 1024);
}

/** The cookies `aws:cookies` answers: `c0=0`, `c1=1`, ... */
export const numberedCookies = (count: number): string[] => Array.from({ length: count }, (_, i) => `c${i}=${i}`);

export const awsBehaviours: Record<string, (event: HttpEvent) => HttpResult> = {
  "aws:sized": (event) => {
    const body = (event.headers[FILL_HEADER] === "control" ? "\u001f" : "x").repeat(sizeOf(event));
    if (event.headers[STREAM_HEADER] !== "yes") return text(body);
    return { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: kilobytes(body) };
  },
  // The same body for any provider's response limit (cases/http-responses.ts, `http:response-limit`).
  sized: (event) => text("x".repeat(sizeOf(event))),
  // The same, claiming a length of 1 (`http:declared-length-limit`): the adapter writes the body's own, or none.
  "sized-claimed": (event) => text("x".repeat(sizeOf(event)), { headers: { "content-length": "1" } }),
  "aws:cookies": (event) => text("ok", { cookies: numberedCookies(sizeOf(event)) }),
  // A string body with a binary content type: its UTF-8 bytes go out.
  "aws:binary-text": () => ({ status: 200, headers: { "content-type": "application/octet-stream" }, body: "ü!" }),
};
