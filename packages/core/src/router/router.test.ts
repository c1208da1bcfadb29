import { describe, expect, test } from "vitest";
import {
  createRouter,
  defineHandler,
  forEachMessage,
  type Handler,
  HttpError,
  json,
  type RouteEvent,
  type Router,
  text,
} from "../index.ts";
import { httpEvent, invoke, messagesEvent, scheduleEvent } from "../testing.ts";

const JSON_TYPE = "application/json; charset=utf-8";

/** Sends one request through `router.handle` the way an adapter would. */
async function request(router: { readonly handle: Handler }, method: string, path: string) {
  const response = await invoke(defineHandler(router.handle), httpEvent({ method, path }));
  return { status: response.status, headers: response.headers, body: response.body };
}

/**
 * A router built anew each time its `handle` is read, that is inside the test that sends the request: mutation testing
 * activates a mutant only once the file's tests start, so a router built while the file is collected never carries it
 * (and one that throws there fails the file without failing a test, which Stryker counts as a survivor).
 */
function fresh<T>(build: () => { readonly handle: T }): { readonly handle: T } {
  return {
    get handle() {
      return build().handle;
    },
  };
}

/** A handler that answers with the route that matched and the params it got. */
const echo = (name: string) => (event: RouteEvent) => json({ route: name, params: event.params });

describe("matching", () => {
  const router = fresh(() =>
    createRouter()
      .get("/", echo("root"))
      .get("/todos", echo("list"))
      .post("/todos", echo("create"))
      .get("/todos/new", echo("new form"))
      .get("/todos/:id", echo("one"))
      .put("/todos/:id", echo("replace"))
      .get("/users/:userId/todos/:todoId", echo("user todo"))
      .get("/a/:x/c", echo("a x c"))
      .get("/a/b/d", echo("a b d"))
      .get("/static/*path", echo("static"))
      .get("/v1/things:batchGet", echo("custom method")),
  );

  test.each([
    ["GET", "/", { route: "root", params: {} }],
    ["GET", "/todos", { route: "list", params: {} }],
    ["POST", "/todos", { route: "create", params: {} }],
    ["GET", "/todos/42", { route: "one", params: { id: "42" } }],
    ["PUT", "/todos/42", { route: "replace", params: { id: "42" } }],
    ["GET", "/users/u1/todos/t2", { route: "user todo", params: { userId: "u1", todoId: "t2" } }],
    ["GET", "/static/css/site.css", { route: "static", params: { path: ["css", "site.css"] } }],
    ["GET", "/v1/things:batchGet", { route: "custom method", params: {} }],
  ])("%s %s", async (method, path, expected) => {
    const response = await request(router, method, path);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body as string)).toEqual(expected);
  });

  test("a static segment wins over a param", async () => {
    expect(JSON.parse((await request(router, "GET", "/todos/new")).body as string)).toEqual({ route: "new form", params: {} });
  });

  test("a param route for the method wins over a static route without it", async () => {
    expect(JSON.parse((await request(router, "PUT", "/todos/new")).body as string)).toEqual({ route: "replace", params: { id: "new" } });
  });

  test("backtracks from a static branch that has no route to a param branch that has one", async () => {
    expect(JSON.parse((await request(router, "GET", "/a/b/c")).body as string)).toEqual({ route: "a x c", params: { x: "b" } });
    expect(JSON.parse((await request(router, "GET", "/a/b/d")).body as string)).toEqual({ route: "a b d", params: {} });
  });

  test("the query string is not part of the path", async () => {
    const response = await invoke(defineHandler(router.handle), httpEvent({ path: "/todos/7?expand=1" }));
    expect(response.json()).toEqual({ route: "one", params: { id: "7" } });
  });

  test("a trailing slash is another path", async () => {
    expect((await request(router, "GET", "/todos/")).status).toBe(404);
    expect((await request(router, "GET", "/todos//")).status).toBe(404);
  });

  test("an empty segment is not a param", async () => {
    expect((await request(router, "GET", "/users//todos/t2")).status).toBe(404);
  });

  test("a wildcard needs at least one character after its slash", async () => {
    expect((await request(router, "GET", "/static/")).status).toBe(404);
    expect((await request(router, "GET", "/static")).status).toBe(404);
    expect(JSON.parse((await request(router, "GET", "/static/a//b/")).body as string)).toEqual({
      route: "static",
      params: { path: ["a", "", "b", ""] },
    });
  });

  test("a path that does not start with / matches nothing", async () => {
    expect((await request(router, "OPTIONS", "*")).status).toBe(404);
  });

  test("a bare * is named *", async () => {
    const router = createRouter().get("/files/*", (event) => json(event.params["*"]));
    expect((await request(router, "GET", "/files/a/b")).body).toBe('["a","b"]');
  });

  test("static segments of a pattern are matched decoded", async () => {
    const router = createRouter()
      .get("/café", () => text("written"))
      .get("/a%20b", () => text("encoded"));
    expect((await request(router, "GET", "/caf%C3%A9")).body).toBe("written");
    expect((await request(router, "GET", "/caf%c3%a9")).body).toBe("written");
    expect((await request(router, "GET", "/a%20b")).body).toBe("encoded");
    expect((await request(router, "GET", "/%61%20b")).body).toBe("encoded");
  });
});

