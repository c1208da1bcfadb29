import type { Context, DefaultEnv } from "../context.ts";
import type { FnEvent, HttpEvent } from "../events.ts";
import type { Handler } from "../handler.ts";
import { JSON_TYPE } from "../http/_content-types.ts";
import { emptyRecord } from "../http/headers.ts";
import { isFetchResponse } from "../http/result.ts";
import type { HttpResponseInit, HttpResult } from "../results.ts";
import { assertPrefix, joinPrefix } from "./_pattern.ts";
import { type Route, RouteTrie } from "./_trie.ts";
import type { AnyPathParams, PathParams } from "./params.ts";

/** An `http` event a route matched, with the params its pattern declares, decoded. */
export type RouteEvent<Params = AnyPathParams> = HttpEvent & { readonly params: Params };

/** What a route handler may return: a plain result, a Fetch `Response`, or nothing (204). */
// biome-ignore lint/suspicious/noConfusingVoidType: `void` lets a handler that returns nothing type-check.
export type RouteResult = HttpResult | undefined | void;

/** Handles the requests one route matches. */
export type RouteHandler<Params = AnyPathParams, Deps = undefined, Env = DefaultEnv> = (
  event: RouteEvent<Params>,
  ctx: Context<Deps, Env>,
) => RouteResult | Promise<RouteResult>;

/** Options of `createRouter`. */
export interface RouterOptions<Deps = undefined, Env = DefaultEnv> {
  /**
   * Answers a request whose path no route matches (default: 404 `{"error":"Not Found"}`). A path some
   * route matches with another method is answered 405 with `Allow` instead.
   */
  notFound?: ((event: HttpEvent, ctx: Context<Deps, Env>) => RouteResult | Promise<RouteResult>) | undefined;
}

/** Routes `http` events by method and path; `handle` is an ordinary handler. Every method returns the router, for chaining. */
export interface Router<Deps = undefined, Env = DefaultEnv> {
  get<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PathParams<Pattern>, Deps, Env>): this;
  /** Only needed to answer HEAD differently: a GET route answers HEAD, without the body. */
  head<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PathParams<Pattern>, Deps, Env>): this;
  post<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PathParams<Pattern>, Deps, Env>): this;
  put<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PathParams<Pattern>, Deps, Env>): this;
  patch<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PathParams<Pattern>, Deps, Env>): this;
  delete<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PathParams<Pattern>, Deps, Env>): this;
  /** Only needed to answer OPTIONS yourself (CORS preflight): by default OPTIONS answers 204 with `Allow`. */
  options<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PathParams<Pattern>, Deps, Env>): this;
  /** Every method, HEAD and OPTIONS included; a route for a specific method on the same pattern wins. */
  all<Pattern extends string>(pattern: Pattern, handler: RouteHandler<PathParams<Pattern>, Deps, Env>): this;
  /** One or several methods, any HTTP token (`PROPFIND`, ...), matched case-insensitively. */
  on<Pattern extends string>(
    methods: string | readonly string[],
    pattern: Pattern,
    handler: RouteHandler<PathParams<Pattern>, Deps, Env>,
  ): this;
  /**
   * Serves `target` under a static `prefix` (`/api`): another router's routes (copied now, their
   * patterns prefixed; the other router's `notFound` is not used), or any handler (e.g. `fromFetch(app)`),
   * which then gets every method at `prefix` and below. Handlers see the whole path in `event.path`.
   */
  mount(prefix: string, target: Router<Deps, Env> | RouteHandler<AnyPathParams, Deps, Env>): this;
  /** The handler to give `defineHandler` (or to call from yours for `http` events). Other event kinds are an error. */
  readonly handle: Handler<Deps, Env>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EMPTY_PARAMS: AnyPathParams = Object.freeze(emptyRecord<string>());

const NOT_FOUND_BODY = '{"error":"Not Found"}';
const METHOD_NOT_ALLOWED_BODY = '{"error":"Method Not Allowed"}';
const BAD_PATH_BODY = '{"error":"The request path has invalid percent-encoding"}';

