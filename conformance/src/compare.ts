// Strict comparison of what a harness reported with what a case expects. Plain values are exact: an
// object has exactly the keys expected (a key whose value is undefined counts as absent), an array
// exactly the items; only a matcher lets a part vary, and every matcher that does says why.

/** Values a matcher may refer to (what the harness reported about the delivery). */
export interface MatchScope {
  requestId?: string | undefined;
  deadline?: number | undefined;
  /** The latest the deadline can be, when the harness knows it only within an interval (`Delivery.deadlineLatest`). */
  deadlineLatest?: number | undefined;
  /** The client address the harness gave the invocation natively (`Delivery.clientIp`). */
  clientIp?: string | undefined;
  /** `ctx.provider` as the harness says its adapter reports it. */
  provider?: string | undefined;
  /** When the suite started the step's first delivery and when it had read the step's outcome (epoch ms). */
  during?: { from: number; until: number } | undefined;
}

/** A case whose expectation is malformed (an unknown matcher key, a matcher without its reason): the case is wrong, not the adapter. */
export class CaseError extends Error {
  override name = "CaseError";
}

const SCOPE_KEYS: ReadonlySet<string> = new Set(["requestId", "deadline", "clientIp", "provider"]);

/** Each matcher: the keys it takes (the first names it) and a check of their values. */
const MATCHERS: Readonly<Record<string, { keys: readonly string[]; check(matcher: Record<string, unknown>): string | undefined }>> = {
  $startsWith: {
    keys: ["$startsWith", "because"],
    check: (m) => (typeof m.$startsWith === "string" && m.$startsWith !== "" ? undefined : "$startsWith takes a non-empty string"),
  },
  $contains: {
    keys: ["$contains", "because"],
    check: (m) =>
      Array.isArray(m.$contains) && m.$contains.length > 0 && m.$contains.every((part) => typeof part === "string" && part !== "")
        ? undefined
        : "$contains takes a non-empty array of non-empty strings",
  },
  $oneOf: {
    keys: ["$oneOf", "because"],
    check: (m) => (Array.isArray(m.$oneOf) && m.$oneOf.length >= 2 ? undefined : "$oneOf takes an array of at least two options"),
  },
  $absent: { keys: ["$absent"], check: (m) => (m.$absent === true ? undefined : "$absent takes the value true") },
  $during: { keys: ["$during"], check: (m) => (m.$during === "step" ? undefined : '$during takes "step"') },
  $fromDelivery: {
    keys: ["$fromDelivery"],
    check: (m) =>
      typeof m.$fromDelivery === "string" && SCOPE_KEYS.has(m.$fromDelivery)
        ? undefined
        : `$fromDelivery takes one of ${[...SCOPE_KEYS].join(", ")}`,
  },
  $near: {
    keys: ["$near", "within", "because"],
    check: (m) => {
      if (typeof m.$near !== "string" || !SCOPE_KEYS.has(m.$near)) return `$near takes one of ${[...SCOPE_KEYS].join(", ")}`;
      return typeof m.within === "number" && Number.isFinite(m.within) && m.within >= 0
        ? undefined
        : "$near needs within: a finite number of milliseconds ≥ 0";
    },
  },
};
/** Matchers that let a value vary: each must say why (`because`). */
const VARYING: ReadonlySet<string> = new Set(["$startsWith", "$contains", "$oneOf", "$near"]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const show = (value: unknown): string => (value === undefined ? "undefined" : JSON.stringify(value));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The matcher an expected object is, or undefined when none of its keys starts with `$`; throws a `CaseError` when it is malformed. */
function matcherOf(expected: Record<string, unknown>, where: string): string | undefined {
  const keys = Object.keys(expected);
  const dollars = keys.filter((key) => key.startsWith("$"));
  if (dollars.length === 0) return undefined;
  const fail = (problem: string): never => {
    throw new CaseError(`${where}: ${problem} in ${show(expected)}`);
  };
  const unknown = dollars.filter((key) => !Object.hasOwn(MATCHERS, key));
  if (unknown.length > 0) fail(`unknown matcher key ${unknown.map(show).join(", ")} (the suite knows ${Object.keys(MATCHERS).join(", ")})`);
  if (dollars.length > 1) fail(`one matcher per value, got ${dollars.join(" and ")}`);
  const name = dollars[0] as string;
  const spec = MATCHERS[name] as (typeof MATCHERS)[string];
  const extra = keys.filter((key) => !spec.keys.includes(key));
  if (extra.length > 0) fail(`${name} takes no key ${extra.map(show).join(", ")}`);
  const problem = spec.check(expected);
  if (problem !== undefined) fail(problem);
  if (VARYING.has(name) && (typeof expected.because !== "string" || expected.because.trim() === "")) {
    fail(`${name} lets the value vary: say why in "because"`);
  }
  return name;
}

/**
 * Throws a `CaseError` when `expected` holds a malformed matcher or an undefined value (write
 * `{ $absent: true }`, or leave the key out), so a wrong case fails on every harness, not only where
 * the value is reached.
 */
export function checkExpected(expected: unknown, path = ""): void {
  const where = path === "" ? "(root)" : path;
  if (expected === undefined)
    throw new CaseError(`${where}: undefined is not an expectation (write { $absent: true }, or leave the key out)`);
  if (Array.isArray(expected)) {
    expected.forEach((item, i) => {
      checkExpected(item, `${path}[${i}]`);
    });
    return;
  }
  if (!isRecord(expected)) return;
  const matcher = matcherOf(expected, where);
  if (matcher === "$oneOf") {
    (expected.$oneOf as unknown[]).forEach((option, i) => {
      checkExpected(option, `${path}.$oneOf[${i}]`);
    });
  }
  if (matcher !== undefined) return;
  for (const [key, value] of Object.entries(expected)) checkExpected(value, path === "" ? key : `${path}.${key}`);
}

function matchOne(name: string, matcher: Record<string, unknown>, actual: unknown, scope: MatchScope, path: string): string[] {
  const where = path === "" ? "(root)" : path;
  const fail = (problem: string): string[] => [`${where}: ${problem}`];
  switch (name) {
    case "$startsWith": {
      const prefix = matcher.$startsWith as string;
      return typeof actual === "string" && actual.startsWith(prefix)
        ? []
        : fail(`expected a string starting with ${show(prefix)}, got ${show(actual)}`);
    }
    case "$contains": {
      if (typeof actual !== "string")
        return fail(`expected a string containing ${(matcher.$contains as string[]).map(show).join(", ")}, got ${show(actual)}`);
      const missing = (matcher.$contains as string[]).filter((part) => !actual.includes(part));
      return missing.length === 0 ? [] : fail(`expected a string containing ${missing.map(show).join(", ")}, got ${show(actual)}`);
    }
    case "$oneOf": {
      const options = matcher.$oneOf as unknown[];
      return options.some((option) => mismatches(actual, option, scope, path).length === 0)
        ? []
        : fail(`expected one of ${options.map(show).join(", ")}, got ${show(actual)}`);
    }
    case "$absent":
      return actual === undefined ? [] : fail(`expected no value, got ${show(actual)}`);
    case "$during": {
      const window = scope.during;
      if (window === undefined) return fail("the suite measured no step to compare a time with");
      const at = typeof actual === "string" && ISO_UTC.test(actual) ? Date.parse(actual) : Number.NaN;
      // A clock read inside the step may be a millisecond behind the suite's (rounding).
      return at >= window.from - 1 && at <= window.until + 1
        ? []
        : fail(
            `expected an ISO 8601 UTC time during the step (${new Date(window.from).toISOString()} to ${new Date(window.until).toISOString()}), got ${show(actual)}`,
          );
    }
    case "$fromDelivery": {
      const key = matcher.$fromDelivery as keyof MatchScope;
      const wanted = scope[key];
      // Where the provider gives no request id, the runner makes one up: a random UUID.
      if (key === "requestId" && wanted === undefined) {
        return typeof actual === "string" && UUID.test(actual)
          ? []
          : fail(`expected a random UUID (the provider gave no request id), got ${show(actual)}`);
      }
      if (wanted === undefined) return fail(`the harness reported no ${key}`);
      return actual === wanted ? [] : fail(`expected ${show(wanted)} (the delivery's ${key}), got ${show(actual)}`);
    }
    default: {
      const key = matcher.$near as keyof MatchScope;
      const wanted = scope[key];
      const within = matcher.within as number;
      if (typeof wanted !== "number") return fail(`the harness reported no ${key}`);
      // A deadline the harness knows only within an interval is expected anywhere in it.
      const latest = key === "deadline" && scope.deadlineLatest !== undefined ? scope.deadlineLatest : wanted;
      if (typeof actual === "number" && actual >= wanted - within && actual <= latest + within) return [];
      const range = latest === wanted ? `${wanted} ± ${within}` : `between ${wanted} and ${latest}, ± ${within}`;
      return fail(`expected ${range} (the delivery's ${key}), got ${show(actual)}`);
    }
  }
}

/**
 * Compares `actual` with `expected` strictly: objects by exactly the keys expected (an extra key in
 * `actual` is a mismatch; an expected `{}` matches only `{}`), arrays by length and order, other values
 * exactly, and matchers by their rule. Returns one line per mismatch; throws a `CaseError` when
 * `expected` is malformed.
 */
export function mismatches(actual: unknown, expected: unknown, scope: MatchScope = {}, path = ""): string[] {
  const where = path === "" ? "(root)" : path;
  const at = (key: string) => (path === "" ? key : `${path}.${key}`);
  if (expected === undefined)
    throw new CaseError(`${where}: undefined is not an expectation (write { $absent: true }, or leave the key out)`);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${where}: expected an array ${show(expected)}, got ${show(actual)}`];
    if (actual.length !== expected.length)
      return [`${where}: expected ${expected.length} items ${show(expected)}, got ${actual.length}: ${show(actual)}`];
    return expected.flatMap((item, i) => mismatches(actual[i], item, scope, `${path}[${i}]`));
  }
  if (isRecord(expected)) {
    const matcher = matcherOf(expected, where);
    if (matcher !== undefined) return matchOne(matcher, expected, actual, scope, path);
    if (!isRecord(actual)) return [`${where}: expected an object ${show(expected)}, got ${show(actual)}`];
    const problems = Object.entries(expected).flatMap(([key, value]) => mismatches(actual[key], value, scope, at(key)));
    for (const [key, value] of Object.entries(actual)) {
      if (value !== undefined && !Object.hasOwn(expected, key))
        problems.push(`${at(key)}: unexpected ${show(value)} (the case expects no such key)`);
    }
    return problems;
  }
  return Object.is(actual, expected) ? [] : [`${where}: expected ${show(expected)}, got ${show(actual)}`];
}