describe("params are decoded once and safely", () => {
  const router = fresh(() =>
    createRouter()
      .get("/files/:name", echo("one file"))
      .get("/files/:dir/:name", echo("file in dir"))
      .get("/files/a/b", echo("static a b"))
      .get("/tree/*path", echo("tree")),
  );

  test("a %2F stays inside its param", async () => {
    expect(JSON.parse((await request(router, "GET", "/files/a%2Fb")).body as string)).toEqual({
      route: "one file",
      params: { name: "a/b" },
    });
    expect(JSON.parse((await request(router, "GET", "/files/a%2fb")).body as string)).toEqual({
      route: "one file",
      params: { name: "a/b" },
    });
  });

  test("a %2F never matches a static slash", async () => {
    expect(JSON.parse((await request(router, "GET", "/files/a/b")).body as string)).toEqual({ route: "static a b", params: {} });
  });

  test("a %2F stays inside its wildcard segment", async () => {
    expect(JSON.parse((await request(router, "GET", "/tree/a%2Fb/c%20d")).body as string)).toEqual({
      route: "tree",
      params: { path: ["a/b", "c d"] },
    });
  });

  test("decodes once: %252F is the three characters %2F", async () => {
    expect(JSON.parse((await request(router, "GET", "/files/..%252F..%252Fsecret")).body as string)).toEqual({
      route: "one file",
      params: { name: "..%2F..%2Fsecret" },
    });
  });

  test("decodes UTF-8 and leaves + alone", async () => {
    expect(JSON.parse((await request(router, "GET", "/files/J%C3%BCrgen+M")).body as string)).toEqual({
      route: "one file",
      params: { name: "Jürgen+M" },
    });
  });

  test.each(["/files/%zz", "/files/100%", "/files/%E0%A4%A", "/files/%C3", "/tree/ok/%ED%A0%80"])(
    "invalid percent-encoding in %s answers 400",
    async (path) => {
      expect(await request(router, "GET", path)).toEqual({
        status: 400,
        headers: { "content-type": JSON_TYPE },
        body: '{"error":"The request path has invalid percent-encoding"}',
      });
    },
  );

  test("a name that is an Object.prototype key is an ordinary param", async () => {
    const router = createRouter().get("/x/:constructor/:toString", (event) => json(event.params));
    expect((await request(router, "GET", "/x/a/b")).body).toBe('{"constructor":"a","toString":"b"}');
  });

  test("a route without params gets an empty, frozen params object", async () => {
    let seen: unknown;
    const router = createRouter().get("/plain", (event) => {
      seen = event.params;
    });
    await request(router, "GET", "/plain");
    expect(seen).toEqual({});
    expect(Object.isFrozen(seen)).toBe(true);
  });
});

