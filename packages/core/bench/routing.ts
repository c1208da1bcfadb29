// Routing among 50 routes: fnport's router beside Hono's routers, CPU time in paired rounds of the same run.
// Run: `pnpm --filter @fnport/core bench:routing [--quick] [--json FILE]`; `runRoutingBench()` is what `pnpm bench` calls.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Context } from "@fnport/core";
import { createHttpEvent } from "@fnport/core/adapter";
import { LinearRouter } from "hono/router/linear-router";
import { PatternRouter } from "hono/router/pattern-router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { RouteTrie } from "../src/router/_trie.ts";
import { createRouter } from "../src/router/router.ts";

type RouteList = ReadonlyArray<readonly [method: string, pattern: string]>;
type RequestList = ReadonlyArray<readonly [method: string, path: string, route: string | undefined]>;

/**
 * A REST API's 50 routes, as fnport patterns (Hono's are the same with a bare `*`). No static segment
 * shares a position with a param for the same method, so Hono's RegExpRouter can route them: it is
 * what `new Hono()` (SmartRouter) picks here, and Hono's fastest.
 */
export const ROUTES: RouteList = [
  ["GET", "/"],
  ["GET", "/health"],
  ["GET", "/version"],
  ["GET", "/docs"],
  ["GET", "/search"],
  ["GET", "/me"],
  ["GET", "/users"],
  ["POST", "/users"],
  ["GET", "/users/:id"],
  ["PATCH", "/users/:id"],
  ["DELETE", "/users/:id"],
  ["GET", "/users/:id/todos"],
  ["POST", "/users/:id/todos"],
  ["GET", "/users/:id/todos/:todoId"],
  ["PUT", "/users/:id/todos/:todoId"],
  ["DELETE", "/users/:id/todos/:todoId"],
  ["GET", "/todos"],
  ["POST", "/todos"],
  ["GET", "/todos/:id"],
  ["PUT", "/todos/:id"],
  ["PATCH", "/todos/:id"],
  ["DELETE", "/todos/:id"],
  ["GET", "/todos/:id/comments"],
  ["POST", "/todos/:id/comments"],
  ["GET", "/todos/:id/comments/:commentId"],
  ["DELETE", "/todos/:id/comments/:commentId"],
  ["GET", "/orgs"],
  ["POST", "/orgs"],
  ["GET", "/orgs/:orgId"],
  ["GET", "/orgs/:orgId/members"],
  ["POST", "/orgs/:orgId/members"],
  ["DELETE", "/orgs/:orgId/members/:userId"],
  ["GET", "/orgs/:orgId/projects"],
  ["POST", "/orgs/:orgId/projects"],
  ["GET", "/orgs/:orgId/projects/:projectId"],
  ["PATCH", "/orgs/:orgId/projects/:projectId"],
  ["GET", "/orgs/:orgId/projects/:projectId/tasks"],
  ["POST", "/orgs/:orgId/projects/:projectId/tasks"],
  ["GET", "/orgs/:orgId/projects/:projectId/tasks/:taskId"],
  ["GET", "/tags"],
  ["GET", "/tags/:tag"],
  ["POST", "/auth/login"],
  ["POST", "/auth/logout"],
  ["POST", "/auth/refresh"],
  ["GET", "/auth/callback"],
  ["GET", "/admin/stats"],
  ["GET", "/admin/users"],
  ["POST", "/webhooks/stripe"],
  ["POST", "/webhooks/github"],
  ["GET", "/files/*path"],
];

/** The requests each pass sends, in order: static, params at several depths, encoded, a wildcard, a miss. */
export const REQUESTS: RequestList = [
  ["GET", "/health", "/health"],
  ["GET", "/me", "/me"],
  ["GET", "/users/u-123", "/users/:id"],
  ["PUT", "/users/u-123/todos/t-456", "/users/:id/todos/:todoId"],
  ["DELETE", "/todos/t-9/comments/c-1", "/todos/:id/comments/:commentId"],
  ["GET", "/orgs/acme/projects/p-1/tasks/t-7", "/orgs/:orgId/projects/:projectId/tasks/:taskId"],
  ["GET", "/tags/caf%C3%A9", "/tags/:tag"],
  ["POST", "/webhooks/github", "/webhooks/github"],
  ["GET", "/files/docs/a/readme.md", "/files/*path"],
  ["GET", "/nothing/here", undefined],
];

/**
 * The same API with `/users/me` beside `/users/:id` (a static segment where a param also matches):
 * Hono's RegExpRouter rejects that set, so `new Hono()` falls back to its TrieRouter.
 */
export const OVERLAP_ROUTES: RouteList = ROUTES.map(([method, pattern]) => [method, pattern === "/me" ? "/users/me" : pattern] as const);
export const OVERLAP_REQUESTS: RequestList = REQUESTS.map(([method, path, route]) =>
  path === "/me" ? ([method, "/users/me", "/users/me"] as const) : [method, path, route],
);

/** One way to route a request. */
interface Subject {
  name: string;
  metric: string;
  /** What the subject does per request. */
  what: string;
  /** Routes every request once; returns a checksum, so nothing is optimised away. */
  run(): number;
  /** The pattern it routes a request to, to check every subject agrees before timing. */
  routeOf(method: string, path: string): string | undefined;
}

