import { isHelperContentType } from "./_content-types.ts";

// Objects made by `new NullPrototypeRecord()` inherit nothing, like `Object.create(null)`, but stay
// in V8's fast mode: `Object.create(null)` objects start as slow dictionaries (about 3x the cost here).
const NullPrototypeRecord = function NullPrototypeRecord() {} as unknown as new () => Record<string, never>;
NullPrototypeRecord.prototype = Object.freeze(Object.create(null));

/** A record that inherits nothing, so that `__proto__` or `constructor` from the wire are plain keys. */
export function emptyRecord<T>(): Record<string, T> {
  return new NullPrototypeRecord() as Record<string, T>;
}

/**
 * Adds a request header to a lower-case record, joining a repeated name the RFC 9110 way:
 * `, ` in general, `; ` for `cookie` (RFC 6265 §5.4).
 */
export function appendHeader(headers: Record<string, string>, name: string, value: string): void {
  const key = name.toLowerCase();
  const existing = headers[key];
  if (existing === undefined) headers[key] = value;
  else headers[key] = existing + (key === "cookie" ? "; " : ", ") + value;
}

// Names seen lower-case before; most providers send only these, every invocation the same few.
const lowerCaseNames = new Set<string>();

/** True when every name is lower-case and every value a string: the record can be copied as it is. */
function isLowerCaseRecord(single: Readonly<Record<string, string | undefined>>): boolean {
  for (const name in single) {
    if (typeof single[name] !== "string") return false;
    if (!lowerCaseNames.has(name)) {
      if (name.toLowerCase() !== name) return false;
      if (lowerCaseNames.size < 1024) lowerCaseNames.add(name);
    }
  }
  return true;
}

/** Builds lower-case request headers from single-value and multi-value records (either may be missing). */
export function mergeHeaders(
  single: Readonly<Record<string, string | undefined>> | null | undefined,
  multi?: Readonly<Record<string, readonly string[] | undefined>> | null,
): Record<string, string> {
  const headers = emptyRecord<string>();
  if (multi) {
    for (const name in multi) {
      const values = multi[name];
      if (values) for (const value of values) appendHeader(headers, name, value);
    }
    return headers;
  }
  if (single) {
    // One builtin copy instead of a keyed store per header: no name can repeat, none needs lower-casing.
    if (isLowerCaseRecord(single)) return Object.assign(headers, single) as Record<string, string>;
    for (const name in single) {
      const value = single[name];
      if (value !== undefined) appendHeader(headers, name, value);
    }
  }
  return headers;
}

function decodeCookieValue(value: string): string {
  if (value.length > 1 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) {
    value = value.slice(1, -1);
  }
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Parses a `cookie` header; the first value of a name wins, malformed pairs are skipped. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies = emptyRecord<string>();
  if (!header) return cookies;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name === "" || name in cookies) continue;
    cookies[name] = decodeCookieValue(pair.slice(eq + 1).trim());
  }
  return cookies;
}

// RFC 9110 §5.1 token characters.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 §5.5: a field value is visible ASCII, space, tab and obs-text (0x80–0xFF). The same set Node's http
// sends (it throws on anything else, after the handler ran): a control character, DEL or a character above
// U+00FF is refused here on every provider, as CR, LF and NUL (which would split the header) always were.
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const INVALID_VALUE_REASON = "control characters (but tab) and characters above U+00FF are not allowed";

// Names seen valid before, with their lower-case form: results repeat the same few names on every invocation,
// and one lookup here replaces both the pattern and `toLowerCase()`.
const knownNames = new Map<string, string>();

/** The lower-case key of a result header name; throws a `TypeError` naming it when it cannot be sent. */
export function resultHeaderKey(name: string): string {
  const known = knownNames.get(name);
  if (known !== undefined) return known;
  if (!HEADER_NAME.test(name)) {
    throw new TypeError(`Invalid header name in result: ${JSON.stringify(name)} (RFC 9110 token characters only)`);
  }
  const key = name.toLowerCase();
  if (knownNames.size < 1024) knownNames.set(name, key);
  return key;
}

/** Throws a `TypeError` naming the header when a result header name or value cannot be sent. */
export function assertValidHeader(name: string, value: string): void {
  resultHeaderKey(name);
  assertValidHeaderValue(name, value);
}

/** Throws a `TypeError` naming the header when a result header value cannot be sent (a control character, one above U+00FF). */
export function assertValidHeaderValue(name: string, value: string): void {
  if (!isHelperContentType(value) && INVALID_HEADER_VALUE.test(value)) {
    throw new TypeError(`Invalid value for header "${name}" in result: ${INVALID_VALUE_REASON}`);
  }
}