function decodeValue(raw: string): string | undefined {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** The params of a matched route, each decoded once; undefined when one has invalid percent-encoding. */
function decodeParams<H>(route: Route<H>, values: readonly string[]): AnyPathParams | undefined {
  const params = emptyRecord<string | string[]>();
  const names = route.paramNames;
  const last = route.wildcard ? names.length - 1 : names.length;
  for (let index = 0; index < last; index++) {
    const value = decodeValue(values[index] as string);
    if (value === undefined) return undefined;
    params[names[index] as string] = value;
  }
  if (route.wildcard) {
    const rest = values[last] as string;
    const segments: string[] = [];
    let start = 0;
    for (;;) {
      const end = rest.indexOf("/", start);
      const value = decodeValue(end === -1 ? rest.slice(start) : rest.slice(start, end));
      if (value === undefined) return undefined;
      segments.push(value);
      if (end === -1) break;
      start = end + 1;
    }
    params[names[last] as string] = segments;
  }
  return params;
}

/** A GET route's result as a HEAD answer: the same status and headers, no body. */
function withoutBody(result: RouteResult): RouteResult {
  if (typeof result !== "object" || result === null) return result;
  if (isFetchResponse(result)) {
    if (result.body === null) return result;
    void result.body.cancel().catch(() => {});
    return new Response(null, { status: result.status, statusText: result.statusText, headers: result.headers });
  }
  if (result.body === undefined || result.body === null) return result;
  // Without a body the default status would become 204: keep the one the GET answer had.
  return { ...result, status: result.status ?? 200, body: null };
}

type AnyHandler = RouteHandler<AnyPathParams, unknown, unknown>;

class HttpRouter<Deps, Env> implements Router<Deps, Env> {
  readonly #trie = new RouteTrie<AnyHandler>();
  /** Every route as registered, for `mount`. */
  readonly #routes: Array<{ method: string; pattern: string; handler: AnyHandler }> = [];
  readonly #notFound: RouterOptions<Deps, Env>["notFound"];
  /** Scratch for the raw param values of one lookup: matching is synchronous. */
  readonly #values: string[] = [];

  constructor(options: RouterOptions<Deps, Env>) {
    if (options.notFound !== undefined && typeof options.notFound !== "function") {
      throw new TypeError("createRouter(): notFound must be a function");
    }
    this.#notFound = options.notFound;
  }

  #add(method: string, pattern: string, handler: unknown): this {
    if (typeof handler !== "function") throw new TypeError(`Route ${method} ${pattern}: the handler must be a function`);
    this.#trie.add(method, pattern, handler as AnyHandler);
    this.#routes.push({ method, pattern, handler: handler as AnyHandler });
    return this;
  }

  get<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    return this.#add("GET", pattern, handler);
  }
  head<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    return this.#add("HEAD", pattern, handler);
  }
  post<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    return this.#add("POST", pattern, handler);
  }
  put<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    return this.#add("PUT", pattern, handler);
  }
  patch<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    return this.#add("PATCH", pattern, handler);
  }
  delete<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    return this.#add("DELETE", pattern, handler);
  }
  options<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    return this.#add("OPTIONS", pattern, handler);
  }
  all<P extends string>(pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    return this.#add("*", pattern, handler);
  }

  on<P extends string>(methods: string | readonly string[], pattern: P, handler: RouteHandler<PathParams<P>, Deps, Env>): this {
    const list = typeof methods === "string" ? [methods] : methods;
    if (!Array.isArray(list) || list.length === 0) throw new TypeError("on(): give a method or a non-empty list of methods");
    for (const method of list) {
      if (typeof method !== "string" || !TOKEN.test(method)) throw new TypeError(`on(): ${JSON.stringify(method)} is not an HTTP method`);
      this.#add(method.toUpperCase(), pattern, handler);
    }
    return this;
  }

  mount(prefix: string, target: Router<Deps, Env> | RouteHandler<AnyPathParams, Deps, Env>): this {
    assertPrefix(prefix);
    if (typeof target === "function") {
      this.#add("*", prefix, target);
      return this.#add("*", `${prefix}/*`, target);
    }
    if (!(target instanceof HttpRouter)) throw new TypeError("mount() takes a router from createRouter() or a handler function");
    if (target === this) throw new TypeError("mount(): a router cannot mount itself");
    for (const route of target.#routes) this.#add(route.method, joinPrefix(prefix, route.pattern), route.handler);
    return this;
  }

  readonly handle: Handler<Deps, Env> = (event: FnEvent, ctx: Context<Deps, Env>) => {
    if (event.kind !== "http") {
      throw new TypeError(`The router handles http events, not ${event.kind} events: check event.kind before calling router.handle`);
    }
    const values = this.#values;
    const route = this.#trie.find(event.method, event.path, values);
    if (route === undefined) {
      if (this.#trie.lastPathMatched) return this.#unmatched(event);
      if (this.#notFound !== undefined) return this.#notFound(event, ctx);
      return { status: 404, headers: { "content-type": JSON_TYPE }, body: NOT_FOUND_BODY };
    }
    let params = EMPTY_PARAMS;
    if (route.paramNames.length > 0) {
      const decoded = decodeParams(route, values);
      if (decoded === undefined) return { status: 400, headers: { "content-type": JSON_TYPE }, body: BAD_PATH_BODY };
      params = decoded;
    }
    (event as { params?: AnyPathParams }).params = params;
    const result = route.handler(event as RouteEvent, ctx as Context<unknown, unknown>);
    if (event.method !== "HEAD" || route.method === "HEAD") return result;
    return result instanceof Promise ? result.then(withoutBody) : withoutBody(result);
  };

  /** A path some pattern matches, but not with this method: OPTIONS answers with `Allow`, anything else 405. */
  #unmatched(event: HttpEvent): HttpResponseInit {
    const allow = this.#trie.allowed(event.path).join(", ");
    if (event.method === "OPTIONS") return { status: 204, headers: { allow }, body: null };
    return { status: 405, headers: { "content-type": JSON_TYPE, allow }, body: METHOD_NOT_ALLOWED_BODY };
  }
}

/**
 * A router for `http` events: method + path patterns with typed params, 404, 405 with `Allow`, HEAD
 * from GET, OPTIONS. Give `router.handle` to `defineHandler`, or call it from your handler.
 *
 * ```ts
 * const router = createRouter()
 *   .get("/todos/:id", (event) => json({ id: event.params.id }));
 * export default defineHandler(router.handle);
 * ```
 */
export function createRouter<Deps = undefined, Env = DefaultEnv>(options: RouterOptions<Deps, Env> = {}): Router<Deps, Env> {
  return new HttpRouter(options);
}
