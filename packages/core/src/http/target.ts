// RFC 3986 §3.1: a scheme is a letter followed by letters, digits, "+", "-" or ".".
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** A request target split into its path and query. */
export interface RequestTarget {
  /** The path as sent (percent-encoding kept), starting with `/` (or `*` for `OPTIONS *`). */
  path: string;
  /** The query without `?` (empty when there is none). */
  rawQuery: string;
}

/**
 * Splits what a provider hands over as "the URL" — an origin-form target (`/a%20b?x=1`) or an absolute
 * URL (`https://host/a%20b?x=1#top`) — into `path` and `rawQuery`, with string operations only (no `URL`
 * object, which would re-encode the path). The fragment is dropped; an empty path is `/`; a path that
 * does not start with `/` gets one.
 */
export function splitRequestTarget(target: string): RequestTarget {
  let start = 0;
  if (ABSOLUTE.test(target)) {
    // The authority ends at the first `/`, `?` or `#` after `://`.
    start = target.indexOf("://") + 3;
    while (start < target.length) {
      const code = target.charCodeAt(start);
      if (code === 47 || code === 63 || code === 35) break;
      start++;
    }
  }
  let end = target.indexOf("#", start);
  if (end === -1) end = target.length;
  const question = target.indexOf("?", start);
  const pathEnd = question === -1 || question > end ? end : question;
  const rawQuery = pathEnd === end ? "" : target.slice(question + 1, end);
  const path = target.slice(start, pathEnd);
  if (path.charCodeAt(0) === 47 || path === "*") return { path, rawQuery };
  // An empty path becomes "/" here too.
  return { path: `/${path}`, rawQuery };
}