describe("404, 405, HEAD and OPTIONS", () => {
  const router = fresh(() =>
    createRouter()
      .get("/todos", () => json([{ id: 1 }], { headers: { "x-total": "1" } }))
      .post("/todos", () => json({ id: 2 }, { status: 201 }))
      .get("/todos/:id", (event) => text(`todo ${event.params.id}`))
      .delete("/todos/:id", () => undefined)
      .get("/empty", () => ({ body: "" }))
      .get("/response", () => new Response("streamed", { status: 203, headers: { "x-kind": "fetch" } }))
      .get("/nothing", () => undefined)
      .get("/async", async () => text("later"))
      .head("/custom-head", () => ({ status: 200, headers: { "x-head": "own" } }))
      .get("/custom-head", () => text("get body")),
  );

  test("no route for the path: 404", async () => {
    expect(await request(router, "GET", "/nope")).toEqual({
      status: 404,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"Not Found"}',
    });
  });

  test("a route for the path but not the method: 405 with Allow", async () => {
    expect(await request(router, "PATCH", "/todos")).toEqual({
      status: 405,
      headers: { "content-type": JSON_TYPE, allow: "GET, HEAD, POST, OPTIONS" },
      body: '{"error":"Method Not Allowed"}',
    });
    expect((await request(router, "PUT", "/todos/3")).headers.allow).toBe("GET, HEAD, DELETE, OPTIONS");
  });

  test("Allow lists the methods of every pattern that matches the path", async () => {
    const router = createRouter()
      .get("/items/special", () => undefined)
      .put("/items/:id", () => undefined)
      .post("/items/*rest", () => undefined);
    expect((await request(router, "PATCH", "/items/special")).headers.allow).toBe("GET, HEAD, OPTIONS, PUT, POST");
  });

  test("HEAD runs the GET route and sends its status and headers without the body", async () => {
    expect(await request(router, "HEAD", "/todos")).toEqual({
      status: 200,
      headers: { "content-type": JSON_TYPE, "x-total": "1" },
      body: null,
    });
    expect(await request(router, "HEAD", "/async")).toEqual({
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: null,
    });
  });

  test("HEAD of an empty GET body keeps 200, of no body keeps 204", async () => {
    expect((await request(router, "HEAD", "/empty")).status).toBe(200);
    expect((await request(router, "HEAD", "/nothing")).status).toBe(204);
  });

  test("HEAD of a GET route returning a Response keeps its status and headers, without the body", async () => {
    expect(await request(router, "HEAD", "/response")).toEqual({
      status: 203,
      headers: { "content-type": "text/plain;charset=UTF-8", "x-kind": "fetch" },
      body: null,
    });
  });

  test("a HEAD route wins over GET and is sent as it returns", async () => {
    expect(await request(router, "HEAD", "/custom-head")).toEqual({ status: 200, headers: { "x-head": "own" }, body: null });
  });

  test("OPTIONS answers 204 with Allow", async () => {
    expect(await request(router, "OPTIONS", "/todos/9")).toEqual({
      status: 204,
      headers: { allow: "GET, HEAD, DELETE, OPTIONS" },
      body: null,
    });
  });

  test("OPTIONS of a path no route matches is a 404", async () => {
    expect((await request(router, "OPTIONS", "/nope")).status).toBe(404);
  });

  test("an OPTIONS route answers OPTIONS itself (CORS preflight)", async () => {
    const router = createRouter()
      .get("/api/*path", () => text("data"))
      .options("/api/*path", () => ({ status: 204, headers: { "access-control-allow-origin": "*" } }));
    expect(await request(router, "OPTIONS", "/api/x")).toEqual({
      status: 204,
      headers: { "access-control-allow-origin": "*" },
      body: null,
    });
    expect((await request(router, "DELETE", "/api/x")).headers.allow).toBe("GET, HEAD, OPTIONS");
  });

  test("all() takes every method; a route for the method on the same pattern wins", async () => {
    const router = createRouter()
      .all("/any", (event) => text(`all ${event.method}`))
      .get("/any", () => text("get"));
    expect((await request(router, "GET", "/any")).body).toBe("get");
    expect((await request(router, "PURGE", "/any")).body).toBe("all PURGE");
    expect((await request(router, "OPTIONS", "/any")).body).toBe("all OPTIONS");
    expect((await request(router, "HEAD", "/any")).body).toBe(null);
  });

  test("on() routes any method token, case-insensitively", async () => {
    const router = createRouter().on(["propfind", "MKCOL"], "/dav/*path", (event) =>
      text(`${event.method} ${event.params.path.join("/")}`),
    );
    expect((await request(router, "PROPFIND", "/dav/a/b")).body).toBe("PROPFIND a/b");
    expect((await request(router, "MKCOL", "/dav/c")).body).toBe("MKCOL c");
    expect((await request(router, "GET", "/dav/c")).headers.allow).toBe("PROPFIND, MKCOL, OPTIONS");
  });

  test("notFound answers requests no route matches, not 405s", async () => {
    const router = createRouter({ notFound: (event) => text(`no ${event.path}`, { status: 404 }) }).get("/here", () => text("here"));
    expect(await request(router, "GET", "/there")).toEqual({
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "no /there",
    });
    expect((await request(router, "POST", "/here")).status).toBe(405);
  });
});

