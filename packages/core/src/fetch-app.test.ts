import { H3 } from "h3";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { AutoRouter, Router } from "itty-router";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  type Context,
  contextOf,
  createRouter,
  defineHandler,
  forEachMessage,
  fromFetch,
  HttpError,
  InvalidBodyError,
  json,
} from "./index.ts";
import { errorResponse } from "./runner.ts";
import { httpEvent, invoke, messagesEvent, scheduleEvent } from "./testing.ts";

const JSON_TYPE = "application/json; charset=utf-8";
type LogLine = Record<string, unknown>;

function todosApp() {
  return new Hono()
    .get("/todos/:id", (c) => c.json({ id: c.req.param("id"), env: (c.env as Record<string, string>).TABLE }))
    .post("/todos", async (c) => c.json(await c.req.json(), 201))
    .get("/missing/:id", (c) => {
      throw new HttpError(404, `todo ${c.req.param("id")} not found`, {
        headers: { "x-reason": "gone" },
        details: { id: c.req.param("id") },
      });
    })
    .get("/crash", () => {
      throw new Error("database is down");
    });
}

describe("fromFetch(app) with Hono", () => {
  // Built in each test, not at import: a fromFetch that throws then fails the tests, not the file's collection.
  const app = () => defineHandler(fromFetch(todosApp()));

  test("routes the request and sends Hono's Response", async () => {
    const response = await invoke(app(), httpEvent({ path: "/todos/7?x=1" }), { env: { TABLE: "todos" } });
    expect(response).toMatchObject({ status: 200, headers: { "content-type": "application/json" }, body: '{"id":"7","env":"todos"}' });
  });

  test("gives Hono the request body", async () => {
    const response = await invoke(app(), httpEvent({ method: "POST", path: "/todos", body: { title: "milk" } }));
    expect(response).toMatchObject({ status: 201, body: '{"title":"milk"}' });
  });

  test("an HttpError thrown in a route keeps its status, headers and JSON body, with no onError", async () => {
    const logs: LogLine[] = [];
    const response = await invoke(app(), httpEvent({ path: "/missing/9" }), { logs });
    expect(response).toMatchObject({
      status: 404,
      headers: { "content-type": JSON_TYPE, "x-reason": "gone" },
      cookies: [],
      body: '{"error":"todo 9 not found","id":"9"}',
    });
    expect(logs).toEqual([]);
  });

  test("an HttpError thrown in Hono middleware keeps its answer too, with the headers set before it", async () => {
    const hono = new Hono()
      .use(async (c, next) => {
        c.header("x-request", "seen");
        if (c.req.header("authorization") === undefined) throw new HttpError(401, "Sign in", { headers: { "www-authenticate": "Bearer" } });
        await next();
      })
      .get("/", (c) => c.text("in"));
    const response = await invoke(defineHandler(fromFetch(hono)), httpEvent());
    expect(response).toMatchObject({
      status: 401,
      headers: { "content-type": JSON_TYPE, "www-authenticate": "Bearer", "x-request": "seen" },
      body: '{"error":"Sign in"}',
    });
  });

  test("an InvalidBodyError from a schema keeps its issues", async () => {
    const hono = new Hono().post("/", async (c) => {
      const parsed = z.object({ title: z.string() }).safeParse(await c.req.json());
      if (!parsed.success) throw new InvalidBodyError("Invalid body", [{ path: "title", message: "Required" }]);
      return c.json(parsed.data);
    });
    const response = await invoke(defineHandler(fromFetch(hono)), httpEvent({ method: "POST", body: {} }));
    expect(response).toMatchObject({ status: 400, body: '{"error":"Invalid body","issues":[{"path":"title","message":"Required"}]}' });
  });

  test("any other throw is Hono's to answer: its text 500 (its console.error, not a fnport log line)", async () => {
    const logs: LogLine[] = [];
    const original = console.error;
    const printed: unknown[] = [];
    console.error = (...args: unknown[]) => void printed.push(args[0]);
    try {
      const response = await invoke(app(), httpEvent({ path: "/crash" }), { logs });
      expect(response).toMatchObject({
        status: 500,
        headers: { "content-type": "text/plain; charset=UTF-8" },
        body: "Internal Server Error",
      });
    } finally {
      console.error = original;
    }
    expect(logs).toEqual([]);
    expect(printed).toEqual([new Error("database is down")]);
  });

  test("with .onError((error) => { throw error }), fnport answers any throw: a JSON 500 and one log line with the request id", async () => {
    const hono = todosApp().onError((error) => {
      throw error;
    });
    const logs: LogLine[] = [];
    const response = await invoke(defineHandler(fromFetch(hono)), httpEvent({ path: "/crash" }), { logs, requestId: "req-1" });
    expect(response).toMatchObject({ status: 500, headers: { "content-type": JSON_TYPE }, body: '{"error":"Internal Server Error"}' });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: "error",
      message: "http handler failed",
      requestId: "req-1",
      error: { message: "database is down" },
    });
    const notFound = await invoke(defineHandler(fromFetch(hono)), httpEvent({ path: "/missing/3" }));
    expect(notFound).toMatchObject({ status: 404, body: '{"error":"todo 3 not found","id":"3"}' });
  });

  test("the app's own onError still decides", async () => {
    const hono = todosApp().onError((error, c) => c.json({ message: error.message }, 418));
    const response = await invoke(defineHandler(fromFetch(hono)), httpEvent({ path: "/missing/1" }));
    expect(response).toMatchObject({ status: 418, body: '{"message":"todo 1 not found"}' });
  });

  test("Hono's own HTTPException is still Hono's", async () => {
    const hono = new Hono().get("/", () => {
      throw new HTTPException(403, { message: "no" });
    });
    expect(await invoke(defineHandler(fromFetch(hono)), httpEvent())).toMatchObject({ status: 403, body: "no" });
  });

  test("contextOf(c.req.raw) is the invocation's ctx: log lines carry the request id", async () => {
    const logs: LogLine[] = [];
    let seen: Context<unknown, unknown> | undefined;
    const hono = new Hono().get("/", (c) => {
      const ctx = contextOf(c.req.raw);
      seen = ctx;
      ctx.log.info("listing", { count: 2 });
      return c.text(ctx.requestId);
    });
    const response = await invoke(defineHandler(fromFetch(hono)), httpEvent(), { logs, requestId: "abc-123" });
    expect(response.body).toBe("abc-123");
    expect(seen?.provider).toBe("test");
    expect(logs).toEqual([expect.objectContaining({ level: "info", message: "listing", requestId: "abc-123", count: 2 })]);
  });

  test("contextOf gives ctx.deps from init", async () => {
    const hono = new Hono().get("/", (c) => c.text(contextOf<{ greeting: string }>(c.req.raw).deps.greeting));
    const app = defineHandler({ init: () => ({ greeting: "hi" }), handle: fromFetch<{ greeting: string }>(hono) });
    expect((await invoke(app, httpEvent())).body).toBe("hi");
  });

  test("c.executionCtx.waitUntil is ctx.waitUntil: the work finishes before the invocation returns", async () => {
    const order: string[] = [];
    const hono = new Hono().get("/", (c) => {
      c.executionCtx.waitUntil(
        new Promise<void>((resolve) =>
          setTimeout(() => {
            order.push("background work");
            resolve();
          }, 20),
        ),
      );
      order.push("response");
      return c.text("ok");
    });
    await invoke(defineHandler(fromFetch(hono)), httpEvent());
    order.push("invocation returned");
    expect(order).toEqual(["response", "background work", "invocation returned"]);
  });

  test("a rejected waitUntil promise is logged with the request id", async () => {
    const logs: LogLine[] = [];
    const hono = new Hono().get("/", (c) => {
      c.executionCtx.waitUntil(Promise.reject(new Error("audit failed")));
      return c.text("ok");
    });
    const response = await invoke(defineHandler(fromFetch(hono)), httpEvent(), { logs, requestId: "r-9" });
    expect(response.status).toBe(200);
    expect(logs).toEqual([
      expect.objectContaining({
        message: "waitUntil promise rejected",
        requestId: "r-9",
        error: expect.objectContaining({ message: "audit failed" }),
      }),
    ]);
  });

  test("c.executionCtx has props ({} off Workers) and a passThroughOnException that does nothing", async () => {
    const hono = new Hono().get("/", (c) => {
      c.executionCtx.passThroughOnException();
      return c.json(c.executionCtx.props);
    });
    expect((await invoke(defineHandler(fromFetch(hono)), httpEvent())).body).toBe("{}");
  });
});

