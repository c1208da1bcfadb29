import { type PatternSegment, parsePattern } from "./_pattern.ts";

/** One registered route. */
export interface Route<H> {
  /** Upper-case method, or `*` for every method. */
  readonly method: string;
  readonly pattern: string;
  readonly handler: H;
  /** The names of the values `find` collects, in order; with `wildcard`, the last one is the wildcard's. */
  readonly paramNames: readonly string[];
  readonly wildcard: boolean;
}

/** The routes of one path, by method. The common methods are fields: a switch beats a map lookup. */
class MethodTable<H> {
  GET: Route<H> | undefined = undefined;
  HEAD: Route<H> | undefined = undefined;
  POST: Route<H> | undefined = undefined;
  PUT: Route<H> | undefined = undefined;
  PATCH: Route<H> | undefined = undefined;
  DELETE: Route<H> | undefined = undefined;
  OPTIONS: Route<H> | undefined = undefined;
  others: Map<string, Route<H>> | undefined = undefined;
  any: Route<H> | undefined = undefined;
  /** Methods in the order they were routed. */
  readonly methods: string[] = [];

  /** The route for `method`: its own, GET's for HEAD, else the every-method route. */
  lookup(method: string): Route<H> | undefined {
    switch (method) {
      case "GET":
        return this.GET ?? this.any;
      case "HEAD":
        return this.HEAD ?? this.GET ?? this.any;
      case "POST":
        return this.POST ?? this.any;
      case "PUT":
        return this.PUT ?? this.any;
      case "PATCH":
        return this.PATCH ?? this.any;
      case "DELETE":
        return this.DELETE ?? this.any;
      case "OPTIONS":
        return this.OPTIONS ?? this.any;
      default:
        return this.others?.get(method) ?? this.any;
    }
  }

  /** The route registered for exactly `method` (`*` for every method). */
  own(method: string): Route<H> | undefined {
    if (method === "*") return this.any;
    if (Object.hasOwn(COMMON_METHODS, method)) return this[method as CommonMethod];
    return this.others?.get(method);
  }

  add(route: Route<H>): void {
    const method = route.method;
    if (method === "*") this.any = route;
    else if (Object.hasOwn(COMMON_METHODS, method)) this[method as CommonMethod] = route;
    else {
      this.others ??= new Map();
      this.others.set(method, route);
    }
    this.methods.push(method);
  }

  /**
   * The methods this path answers, for `Allow`: HEAD with GET, OPTIONS always; a method may come twice (the
   * caller keeps the first). Only asked of a table with no route for the request's method, so never of one
   * with an every-method route.
   */
  allowed(): string[] {
    const allowed: string[] = [];
    for (const method of this.methods) {
      allowed.push(method);
      if (method === "GET" && this.HEAD === undefined) allowed.push("HEAD");
    }
    allowed.push("OPTIONS");
    return allowed;
  }
}

const COMMON_METHODS = { GET: 1, HEAD: 1, POST: 1, PUT: 1, PATCH: 1, DELETE: 1, OPTIONS: 1 } as const;
type CommonMethod = keyof typeof COMMON_METHODS;

class TrieNode<H> {
  /** Static children's segments (decoded) and nodes, in the same order. */
  readonly staticKeys: string[] = [];
  readonly staticNodes: TrieNode<H>[] = [];
  /** Indexes into `staticKeys` by the segment's first character (ASCII), to compare a few in place: no substring, no hashing. */
  byFirstChar: number[][] | undefined = undefined;
  param: TrieNode<H> | undefined = undefined;
  /** Routes ending in a wildcard here: they take every remaining segment. */
  wildcard: MethodTable<H> | undefined = undefined;
  /** Routes whose pattern ends at this node. */
  table: MethodTable<H> | undefined = undefined;

  addStatic(key: string): TrieNode<H> {
    const index = this.staticKeys.indexOf(key);
    if (index !== -1) return this.staticNodes[index] as TrieNode<H>;
    const child = new TrieNode<H>();
    this.staticKeys.push(key);
    this.staticNodes.push(child);
    this.byFirstChar ??= Array.from({ length: 128 }, () => []);
    const first = key.charCodeAt(0);
    // A key starting with a non-ASCII character (or empty: NaN) has no list: it is only found through the slow path.
    this.byFirstChar[first]?.push(this.staticKeys.length - 1);
    return child;
  }

  /** The static child for the segment `path[start..end)`; `encoded` when the path has a `%` somewhere. */
  findStatic(path: string, start: number, end: number, encoded: boolean): TrieNode<H> | undefined {
    const length = end - start;
    if (encoded || length === 0 || path.charCodeAt(start) >= 128) {
      const segment = path.slice(start, end);
      const key = encoded ? staticKey(segment) : segment;
      // An invalid encoding (undefined) is no key: indexOf gives -1, and staticNodes[-1] is undefined.
      return this.staticNodes[this.staticKeys.indexOf(key as string)];
    }
    const candidates = (this.byFirstChar as number[][])[path.charCodeAt(start)] as number[];
    for (let i = 0; i < candidates.length; i++) {
      const index = candidates[i] as number;
      const key = this.staticKeys[index] as string;
      if (key.length === length && path.startsWith(key, start)) return this.staticNodes[index];
    }
    return undefined;
  }
}

