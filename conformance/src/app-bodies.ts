// Behaviours of the conformance app for request bodies as they arrive (chunked, at the adapter's limit),
// `toRequest()` beside the event's own reads, and an already-encoded plain result.
import { type HttpEvent, type HttpResult, json } from "@fnport/core";
import { GZIPPED_HELLO } from "./app-hostile.ts";

type HttpBehaviour = (event: HttpEvent) => Promise<HttpResult | undefined> | HttpResult | undefined;

/**
 * The largest request body the adapter reads under a harness with `http:body-limit` (its own limit, e.g.
 * `maxBodyBytes`, set to this): one byte more answers 413 when the handler reads the body.
 */
export const BODY_LIMIT_BYTES: number = 256 * 1024;

const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");

export const bodyBehaviours: Record<string, HttpBehaviour> = {
  // How many bytes the event's body has and their SHA-256: a large body checked without sending it back.
  "body-digest": async (event) => {
    const bytes = await event.bytes();
    return json({ bytes: bytes.byteLength, sha256: hex(await crypto.subtle.digest("SHA-256", bytes)) });
  },
  // toRequest() called but not read: the event still reads the body.
  "request-unread-then-event": async (event) => {
    event.toRequest();
    return json(await event.text());
  },
  // A plain result (not a Response) whose bytes are already gzip-encoded: they must go out as they are.
  "result-gzip": () => ({ status: 200, headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: GZIPPED_HELLO }),
};