describe("fromFetch beside the other event kinds and the router", () => {
  test("one defineHandler: Hono for http, forEachMessage for queues", async () => {
    const http = fromFetch(new Hono().get("/", (c) => c.text("from hono")));
    const seen: string[] = [];
    const app = defineHandler((event, ctx) => {
      if (event.kind === "http") return http(event, ctx);
      if (event.kind === "messages") return forEachMessage(event, async (message) => void seen.push(await message.text()));
    });
    expect((await invoke(app, httpEvent())).body).toBe("from hono");
    expect(await invoke(app, messagesEvent({ messages: [{ body: "m1" }] }))).toEqual({ failed: [] });
    expect(seen).toEqual(["m1"]);
  });

  test("given another kind directly, it throws a clear error", async () => {
    const logs: LogLine[] = [];
    await expect(invoke(defineHandler(fromFetch(new Hono())), scheduleEvent(), { logs })).rejects.toThrow(
      new TypeError("fromFetch() handles http events, not schedule events: check event.kind before calling it"),
    );
  });

  test("mounted under a prefix of fnport's router, and as its notFound", async () => {
    const legacy = new Hono().get("/legacy/report/:year", (c) => c.text(`report ${c.req.param("year")}`));
    const fallback = new Hono().all("*", (c) => c.text(`hono got ${c.req.path}`, 404));
    const router = createRouter({ notFound: fromFetch(fallback) })
      .get("/todos", () => json([]))
      .mount("/legacy", fromFetch(legacy));
    const app = defineHandler(router.handle);
    expect((await invoke(app, httpEvent({ path: "/todos" }))).body).toBe("[]");
    expect((await invoke(app, httpEvent({ path: "/legacy/report/2025" }))).body).toBe("report 2025");
    expect(await invoke(app, httpEvent({ path: "/elsewhere" }))).toMatchObject({ status: 404, body: "hono got /elsewhere" });
  });
});

