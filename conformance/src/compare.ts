/** Values a matcher may refer to (what the harness reported about the delivery). */
export interface MatchScope {
  requestId?: string | undefined;
  deadline?: number | undefined;
}

type Matcher =
  | { $startsWith: string }
  | { $contains: string[] }
  | { $oneOf: unknown[] }
  | { $absent: true }
  | { $fromDelivery: keyof MatchScope }
  | { $near: keyof MatchScope; within: number };

function isMatcher(value: unknown): value is Matcher {
  if (typeof value !== "object" || value === null) return false;
  return ["$startsWith", "$contains", "$oneOf", "$absent", "$fromDelivery", "$near"].some((key) => key in value);
}

const show = (value: unknown): string => (value === undefined ? "undefined" : JSON.stringify(value));

function matchOne(matcher: Matcher, actual: unknown, scope: MatchScope): string | undefined {
  if ("$startsWith" in matcher) {
    return typeof actual === "string" && actual.startsWith(matcher.$startsWith)
      ? undefined
      : `expected a string starting with ${show(matcher.$startsWith)}, got ${show(actual)}`;
  }
  if ("$contains" in matcher) {
    const missing = matcher.$contains.filter((part) => typeof actual !== "string" || !actual.includes(part));
    return missing.length === 0 ? undefined : `expected a string containing ${missing.map(show).join(", ")}, got ${show(actual)}`;
  }
  if ("$oneOf" in matcher) {
    return matcher.$oneOf.some((option) => mismatches(actual, option, scope).length === 0)
      ? undefined
      : `expected one of ${matcher.$oneOf.map(show).join(", ")}, got ${show(actual)}`;
  }
  if ("$absent" in matcher) return actual === undefined ? undefined : `expected no value, got ${show(actual)}`;
  if ("$fromDelivery" in matcher) {
    const wanted = scope[matcher.$fromDelivery];
    if (wanted === undefined) return `the harness reported no ${matcher.$fromDelivery}`;
    return actual === wanted ? undefined : `expected ${show(wanted)} (the delivery's ${matcher.$fromDelivery}), got ${show(actual)}`;
  }
  const wanted = scope[matcher.$near];
  if (typeof wanted !== "number") return `the harness reported no ${matcher.$near}`;
  return typeof actual === "number" && Math.abs(actual - wanted) <= matcher.within
    ? undefined
    : `expected ${wanted} ± ${matcher.within} (the delivery's ${matcher.$near}), got ${show(actual)}`;
}

/**
 * Compares `actual` with `expected`: objects by the keys `expected` names, arrays by length and
 * order, other values exactly, and matchers by their rule. Returns one line per mismatch.
 */
export function mismatches(actual: unknown, expected: unknown, scope: MatchScope = {}, path = ""): string[] {
  const where = path === "" ? "(root)" : path;
  if (isMatcher(expected)) {
    const problem = matchOne(expected, actual, scope);
    return problem === undefined ? [] : [`${where}: ${problem}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${where}: expected an array ${show(expected)}, got ${show(actual)}`];
    if (actual.length !== expected.length) return [`${where}: expected ${show(expected)}, got ${show(actual)}`];
    return expected.flatMap((item, i) => mismatches(actual[i], item, scope, `${path}[${i}]`));
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) {
      return [`${where}: expected an object like ${show(expected)}, got ${show(actual)}`];
    }
    return Object.entries(expected).flatMap(([key, value]) =>
      mismatches((actual as Record<string, unknown>)[key], value, scope, path === "" ? key : `${path}.${key}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${where}: expected ${show(expected)}, got ${show(actual)}`];
}