describe("mount", () => {
  const todos = (): Router =>
    createRouter()
      .get("/", () => text("todos"))
      .get("/:id", (event) => text(`todo ${event.params.id}`));

  test("serves another router's routes under a prefix", async () => {
    const router = createRouter()
      .mount("/api/todos", todos())
      .get("/health", () => text("ok"));
    expect((await request(router, "GET", "/api/todos")).body).toBe("todos");
    expect((await request(router, "GET", "/api/todos/3")).body).toBe("todo 3");
    expect((await request(router, "GET", "/health")).body).toBe("ok");
    expect((await request(router, "GET", "/todos/3")).status).toBe(404);
  });

  test("serves a handler at the prefix and below, for every method, with the whole path", async () => {
    const router = createRouter().mount("/legacy", (event) => (event.kind === "http" ? text(`${event.method} ${event.path}`) : undefined));
    expect((await request(router, "GET", "/legacy")).body).toBe("GET /legacy");
    expect((await request(router, "DELETE", "/legacy/a/b")).body).toBe("DELETE /legacy/a/b");
    expect((await request(router, "GET", "/legacyx")).status).toBe(404);
  });

  test.each([
    ["/", 'mount() prefix must start with "/" and not end with "/" (e.g. "/api"), got "/"'],
    ["api", 'mount() prefix must start with "/" and not end with "/" (e.g. "/api"), got "api"'],
    ["/api/", 'mount() prefix must start with "/" and not end with "/" (e.g. "/api"), got "/api/"'],
    ["/users/:id", 'mount() prefix must be static, got "/users/:id"'],
  ])("rejects the prefix %s", (prefix, message) => {
    expect(() => createRouter().mount(prefix, todos())).toThrow(new TypeError(message));
  });

  test("rejects what is not a router or a function, and itself", () => {
    const router = createRouter();
    expect(() => router.mount("/x", {} as never)).toThrow(
      new TypeError("mount() takes a router from createRouter() or a handler function"),
    );
    expect(() => router.mount("/x", router)).toThrow(new TypeError("mount(): a router cannot mount itself"));
  });
});

