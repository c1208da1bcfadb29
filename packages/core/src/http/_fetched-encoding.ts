// The content codings `fetch()` (undici on Node) decodes as it reads a response body; any other coding,
// alone or among these, leaves the body as the upstream sent it.
const DECODED_CODINGS = new Set(["gzip", "x-gzip", "deflate", "br"]);

/**
 * True when `fetch()` returned this `Response` (it has a `url`) and already decoded its body: its
 * `content-encoding` and `content-length` then describe the upstream's bytes, not the body it gives.
 */
export function isDecodedByFetch(response: Response): boolean {
  if (response.url === "" || response.body === null) return false;
  const encoding = response.headers.get("content-encoding");
  if (encoding === null) return false;
  return encoding.split(",").every((coding) => DECODED_CODINGS.has(coding.trim().toLowerCase()));
}