describe("fromFetch with itty-router and plain fetch functions", () => {
  test("itty-router's Router lets an HttpError through to fnport", async () => {
    const router = Router().get("/items/:id", ({ params }) => {
      throw new HttpError(404, `item ${params.id} not found`);
    });
    expect(await invoke(defineHandler(fromFetch(router)), httpEvent({ path: "/items/4" }))).toMatchObject({
      status: 404,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"item 4 not found"}',
    });
  });

  test("itty-router's AutoRouter answers errors itself; with catch rethrowing, fnport does", async () => {
    const throwing = ({ params }: { params: Record<string, string> }) => {
      throw new HttpError(404, `item ${params.id} not found`);
    };
    const auto = AutoRouter().get("/items/:id", throwing);
    expect(await invoke(defineHandler(fromFetch(auto)), httpEvent({ path: "/items/4" }))).toMatchObject({
      status: 404,
      body: '{"status":404,"error":"item 4 not found","name":"HttpError","headers":{},"details":{}}',
    });
    const rethrowing = AutoRouter({
      catch: (error) => {
        throw error;
      },
    }).get("/items/:id", throwing);
    expect(await invoke(defineHandler(fromFetch(rethrowing)), httpEvent({ path: "/items/4" }))).toMatchObject({
      status: 404,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"item 4 not found"}',
    });
  });

  test("itty-router's Router with no matching route (it resolves to nothing) is a 404", async () => {
    const router = Router().get("/items", () => new Response("items"));
    expect(await invoke(defineHandler(fromFetch(router)), httpEvent({ path: "/nope" }))).toMatchObject({
      status: 404,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"Not Found"}',
    });
  });

  test("itty-router gets ctx.env and the execution context as its extra arguments", async () => {
    const router = Router().get("/", (request, env: { NAME: string }, executionCtx: { waitUntil: unknown }) =>
      Response.json({ name: env.NAME, requestId: contextOf(request).requestId, hasWaitUntil: typeof executionCtx.waitUntil }),
    );
    const response = await invoke(defineHandler(fromFetch(router)), httpEvent(), { env: { NAME: "itty" }, requestId: "i-1" });
    expect(response.json()).toEqual({ name: "itty", requestId: "i-1", hasWaitUntil: "function" });
  });

  test("a plain fetch function works, sync or async", async () => {
    const sync = fromFetch((request) => new Response(new URL(request.url).pathname));
    const async = fromFetch(async (request) => new Response(request.method));
    expect((await invoke(defineHandler(sync), httpEvent({ path: "/a%20b" }))).body).toBe("/a%20b");
    expect((await invoke(defineHandler(async), httpEvent({ method: "PUT" }))).body).toBe("PUT");
  });

  test("a fetch that returns something other than a Response is a logged 500", async () => {
    const logs: LogLine[] = [];
    const app = defineHandler(fromFetch(async () => ({ status: 200 }) as unknown as Response));
    expect(await invoke(app, httpEvent(), { logs })).toMatchObject({ status: 500, body: '{"error":"Internal Server Error"}' });
    expect(logs[0]).toMatchObject({
      message: "http handler failed",
      error: { name: "TypeError", message: "fromFetch(): the app's fetch returned an object, expected a Response" },
    });
  });

  test.each([
    ["{}", {}],
    ["null", null],
    ["undefined", undefined],
    ["a string", "https://example.com"],
    ["an object whose fetch is not a function", { fetch: "no" }],
  ])("rejects %s: it has no fetch", (_name, app) => {
    expect(() => fromFetch(app as never)).toThrow(
      new TypeError("fromFetch() takes a fetch function (request, env, ctx) => Response, or an app with a fetch method"),
    );
  });

  test("an app object's fetch is called on the object, with the request, env and execution context", async () => {
    const app = {
      prefix: "obj",
      fetch(
        this: { prefix: string },
        request: Request,
        env: Readonly<Record<string, string | undefined>>,
        executionCtx: { props: unknown },
      ) {
        return new Response(`${this.prefix} ${request.method} ${env.NAME} ${JSON.stringify(executionCtx.props)}`);
      },
    };
    const response = await invoke(defineHandler(fromFetch(app)), httpEvent({ method: "DELETE" }), { env: { NAME: "n" } });
    expect(response.body).toBe("obj DELETE n {}");
  });

  test("a fetch that resolves to null is a 404, as one that resolves to nothing", async () => {
    const response = await invoke(defineHandler(fromFetch(() => null as unknown as Response)), httpEvent());
    expect(response).toMatchObject({ status: 404, headers: { "content-type": JSON_TYPE }, body: '{"error":"Not Found"}' });
  });

  test.each([
    ["an array", []],
    ["string", "ok"],
    ["number", 200],
    // A function is no Response, even one with an arrayBuffer method.
    ["function", Object.assign(() => undefined, { arrayBuffer: async () => new ArrayBuffer(0) })],
  ])("a fetch that returns %s is a logged 500 naming it", async (named, returned) => {
    const logs: LogLine[] = [];
    const app = defineHandler(fromFetch(() => returned as unknown as Response));
    expect(await invoke(app, httpEvent(), { logs })).toMatchObject({ status: 500, body: '{"error":"Internal Server Error"}' });
    expect(logs).toMatchObject([
      {
        message: "http handler failed",
        error: { name: "TypeError", message: `fromFetch(): the app's fetch returned ${named}, expected a Response` },
      },
    ]);
  });

  test("contextOf a request fromFetch did not hand out throws", () => {
    expect(() => contextOf(new Request("https://example.com/"))).toThrow(
      new TypeError("contextOf(): this request did not come from fromFetch() (in Hono, pass c.req.raw, not c.req)"),
    );
  });
});

