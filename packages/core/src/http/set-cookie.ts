/** A `Set-Cookie` line in parts, for providers that take cookies as objects (name, value, attributes). */
export interface SetCookie {
  name: string;
  /** As sent: not percent-decoded, quotes kept. */
  value: string;
  expires?: Date;
  /** Seconds; 0 or less deletes the cookie. */
  maxAge?: number;
  /** Lower case, without a leading dot. */
  domain?: string;
  path?: string;
  secure?: true;
  httpOnly?: true;
  sameSite?: "Strict" | "Lax" | "None";
  partitioned?: true;
  /** Attributes this parser does not know (e.g. `Priority=High`), as sent, in order. */
  extensions?: string[];
}

const SAME_SITE: Readonly<Record<string, SetCookie["sameSite"]>> = { strict: "Strict", lax: "Lax", none: "None" };
const MAX_AGE = /^-?\d+$/;

function applyAttribute(cookie: SetCookie, attribute: string): void {
  const eq = attribute.indexOf("=");
  const name = (eq === -1 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
  const value = eq === -1 ? "" : attribute.slice(eq + 1).trim();
  // RFC 6265 §5.2: an attribute with a value it cannot use is ignored; a repeated one, the last wins.
  switch (name) {
    case "expires": {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) cookie.expires = new Date(time);
      return;
    }
    case "max-age":
      if (MAX_AGE.test(value)) cookie.maxAge = Number(value);
      return;
    case "domain":
      if (value !== "") cookie.domain = (value.startsWith(".") ? value.slice(1) : value).toLowerCase();
      return;
    case "path":
      if (value.startsWith("/")) cookie.path = value;
      return;
    case "secure":
      cookie.secure = true;
      return;
    case "httponly":
      cookie.httpOnly = true;
      return;
    case "samesite": {
      const sameSite = SAME_SITE[value.toLowerCase()];
      if (sameSite !== undefined) cookie.sameSite = sameSite;
      return;
    }
    case "partitioned":
      cookie.partitioned = true;
      return;
    case "":
      return;
    default:
      cookie.extensions ??= [];
      cookie.extensions.push(attribute.trim());
  }
}

/**
 * Parses a `Set-Cookie` line (a result's `cookies` entry) into its parts the way browsers read it
 * (RFC 6265 §5.2): attribute names in any case, a repeated attribute's last value, unusable values
 * (a bad date, a non-numeric `Max-Age`, a path without `/`) ignored. A line without `=` before its
 * first `;` is a cookie with an empty name (RFC 6265bis).
 */
export function parseSetCookie(line: string): SetCookie {
  const semicolon = line.indexOf(";");
  const pair = semicolon === -1 ? line : line.slice(0, semicolon);
  const eq = pair.indexOf("=");
  const cookie: SetCookie =
    eq === -1 ? { name: "", value: pair.trim() } : { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
  if (semicolon !== -1) for (const attribute of line.slice(semicolon + 1).split(";")) applyAttribute(cookie, attribute);
  return cookie;
}
