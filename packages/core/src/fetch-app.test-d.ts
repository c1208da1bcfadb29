import { Hono } from "hono";
import { AutoRouter, Router } from "itty-router";
import { describe, expectTypeOf, test } from "vitest";
import { type App, type Context, contextOf, createRouter, defineHandler, type FetchAppHandler, fromFetch } from "./index.ts";

type ProcessEnv = Readonly<Record<string, string | undefined>>;

describe("fromFetch", () => {
  test("takes Hono, itty-router and plain fetch functions", () => {
    expectTypeOf(fromFetch(new Hono())).toEqualTypeOf<FetchAppHandler<undefined, ProcessEnv>>();
    fromFetch(new Hono().fetch);
    fromFetch(Router());
    fromFetch(AutoRouter());
    fromFetch((request: Request) => new Response(request.url));
    fromFetch(async () => new Response(null));
    // @ts-expect-error a fetch must return a Response
    fromFetch(() => "text");
    // @ts-expect-error an app without fetch
    fromFetch({ handle: () => new Response(null) });
  });

  test("is an ordinary handler for defineHandler", () => {
    expectTypeOf(defineHandler(fromFetch(new Hono()))).toEqualTypeOf<App<undefined, ProcessEnv>>();
  });

  test("takes the deps and bindings types", () => {
    type Bindings = { TODOS: { get(key: string): Promise<string | null> } };
    const hono = new Hono<{ Bindings: Bindings }>();
    const app = defineHandler({ init: () => ({ db: "x" }), handle: fromFetch<{ db: string }, Bindings>(hono) });
    expectTypeOf(app).toEqualTypeOf<App<{ db: string }, Bindings>>();
  });

  test("fits a route, a mount and notFound", () => {
    const legacy = fromFetch(new Hono());
    createRouter({ notFound: legacy }).get("/x/*", legacy).mount("/legacy", legacy);
  });
});

describe("contextOf", () => {
  test("returns the fnport context, typed as asked", () => {
    expectTypeOf(contextOf(new Request("https://x"))).toEqualTypeOf<Context<unknown, ProcessEnv>>();
    expectTypeOf(contextOf<{ db: string }>(new Request("https://x")).deps.db).toEqualTypeOf<string>();
  });
});