describe("registration errors", () => {
  test.each([
    ["todos", 'Route pattern must be a string starting with "/", got "todos"'],
    ["", 'Route pattern must be a string starting with "/", got ""'],
    ["/todos?x=1", 'Route pattern "/todos?x=1": a pattern matches the path only, without "?" or "#"'],
    ["/todos/:", 'Route pattern "/todos/:": ":" is not a valid param name (letters, digits, _ or $)'],
    ["/todos/:1d", 'Route pattern "/todos/:1d": ":1d" is not a valid param name (letters, digits, _ or $)'],
    ["/todos/:a-b", 'Route pattern "/todos/:a-b": ":a-b" is not a valid param name (letters, digits, _ or $)'],
    ["/x/:__proto__", 'Route pattern "/x/:__proto__": ":__proto__" is not a valid param name (letters, digits, _ or $)'],
    ["/:id/:id", 'Route pattern "/:id/:id": param "id" appears twice'],
    ["/files/*/x", 'Route pattern "/files/*/x": a wildcard must be the last segment'],
    ["/bad%zz", 'Route pattern "/bad%zz": invalid percent-encoding in "bad%zz"'],
  ])("rejects the pattern %j", (pattern, message) => {
    expect(() => createRouter().get(pattern, () => undefined)).toThrow(new TypeError(message));
  });

  test("rejects a second route for the same method and pattern, whatever its param names", () => {
    const router = createRouter().get("/todos/:id", () => undefined);
    expect(() => router.get("/todos/:todoId", () => undefined)).toThrow(
      new Error("GET /todos/:todoId is already routed (as GET /todos/:id)"),
    );
    expect(() => router.all("/x", () => undefined).all("/x", () => undefined)).toThrow(new Error("ALL /x is already routed (as ALL /x)"));
  });

  test("rejects a handler that is not a function and a method that is not a token", () => {
    expect(() => createRouter().get("/x", "nope" as never)).toThrow(new TypeError("Route GET /x: the handler must be a function"));
    expect(() => createRouter().on("GET POST", "/x", () => undefined)).toThrow(new TypeError('on(): "GET POST" is not an HTTP method'));
    expect(() => createRouter().on([], "/x", () => undefined)).toThrow(new TypeError("on(): give a method or a non-empty list of methods"));
    expect(() => createRouter({ notFound: 404 as never })).toThrow(new TypeError("createRouter(): notFound must be a function"));
  });
});

describe("one handler for HTTP and the other event kinds", () => {
  const router = fresh(() =>
    createRouter<{ prefix: string }>().get("/hello/:name", (event, ctx) => json({ greeting: `${ctx.deps.prefix} ${event.params.name}` })),
  );
  const seen: string[] = [];
  const app = defineHandler({
    init: () => ({ prefix: "hello" }),
    handle(event, ctx) {
      switch (event.kind) {
        case "http":
          return router.handle(event, ctx);
        case "messages":
          return forEachMessage(event, async (message) => void seen.push(await message.text()));
        default:
          seen.push(event.kind);
      }
    },
  });

  test("routes http events with the context", async () => {
    expect((await invoke(app, httpEvent({ path: "/hello/J%C3%BCrgen" }))).json()).toEqual({ greeting: "hello Jürgen" });
  });

  test("handles the other kinds beside it", async () => {
    expect(await invoke(app, messagesEvent({ messages: [{ body: "m" }] }))).toEqual({ failed: [] });
    await invoke(app, scheduleEvent());
    expect(seen).toEqual(["m", "schedule"]);
  });

  test("given another kind directly, router.handle throws a clear error", async () => {
    const logs: Array<Record<string, unknown>> = [];
    const direct = defineHandler(createRouter().get("/", () => undefined).handle);
    await expect(invoke(direct, scheduleEvent(), { logs })).rejects.toThrow(
      new TypeError("The router handles http events, not schedule events: check event.kind before calling router.handle"),
    );
  });

  test("an HttpError thrown in a route is the runner's answer", async () => {
    const router = createRouter().get("/todos/:id", (event) => {
      throw new HttpError(404, `todo ${event.params.id} not found`);
    });
    expect(await request(router, "GET", "/todos/9")).toEqual({
      status: 404,
      headers: { "content-type": JSON_TYPE },
      body: '{"error":"todo 9 not found"}',
    });
  });
});