describe("fromFetch with h3 (v2)", () => {
  const throwing = (event: { context: { params?: Record<string, string> } }) => {
    throw new HttpError(409, `todo ${event.context.params?.id} changed`, { headers: { "x-version": "3" } });
  };

  test("routes with params and gets the body", async () => {
    const app = new H3().post("/todos/:id", async (event) => ({ id: event.context.params?.id, body: await event.req.json() }));
    const response = await invoke(defineHandler(fromFetch(app)), httpEvent({ method: "POST", path: "/todos/5", body: { done: true } }));
    expect(response).toMatchObject({ status: 200, body: '{"id":"5","body":{"done":true}}' });
  });

  test("an HttpError keeps its status and headers; the body is h3's", async () => {
    const app = new H3({ silent: true }).get("/todos/:id", throwing);
    expect(await invoke(defineHandler(fromFetch(app)), httpEvent({ path: "/todos/5" }))).toMatchObject({
      status: 409,
      headers: { "content-type": "application/json;charset=UTF-8", "x-version": "3" },
      body: '{"status":409,"unhandled":true,"message":"HTTPError"}',
    });
  });

  test("with onError answering error.cause.getResponse(), the body is fnport's", async () => {
    const app = new H3({
      silent: true,
      onError: (error) => (error.cause instanceof HttpError ? error.cause.getResponse() : undefined),
    }).get("/todos/:id", throwing);
    expect(await invoke(defineHandler(fromFetch(app)), httpEvent({ path: "/todos/5" }))).toMatchObject({
      status: 409,
      headers: { "content-type": JSON_TYPE, "x-version": "3" },
      body: '{"error":"todo 5 changed"}',
    });
  });
});

describe("HttpError.getResponse()", () => {
  test("is the answer fnport's runner sends for the same error: status, headers, cookies, body", async () => {
    const error = new HttpError(429, "Slow down", {
      headers: { "retry-after": 30, "set-cookie": ["a=1", "b=2"], "content-type": "text/plain" },
      details: { error: "ignored", limit: 10 },
    });
    const response = error.getResponse();
    const runner = errorResponse(error);
    expect(response.status).toBe(runner.status);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name !== "set-cookie"))).toEqual(runner.headers);
    expect(response.headers.getSetCookie()).toEqual(runner.cookies);
    expect(await response.text()).toBe(runner.body);
    expect(runner.body).toBe('{"error":"Slow down","limit":10}');
  });

  test("a header fnport cannot send throws, as it does for the runner", () => {
    expect(() => new HttpError(400, "x", { headers: { "x-bad": "a\r\nb" } }).getResponse()).toThrow(TypeError);
  });
});