/** A segment as a static key: decoded when it has `%`; undefined when its encoding is invalid (no static route can match it). */
function staticKey(segment: string): string | undefined {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Routes by path segments. A path without `%` that names a static route is found with one map
 * lookup; otherwise the trie is walked segment by segment (no regular expressions), a static
 * segment before a param before a wildcard, backtracking when a branch has no route for the method.
 */
export class RouteTrie<H> {
  readonly #root = new TrieNode<H>();
  /** Static patterns as written to their routes: the one-lookup path of a request path without `%` (a pattern with `%` is never found there). */
  readonly #statics = new Map<string, MethodTable<H>>();

  add(method: string, pattern: string, handler: H): Route<H> {
    const segments = parsePattern(pattern);
    const paramNames: string[] = [];
    let node = this.#root;
    let table: MethodTable<H> | undefined;
    for (const segment of segments) {
      if (segment.type === "wildcard") {
        paramNames.push(segment.name);
        node.wildcard ??= new MethodTable();
        table = node.wildcard;
        break;
      }
      node = this.#child(node, segment);
      if (segment.type === "param") paramNames.push(segment.name);
    }
    // `table` is set only at a wildcard, which `parsePattern` allows only as the last segment.
    const wildcard = table !== undefined;
    if (table === undefined) {
      node.table ??= new MethodTable();
      table = node.table;
      if (paramNames.length === 0) this.#statics.set(pattern, table);
    }
    const existing = table.own(method);
    if (existing !== undefined) {
      throw new Error(`${describe(method, pattern)} is already routed (as ${describe(method, existing.pattern)})`);
    }
    const route: Route<H> = { method, pattern, handler, paramNames, wildcard };
    table.add(route);
    return route;
  }

  #child(node: TrieNode<H>, segment: PatternSegment & { type: "static" | "param" }): TrieNode<H> {
    if (segment.type === "param") {
      node.param ??= new TrieNode();
      return node.param;
    }
    return node.addStatic(segment.value);
  }

  /**
   * The route for `method` and `path` (which starts with `/`); the raw (still encoded) values of its
   * params are written to `values[0..paramNames.length)`, in `paramNames` order (later entries are
   * left from earlier calls). Undefined when no route matches both.
   */
  find(method: string, path: string, values: string[]): Route<H> | undefined {
    pathMatched = false;
    if (path.charCodeAt(0) !== SLASH) return undefined;
    const encoded = path.includes("%");
    if (!encoded) {
      const table = this.#statics.get(path);
      if (table !== undefined) {
        const route = table.lookup(method);
        if (route !== undefined) return route;
      }
    }
    return search(this.#root, method, path, 0, values, 0, encoded);
  }

  /** After `find` found no route: whether some pattern matched the path (with other methods), i.e. a 405 rather than a 404. */
  get lastPathMatched(): boolean {
    return pathMatched;
  }

  /**
   * Every method some route answers for `path`, for a 405's or an OPTIONS answer's `Allow`. Only asked after
   * `find` found no route and `lastPathMatched` (so `path` starts with `/`, and no matching table has an
   * every-method route).
   */
  allowed(path: string): string[] {
    const tables: MethodTable<H>[] = [];
    collect(this.#root, path, 0, tables, path.includes("%"));
    const allowed = new Set<string>();
    for (const table of tables) for (const method of table.allowed()) allowed.add(method);
    return [...allowed];
  }
}

const SLASH = 47;

/** Set by `search` when a pattern matched the path, read only when it found no route for the method (matching is synchronous). */
let pathMatched = false;

function describe(method: string, pattern: string): string {
  return `${method === "*" ? "ALL" : method} ${pattern}`;
}

function search<H>(
  node: TrieNode<H>,
  method: string,
  path: string,
  at: number,
  values: string[],
  count: number,
  encoded: boolean,
): Route<H> | undefined {
  if (at === path.length) {
    if (node.table === undefined) return undefined;
    pathMatched = true;
    return node.table.lookup(method);
  }
  // `at` is at a "/": the next segment runs to the next "/" or the end.
  const start = at + 1;
  let end = path.indexOf("/", start);
  if (end === -1) end = path.length;
  if (node.byFirstChar !== undefined) {
    const child = node.findStatic(path, start, end, encoded);
    if (child !== undefined) {
      const route = search(child, method, path, end, values, count, encoded);
      if (route !== undefined) return route;
    }
  }
  if (node.param !== undefined && end > start) {
    values[count] = path.slice(start, end);
    const route = search(node.param, method, path, end, values, count + 1, encoded);
    if (route !== undefined) return route;
  }
  if (node.wildcard !== undefined && start < path.length) {
    const route = node.wildcard.lookup(method);
    if (route !== undefined) {
      values[count] = path.slice(start);
      return route;
    }
    pathMatched = true;
  }
  return undefined;
}

/** Like `search`, but collects every table whose pattern matches `path`, whatever the method. */
function collect<H>(node: TrieNode<H>, path: string, at: number, tables: MethodTable<H>[], encoded: boolean): void {
  if (at === path.length) {
    if (node.table !== undefined) tables.push(node.table);
    return;
  }
  const start = at + 1;
  let end = path.indexOf("/", start);
  if (end === -1) end = path.length;
  const child = node.byFirstChar === undefined ? undefined : node.findStatic(path, start, end, encoded);
  if (child !== undefined) collect(child, path, end, tables, encoded);
  if (node.param !== undefined && end > start) collect(node.param, path, end, tables, encoded);
  if (node.wildcard !== undefined && start < path.length) tables.push(node.wildcard);
}