describe("each method and how it is matched", () => {
  test("each method's helper routes its own method", async () => {
    const router = createRouter()
      .get("/m", echo("get"))
      .head("/m", () => ({ status: 200, headers: { "x-route": "head" } }))
      .post("/m", echo("post"))
      .put("/m", echo("put"))
      .patch("/m", echo("patch"))
      .delete("/m", echo("delete"))
      .options("/m", () => ({ status: 204, headers: { "x-route": "options" } }));
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      expect(JSON.parse((await request(router, method, "/m")).body as string)).toEqual({ route: method.toLowerCase(), params: {} });
    }
    expect((await request(router, "HEAD", "/m")).headers).toEqual({ "x-route": "head" });
    expect((await request(router, "OPTIONS", "/m")).headers).toEqual({ "x-route": "options" });
  });

  test("a route answers its method only: HEAD is not GET, DELETE is not PATCH", async () => {
    const router = createRouter()
      .head("/h/:id", () => ({ status: 200, headers: { "x-route": "head" } }))
      .delete("/d/:id", () => undefined)
      .patch("/p/:id", () => undefined);
    expect(await request(router, "GET", "/h/1")).toEqual({
      status: 405,
      headers: { "content-type": JSON_TYPE, allow: "HEAD, OPTIONS" },
      body: '{"error":"Method Not Allowed"}',
    });
    expect((await request(router, "PATCH", "/d/1")).headers.allow).toBe("DELETE, OPTIONS");
    expect((await request(router, "DELETE", "/p/1")).headers.allow).toBe("PATCH, OPTIONS");
  });

  test("Allow keeps the order methods were routed in, HEAD right after GET unless HEAD has its own route", async () => {
    const router = createRouter()
      .get("/x", () => undefined)
      .post("/x", () => undefined)
      .head("/x", () => undefined);
    expect((await request(router, "PUT", "/x")).headers.allow).toBe("GET, POST, HEAD, OPTIONS");
  });

  test("a second route for the same other method is refused", () => {
    const router = createRouter().on("PROPFIND", "/dav", () => undefined);
    expect(() => router.on("propfind", "/dav", () => undefined)).toThrow(new Error("PROPFIND /dav is already routed (as PROPFIND /dav)"));
  });

  test("param names are letters, digits, _ and $, not starting with a digit", async () => {
    const router = createRouter().get("/:a1_$/:_b/:$c/:Zz9", (event) => json(event.params));
    expect((await request(router, "GET", "/1/2/3/4")).body).toBe('{"a1_$":"1","_b":"2","$c":"3","Zz9":"4"}');
  });

  test.each([
    ["/x/:*", 'Route pattern "/x/:*": ":*" is not a valid param name (letters, digits, _ or $)'],
    ["/x/**", 'Route pattern "/x/**": "**" is not a valid param name (letters, digits, _ or $)'],
  ])("only a bare * is named *: %s is refused", (pattern, message) => {
    expect(() => createRouter().get(pattern, () => undefined)).toThrow(new TypeError(message));
  });

  test("a pattern, a prefix or a method that is not a string is refused with the same message", () => {
    expect(() => createRouter().get(42 as never, () => undefined)).toThrow(
      new TypeError('Route pattern must be a string starting with "/", got 42'),
    );
    expect(() => createRouter().mount(42 as never, () => undefined)).toThrow(
      new TypeError('mount() prefix must start with "/" and not end with "/" (e.g. "/api"), got 42'),
    );
    expect(() => createRouter().on([42] as never, "/x", () => undefined)).toThrow(new TypeError("on(): 42 is not an HTTP method"));
  });

  test("static segments sharing a first character are told apart by their whole text", async () => {
    const router = createRouter().get("/ab/:id", echo("ab")).get("/ac/:id", echo("ac"));
    expect(JSON.parse((await request(router, "GET", "/ac/1")).body as string)).toEqual({ route: "ac", params: { id: "1" } });
    expect(JSON.parse((await request(router, "GET", "/ab/2")).body as string)).toEqual({ route: "ab", params: { id: "2" } });
    expect((await request(router, "GET", "/abc/3")).status).toBe(404);
    expect((await request(router, "GET", "/a/4")).status).toBe(404);
  });

  test("static segments starting with a non-ASCII character, as written or encoded", async () => {
    const router = createRouter().get("/été/:id", echo("summer")).get("/\u0080/:id", echo("control")).get("/x/:id", echo("x"));
    expect(JSON.parse((await request(router, "GET", "/été/1")).body as string)).toEqual({ route: "summer", params: { id: "1" } });
    expect(JSON.parse((await request(router, "GET", "/%C3%A9t%C3%A9/2")).body as string)).toEqual({ route: "summer", params: { id: "2" } });
    expect(JSON.parse((await request(router, "GET", "/\u0080/3")).body as string)).toEqual({ route: "control", params: { id: "3" } });
    expect((await request(router, "GET", "/ét/4")).status).toBe(404);
  });

  test("a path that reads like a pattern is matched as a path", async () => {
    const router = createRouter().get("/todos/:id", echo("one"));
    expect(JSON.parse((await request(router, "GET", "/todos/:id")).body as string)).toEqual({ route: "one", params: { id: ":id" } });
  });

  test("backtracks from a param branch that has no route to a wildcard", async () => {
    const router = createRouter().get("/x/:id/y", echo("param")).get("/x/*rest", echo("wildcard"));
    expect(JSON.parse((await request(router, "GET", "/x/a/b")).body as string)).toEqual({
      route: "wildcard",
      params: { rest: ["a", "b"] },
    });
    expect(JSON.parse((await request(router, "GET", "/x/a/y")).body as string)).toEqual({ route: "param", params: { id: "a" } });
  });

  test("Allow counts only the patterns that end at the path", async () => {
    const router = createRouter()
      .get("/x/:id", () => undefined)
      .get("/x/y/z", () => undefined)
      .get("/e/", () => undefined)
      .put("/e/:id", () => undefined)
      .get("/s/", () => undefined)
      .post("/s/*rest", () => undefined);
    expect((await request(router, "PUT", "/x/y")).headers.allow).toBe("GET, HEAD, OPTIONS");
    expect((await request(router, "PATCH", "/e/")).headers.allow).toBe("GET, HEAD, OPTIONS");
    expect((await request(router, "PATCH", "/s/")).headers.allow).toBe("GET, HEAD, OPTIONS");
  });
});