const ctx = { requestId: "bench" } as unknown as Context<unknown, unknown>;
const honoPattern = (pattern: string): string => pattern.replace(/\*\w+$/, "*");

function fnportSubjects(routes: RouteList, requests: RequestList, metric: string): Subject[] {
  const router = createRouter<unknown, unknown>();
  const trie = new RouteTrie<string>();
  for (const [method, pattern] of routes) {
    router.on(method, pattern, () => pattern as never);
    trie.add(method, pattern, pattern);
  }
  const events = requests.map(([method, path]) => createHttpEvent({ method, path, headers: {}, raw: null }));
  const handle = router.handle;
  const values: string[] = [];
  return [
    {
      name: "fnport",
      metric,
      what: "router.handle(): match, decode the params onto event.params, call the route's handler (a miss builds the 404)",
      run() {
        let sum = 0;
        for (const event of events) {
          const result: unknown = handle(event, ctx);
          sum += typeof result === "string" ? result.length : 1;
        }
        return sum;
      },
      routeOf(method, path) {
        const result: unknown = handle(createHttpEvent({ method, path, headers: {}, raw: null }), ctx);
        return typeof result === "string" ? result : undefined;
      },
    },
    {
      name: "fnport-match",
      metric: `${metric}.match`,
      what: "the route trie's find() alone: the route and the raw param values",
      run() {
        let sum = 0;
        for (const [method, path] of requests) sum += trie.find(method, path, values)?.handler.length ?? 0;
        return sum;
      },
      routeOf: (method, path) => trie.find(method, path, values)?.handler,
    },
  ];
}

interface HonoRouterLike {
  add(method: string, path: string, handler: string): void;
  match(method: string, path: string): [Array<[string, Record<string, unknown>]>, unknown[]?];
}

/** Reads every param as Hono's `c.req.param()` does: from the stash by index (RegExpRouter) or directly; decoded when it has `%`. */
function honoParams(result: ReturnType<HonoRouterLike["match"]>): number {
  const [handlers, stash] = result;
  let length = 0;
  for (const [, map] of handlers) {
    for (const key in map) {
      const raw = stash ? (stash[map[key] as number] as string) : (map[key] as string);
      length += (raw.includes("%") ? decodeURIComponent(raw) : raw).length;
    }
  }
  return length;
}

const HONO_ROUTERS: ReadonlyArray<readonly [name: string, create: () => unknown]> = [
  ["hono-regexp", () => new RegExpRouter()],
  ["hono-smart", () => new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] })],
  ["hono-trie", () => new TrieRouter()],
  ["hono-pattern", () => new PatternRouter()],
  ["hono-linear", () => new LinearRouter()],
];

function honoSubjects(routes: RouteList, requests: RequestList, metric: string, names: readonly string[]): Subject[] {
  const subjects: Subject[] = [];
  for (const [name, create] of HONO_ROUTERS) {
    if (!names.includes(name)) continue;
    const router = create() as HonoRouterLike;
    for (const [method, pattern] of routes) router.add(method, honoPattern(pattern), pattern);
    const routeOf = (method: string, path: string) => router.match(method, path)[0][0]?.[0];
    subjects.push({
      name,
      metric,
      what: "match() and every param read and decoded as c.req.param() does",
      run() {
        let sum = 0;
        for (const [method, path] of requests) {
          const result = router.match(method, path);
          sum += (result[0][0]?.[0].length ?? 0) + honoParams(result);
        }
        return sum;
      },
      routeOf,
    });
    subjects.push({
      name: `${name}-match`,
      metric: `${metric}.match`,
      what: "match() alone (params left raw)",
      run() {
        let sum = 0;
        for (const [method, path] of requests) sum += router.match(method, path)[0].length;
        return sum;
      },
      routeOf,
    });
  }
  return subjects;
}

