// fnport's router as an app uses it: `router.handle(event, ctx)`, each route's handler returning what it matched.
import { type Context, createRouter, type HttpEvent, type RouteEvent } from "@fnport/core";
import type { CreateMatcher } from "../routes.ts";

const ctx = {} as Context<unknown, unknown>;

const createMatcher: CreateMatcher = (routes) => {
  const router = createRouter<unknown, unknown>();
  routes.forEach((r, i) => {
    router.on(r.method, r.pattern, (event: RouteEvent) => ({ route: i, params: event.params }) as never);
  });
  return (method, path) => {
    // The fields the router reads: building the whole event is the adapter's cost, measured elsewhere.
    const event = { kind: "http", method, path } as HttpEvent;
    const result = router.handle(event, ctx) as unknown as { route?: number; params: Record<string, string> };
    return result.route === undefined ? undefined : { route: result.route, params: result.params };
  };
};

export default createMatcher;
