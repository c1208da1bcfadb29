import { type BodySource, encodeBase64 } from "@fnport/core/adapter";

const utf8 = new TextEncoder();

/** A native request body as a core body source: base64 is decoded on first read (bad base64 is a 400). */
export function bodySource(body: string | null | undefined, isBase64Encoded: boolean | undefined): BodySource {
  if (body === undefined || body === null || body === "") return null;
  return isBase64Encoded === true ? { base64: body } : body;
}

/** A response body as the string Lambda returns: base64 when `binary`, empty when there is none. */
export function bodyText(body: string | Uint8Array | null, binary: boolean): string {
  if (body === null) return "";
  if (!binary) return body as string;
  return encodeBase64(typeof body === "string" ? utf8.encode(body) : body);
}

// Characters that never appear literally in a percent-encoded path (RFC 3986 pchar, `/` and `%XX` aside).
const NOT_ENCODED = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]|%(?![0-9A-Fa-f]{2})/;
const NOT_ENCODED_RUNS = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]+|%(?![0-9A-Fa-f]{2})/g;

/**
 * The path percent-encoded. HTTP APIs (payload 2.0 `rawPath` and 1.0 `path`) hand it over decoded,
 * REST APIs, Function URLs and ALB keep it as sent (live captures in hotsock/voker#8): escaping only
 * what cannot appear in an encoded path restores the first and leaves the others unchanged.
 */
export function encodedPath(path: string): string {
  if (!NOT_ENCODED.test(path)) return path;
  try {
    return path.replace(NOT_ENCODED_RUNS, encodeURIComponent);
  } catch {
    return path; // a lone surrogate: keep the path as given
  }
}
