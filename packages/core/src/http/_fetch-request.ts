// The parts of a Fetch `Request` built from an http event, or a clear error for what Fetch cannot carry.
import { HttpError } from "../errors.ts";

// RFC 3986 host (reg-name, IPv4, or an IP literal in brackets) with an optional port: nothing that ends the
// authority (`/`, `?`, `#`) or adds userinfo (`@`) may come from the Host header into the URL.
const HOST = /^(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
// RFC 9110 §5.1 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Fetch's forbidden methods: `new Request()` throws for them.
const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(["CONNECT", "TRACE", "TRACK"]);
const NOT_LATIN1 = /[\u0100-\uffff]/;
const utf8 = new TextEncoder();

/** Lets a malformed escape through: only the comparison of two paths needs it. */
function decodeLoosely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * The URL of the Request: `x-forwarded-proto` (http or https), the Host header, then exactly `path` and the
 * query. Throws a 400 when the host is not one, and when a URL cannot carry the path as it is: dot segments
 * (`/a/../b`) and backslashes are rewritten by every URL parser, so the Request would route another path.
 */
export function requestUrl(headers: Readonly<Record<string, string>>, path: string, rawQuery: string): string {
  const proto = headers["x-forwarded-proto"]?.split(",")[0]?.trim().toLowerCase();
  const host = headers.host ?? "localhost";
  if (!HOST.test(host)) {
    throw new HttpError(400, "toRequest(): the Host header is not a host name or address (with an optional port)");
  }
  if (!path.startsWith("/")) throw new HttpError(400, "toRequest(): the path does not start with /");
  // `#` would end the query in a URL: it can only travel encoded.
  const query = rawQuery === "" ? "" : `?${rawQuery.replaceAll("#", "%23")}`;
  const url = `${proto === "http" ? "http" : "https"}://${host}${path}${query}`;
  const parsed = new URL(url);
  if (parsed.pathname !== path && decodeLoosely(parsed.pathname) !== decodeLoosely(path)) {
    throw new HttpError(
      400,
      `toRequest(): a Fetch Request cannot carry this path as it is (a URL makes it ${JSON.stringify(parsed.pathname)}); read event.path instead`,
    );
  }
  return url;
}

/** The method, when Fetch can carry it: a token other than CONNECT, TRACE and TRACK (501 otherwise). */
export function requestMethod(method: string): string {
  if (FORBIDDEN_METHODS.has(method) || !TOKEN.test(method)) {
    throw new HttpError(501, `toRequest(): a Fetch Request cannot carry the method ${JSON.stringify(method)}`);
  }
  return method;
}

/**
 * The headers as Fetch takes them: a value with characters above U+00FF (a provider that decoded UTF-8
 * header bytes) goes as those UTF-8 bytes, one Latin-1 character each, as a Node server would show it.
 */
export function requestHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  let converted: Record<string, string> | undefined;
  for (const name in headers) {
    if (!TOKEN.test(name)) throw new HttpError(400, `toRequest(): ${JSON.stringify(name)} is not a header name a Fetch Request can carry`);
    const value = headers[name] as string;
    if (!NOT_LATIN1.test(value)) continue;
    converted ??= { ...headers };
    converted[name] = String.fromCharCode(...utf8.encode(value));
  }
  return converted ?? (headers as Record<string, string>);
}
