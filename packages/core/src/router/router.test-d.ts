import { describe, expectTypeOf, test } from "vitest";
import {
  type AnyPathParams,
  type App,
  type Context,
  createRouter,
  defineHandler,
  type HttpEvent,
  json,
  type PathParams,
  type RouteEvent,
} from "../index.ts";

describe("PathParams", () => {
  test("types each :param as a string and a wildcard as string[]", () => {
    expectTypeOf<PathParams<"/todos">>().toEqualTypeOf<Record<never, never>>();
    expectTypeOf<PathParams<"/todos/:id">>().toEqualTypeOf<{ readonly id: string }>();
    expectTypeOf<PathParams<"/users/:userId/todos/:todoId">>().toEqualTypeOf<{ readonly userId: string; readonly todoId: string }>();
    expectTypeOf<PathParams<"/files/*path">>().toEqualTypeOf<{ readonly path: string[] }>();
    expectTypeOf<PathParams<"/files/*">>().toEqualTypeOf<{ readonly "*": string[] }>();
    expectTypeOf<PathParams<"/u/:id/files/*rest">>().toEqualTypeOf<{ readonly id: string; readonly rest: string[] }>();
    expectTypeOf<PathParams<"/v1/things:batchGet">>().toEqualTypeOf<Record<never, never>>();
  });

  test("a pattern only known as string gives a loose record", () => {
    expectTypeOf<PathParams<string>>().toEqualTypeOf<AnyPathParams>();
  });
});

describe("route handlers", () => {
  test("get the params their pattern declares", () => {
    createRouter()
      .get("/todos/:id", (event) => {
        expectTypeOf(event.params).toEqualTypeOf<{ readonly id: string }>();
        expectTypeOf(event).toMatchTypeOf<HttpEvent>();
        // @ts-expect-error the pattern has no :name
        event.params.name;
        return json(event.params.id);
      })
      .post("/users/:userId/files/*path", (event) => {
        expectTypeOf(event.params.userId).toEqualTypeOf<string>();
        expectTypeOf(event.params.path).toEqualTypeOf<string[]>();
      })
      .on(["PROPFIND"], "/dav/:name", (event) => {
        expectTypeOf(event.params.name).toEqualTypeOf<string>();
      });
  });

  test("must return an http result", () => {
    createRouter()
      .get("/ok", async () => new Response("ok"))
      .get("/nothing", () => undefined)
      // @ts-expect-error a route cannot return a messages result
      .get("/bad", () => ({ failed: ["m1"] }))
      // @ts-expect-error nor a bare object
      .get("/bad2", () => 42);
  });

  test("get ctx typed with the router's Deps and Env", () => {
    createRouter<{ db: string }, { TABLE: string }>().get("/x", (_event, ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<Context<{ db: string }, { TABLE: string }>>();
      expectTypeOf(ctx.deps.db).toEqualTypeOf<string>();
      expectTypeOf(ctx.env.TABLE).toEqualTypeOf<string>();
    });
  });

  test("RouteEvent defaults to loose params", () => {
    expectTypeOf<RouteEvent["params"]>().toEqualTypeOf<AnyPathParams>();
  });
});

describe("router.handle is an ordinary handler", () => {
  test("given to defineHandler directly", () => {
    const app = defineHandler(createRouter().get("/", () => undefined).handle);
    expectTypeOf(app).toEqualTypeOf<App<undefined, Readonly<Record<string, string | undefined>>>>();
  });

  test("as the handle of { init, handle }, with the deps init returns", () => {
    const router = createRouter<{ greeting: string }>().get("/", (_event, ctx) => json(ctx.deps.greeting));
    const app = defineHandler({ init: () => ({ greeting: "hi" }), handle: router.handle });
    expectTypeOf(app).toEqualTypeOf<App<{ greeting: string }, Readonly<Record<string, string | undefined>>>>();
  });

  test("init must return what the router's handlers expect", () => {
    const router = createRouter<{ greeting: string }>();
    // @ts-expect-error init returns no greeting
    defineHandler({ init: () => ({ other: 1 }), handle: router.handle });
  });

  test("mount takes routers and handlers with the same Deps", () => {
    const child = createRouter<{ a: number }>();
    createRouter<{ a: number }>().mount("/child", child);
    // @ts-expect-error the child expects other deps
    createRouter<{ b: number }>().mount("/child", child);
  });
});
