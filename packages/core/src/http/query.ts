import { emptyRecord } from "./headers.ts";

function decodeComponent(text: string): string {
  const spaced = text.includes("+") ? text.replaceAll("+", " ") : text;
  if (!spaced.includes("%")) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // malformed percent-encoding is kept as sent
  }
}

/** Every `[name, value]` pair of a query string (no leading `?`), decoded, in order. */
export function parseQueryPairs(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (rawQuery === "") return pairs;
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq === -1) pairs.push([decodeComponent(part), ""]);
    else pairs.push([decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))]);
  }
  return pairs;
}

/** The first value of each name. */
export function firstValues(pairs: ReadonlyArray<readonly [string, string]>): Record<string, string> {
  const query = emptyRecord<string>();
  for (const [name, value] of pairs) if (!(name in query)) query[name] = value;
  return query;
}

function encodeComponent(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, "+");
}

/** Builds a query string from decoded values (for providers that only hand over parsed parameters). */
export function buildQuery(
  single: Readonly<Record<string, string | undefined>> | null | undefined,
  multi?: Readonly<Record<string, readonly string[] | undefined>> | null,
): string {
  const parts: string[] = [];
  if (multi) {
    for (const name in multi) for (const value of multi[name] ?? []) parts.push(`${encodeComponent(name)}=${encodeComponent(value)}`);
  } else if (single) {
    for (const name in single) {
      const value = single[name];
      if (value !== undefined) parts.push(`${encodeComponent(name)}=${encodeComponent(value)}`);
    }
  }
  return parts.join("&");
}