/** Every subject must route every request to the same pattern before anything is timed. */
function checkSameRoutes(subjects: readonly Subject[], requests: RequestList): void {
  for (const subject of subjects) {
    for (const [method, path, expected] of requests) {
      const routed = subject.routeOf(method, path);
      if (routed !== expected) throw new Error(`${subject.name}: ${method} ${path} routed to ${routed}, expected ${expected}`);
    }
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** CPU time (user + system, µs resolution) rather than wall time: on a shared machine a batch is often descheduled. */
function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** Nanoseconds of CPU per request over one batch of `passes` over the requests. */
function timeBatch(subject: Subject, passes: number, requestsPerPass: number): number {
  let sink = 0;
  const start = cpuMicros();
  for (let i = 0; i < passes; i++) sink += subject.run();
  const elapsed = (cpuMicros() - start) * 1000;
  if (sink === Number.MIN_VALUE) console.log(sink);
  return elapsed / (passes * requestsPerPass);
}

/** Passes that take about `targetMs` of CPU for this subject (also its warm-up). */
function calibrate(subject: Subject, targetMs: number): number {
  let passes = 100;
  for (;;) {
    const start = cpuMicros();
    for (let i = 0; i < passes; i++) subject.run();
    const elapsedMs = (cpuMicros() - start) / 1000;
    if (elapsedMs >= 20) return Math.max(10, Math.round((passes * targetMs) / elapsedMs));
    passes *= 2;
  }
}

/** A row of `pnpm bench --json`. */
export interface RoutingResult {
  provider: "routing";
  subject: string;
  /** `route.50` (match + params), `route.50.match` (match alone); `route.50-overlap[.match]` for the overlapping set. */
  metric: string;
  value: number;
  unit: "ns/op";
  /** The baseline's value: Hono's router `new Hono()` uses for the route set, measured in the same pairs. */
  baseline: number;
  /** The median of the per-round ratios (subject / baseline). */
  ratio: number;
  /** The interquartile range of the per-round ratios. */
  spread: [number, number];
  runs: number;
  baselineSubject: string;
  what: string;
}

/** Options of `runRoutingBench`. */
export interface RoutingBenchOptions {
  /** Paired rounds per subject (default 41, 11 when quick). */
  rounds?: number;
  /** CPU milliseconds per timed batch (default 10, 5 when quick): short, so both batches of a pair see the same machine. */
  batchMs?: number;
  quick?: boolean;
}

function pairedRows(
  subjects: readonly Subject[],
  baselineName: string,
  requestsPerPass: number,
  rounds: number,
  batchMs: number,
): RoutingResult[] {
  const passes = new Map(subjects.map((subject) => [subject, calibrate(subject, batchMs)]));
  const time = (subject: Subject) => timeBatch(subject, passes.get(subject) as number, requestsPerPass);
  const rows: RoutingResult[] = [];
  for (const subject of subjects) {
    const matchOnly = subject.name.endsWith("-match");
    const baseline = subjects.find((one) => one.name === (matchOnly ? `${baselineName}-match` : baselineName)) as Subject;
    const own: number[] = [];
    const base: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // The order alternates: neither side always runs first.
      if (round % 2 === 0) {
        own.push(time(subject));
        base.push(time(baseline));
      } else {
        base.push(time(baseline));
        own.push(time(subject));
      }
    }
    const ratios = own.map((value, index) => value / (base[index] as number)).sort((a, b) => a - b);
    const quartile = (q: number) => Number((ratios[Math.round((ratios.length - 1) * q)] as number).toFixed(3));
    rows.push({
      provider: "routing",
      subject: subject.name,
      metric: subject.metric,
      value: Number(median(own).toFixed(1)),
      unit: "ns/op",
      baseline: Number(median(base).toFixed(1)),
      ratio: Number(median(ratios).toFixed(3)),
      spread: [quartile(0.25), quartile(0.75)],
      runs: rounds,
      baselineSubject: baseline.name,
      what: subject.what,
    });
  }
  return rows;
}

/**
 * Times each subject's CPU time per request against a baseline in paired rounds (the two batches back
 * to back, order alternating, so load from other processes falls on both). Two route sets:
 * `route.50` against Hono's RegExpRouter (all five Hono routers shown), and `route.50-overlap`
 * against `new Hono()`'s SmartRouter, which falls back to its TrieRouter there.
 */
export function runRoutingBench(options: RoutingBenchOptions = {}): RoutingResult[] {
  const quick = options.quick === true;
  const rounds = options.rounds ?? (quick ? 11 : 41);
  const batchMs = options.batchMs ?? (quick ? 5 : 10);
  const main = [
    ...fnportSubjects(ROUTES, REQUESTS, "route.50"),
    ...honoSubjects(
      ROUTES,
      REQUESTS,
      "route.50",
      HONO_ROUTERS.map(([name]) => name),
    ),
  ];
  const overlap = [
    ...fnportSubjects(OVERLAP_ROUTES, OVERLAP_REQUESTS, "route.50-overlap"),
    ...honoSubjects(OVERLAP_ROUTES, OVERLAP_REQUESTS, "route.50-overlap", ["hono-smart", "hono-trie"]),
  ];
  checkSameRoutes(main, REQUESTS);
  checkSameRoutes(overlap, OVERLAP_REQUESTS);
  return [
    ...pairedRows(main, "hono-regexp", REQUESTS.length, rounds, batchMs),
    ...pairedRows(overlap, "hono-smart", OVERLAP_REQUESTS.length, rounds, batchMs),
  ];
}

function printTable(results: readonly RoutingResult[]): void {
  console.log(`Routing ${REQUESTS.length} requests among ${ROUTES.length} routes, CPU ns per request (${process.version})\n`);
  console.log("| metric | subject | ns/request | baseline | baseline ns | × baseline | spread |\n|---|---|---|---|---|---|---|");
  for (const row of results) {
    console.log(
      `| ${row.metric} | ${row.subject} | ${row.value} | ${row.baselineSubject} | ${row.baseline} | ${row.ratio} | ${row.spread.join("–")} |`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { json: { type: "string" }, quick: { type: "boolean" } } });
  const results = runRoutingBench({ quick: values.quick === true });
  printTable(results);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ results }, null, 2)}\n`);
}
