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
// Characters a decoded path must escape to be an encoded one: all but pchar and `/`, `%` included.
const NOT_LITERAL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
const NOT_LITERAL_RUNS = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]+/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeRuns(path: string, runs: RegExp): string {
  try {
    return path.replace(runs, encodeURIComponent);
  } catch {
    // A lone surrogate (encodeURIComponent throws) becomes U+FFFD, as the WHATWG URL parser makes it.
    return path.replace(LONE_SURROGATE, "\uFFFD").replace(runs, encodeURIComponent);
  }
}

/**
 * A path the integration passes as the client sent it (REST APIs, Function URLs, ALB), kept as it is; a
 * character that cannot appear in an encoded path (it should not, but a test event may hold one) is escaped.
 */
export function encodedPath(path: string): string {
  return NOT_ENCODED.test(path) ? escapeRuns(path, NOT_ENCODED_RUNS) : path;
}

// The pchar and `/` characters of NOT_LITERAL as a table: a loop over a short path costs a tenth of a regex call.
const LITERAL = new Uint8Array(128);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/") LITERAL[char.charCodeAt(0)] = 1;

/** True when `path` has nothing encoded and nothing to encode: it reads the same whether or not the provider decoded it. */
export function isPlainPath(path: string): boolean {
  for (let i = 0; i < path.length; i++) if (LITERAL[path.charCodeAt(i)] !== 1) return false;
  return true;
}

/**
 * A path the integration decoded once (HTTP APIs, payload 2.0 `rawPath` and 1.0 `path`), encoded again,
 * every `%` included: the request for `/a%252F..` arrives as `/a%2F..`, and becomes `/a%252F..` again, so
 * `event.path` decodes once to what the client asked for, as on every other integration.
 */
export function reencodedPath(path: string): string {
  return NOT_LITERAL.test(path) ? escapeRuns(path, NOT_LITERAL_RUNS) : path;
}