describe("router.handle called directly", () => {
  /** What `router.handle` itself returns for one request, before any runner sees it. */
  async function handled(router: Router, method: string, path: string): Promise<unknown> {
    return await router.handle(httpEvent({ method, path }), {} as never);
  }

  test("HEAD of a GET route returns its status and headers with a null body", async () => {
    const router = createRouter()
      .get("/text", () => text("body"))
      .get("/created", () => json({ id: 1 }, { status: 201 }))
      .get("/async", async () => text("later"));
    expect(await handled(router, "HEAD", "/text")).toEqual({
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: null,
    });
    expect(await handled(router, "HEAD", "/created")).toEqual({ status: 201, headers: { "content-type": JSON_TYPE }, body: null });
    expect(await handled(router, "HEAD", "/async")).toEqual({
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: null,
    });
    expect(await handled(router, "GET", "/text")).toEqual({
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: "body",
    });
  });

  test("HEAD of a GET route without a body returns its result as it is", async () => {
    const noBody = { headers: { "x-a": "1" } };
    const nullBody = { status: 202, body: null };
    const empty = new Response(null, { status: 204 });
    const router = createRouter()
      .get("/no-body", () => noBody)
      .get("/null-body", () => nullBody)
      .get("/null", () => null as never)
      .get("/empty-response", () => empty)
      .get("/nothing", () => undefined);
    expect(await handled(router, "HEAD", "/no-body")).toBe(noBody);
    expect(await handled(router, "HEAD", "/null-body")).toBe(nullBody);
    expect(await handled(router, "HEAD", "/null")).toBe(null);
    expect(await handled(router, "HEAD", "/empty-response")).toBe(empty);
    expect(await handled(router, "HEAD", "/nothing")).toBe(undefined);
    expect((await request(router, "HEAD", "/no-body")).status).toBe(204);
  });

  test("HEAD of a GET route returning a Response with a body returns another Response without it", async () => {
    const router = createRouter().get("/r", () => new Response("streamed", { status: 203, headers: { "x-kind": "fetch" } }));
    const result = (await handled(router, "HEAD", "/r")) as Response;
    expect(result).toBeInstanceOf(Response);
    expect([result.status, result.body, [...result.headers]]).toEqual([
      203,
      null,
      [
        ["content-type", "text/plain;charset=UTF-8"],
        ["x-kind", "fetch"],
      ],
    ]);
  });

  test("a HEAD route's result is returned as it is, body included", async () => {
    const own = text("head body");
    const router = createRouter().head("/h", () => own);
    expect(await handled(router, "HEAD", "/h")).toBe(own);
  });
});
