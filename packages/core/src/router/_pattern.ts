/** One segment of a route pattern. */
export type PatternSegment =
  | { readonly type: "static"; readonly value: string }
  | { readonly type: "param"; readonly name: string }
  | { readonly type: "wildcard"; readonly name: string };

const PARAM_NAME = /^[A-Za-z_$][\w$]*$/;

/** A static segment decoded (unchanged when it has no `%`); runs once per segment when a route is added. */
function decodeStatic(pattern: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new TypeError(`Route pattern ${JSON.stringify(pattern)}: invalid percent-encoding in ${JSON.stringify(segment)}`);
  }
}

/**
 * Splits a route pattern into segments, rejecting what the router cannot match: a pattern not starting
 * with `/`, a bad or repeated param name, a wildcard before the end. A segment is a param only when it
 * starts with `:` or `*` (`/v1/things:batchGet` is static). Static segments are stored decoded
 * (`/caf%C3%A9` and `/café` are the same route).
 */
export function parsePattern(pattern: string): PatternSegment[] {
  if (typeof pattern !== "string" || !pattern.startsWith("/")) {
    throw new TypeError(`Route pattern must be a string starting with "/", got ${JSON.stringify(pattern)}`);
  }
  if (pattern.includes("?") || pattern.includes("#")) {
    throw new TypeError(`Route pattern ${JSON.stringify(pattern)}: a pattern matches the path only, without "?" or "#"`);
  }
  const parts = pattern.slice(1).split("/");
  const names = new Set<string>();
  return parts.map((part, index): PatternSegment => {
    const first = part[0];
    if (first === ":" || first === "*") {
      const bare = part === "*";
      const name = bare ? "*" : part.slice(1);
      if (!bare && (!PARAM_NAME.test(name) || name === "__proto__")) {
        throw new TypeError(
          `Route pattern ${JSON.stringify(pattern)}: ${JSON.stringify(part)} is not a valid param name (letters, digits, _ or $)`,
        );
      }
      if (names.has(name)) throw new TypeError(`Route pattern ${JSON.stringify(pattern)}: param ${JSON.stringify(name)} appears twice`);
      names.add(name);
      if (first === ":") return { type: "param", name };
      if (index !== parts.length - 1) throw new TypeError(`Route pattern ${JSON.stringify(pattern)}: a wildcard must be the last segment`);
      return { type: "wildcard", name };
    }
    return { type: "static", value: decodeStatic(pattern, part) };
  });
}

/** Joins a mount prefix (static, no trailing slash) and a pattern: `/api` + `/` is `/api`, `/api` + `/todos` is `/api/todos`. */
export function joinPrefix(prefix: string, pattern: string): string {
  return pattern === "/" ? prefix : prefix + pattern;
}

/** Checks a mount prefix: `/api`, `/api/v1`; not `/`, not ending with `/`, no params or wildcards. */
export function assertPrefix(prefix: string): void {
  if (typeof prefix !== "string" || !prefix.startsWith("/") || prefix.endsWith("/")) {
    throw new TypeError(`mount() prefix must start with "/" and not end with "/" (e.g. "/api"), got ${JSON.stringify(prefix)}`);
  }
  for (const segment of parsePattern(prefix)) {
    if (segment.type !== "static") throw new TypeError(`mount() prefix must be static, got ${JSON.stringify(prefix)}`);
  }
}
