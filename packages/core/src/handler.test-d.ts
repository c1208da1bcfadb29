import * as v from "valibot";
import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { type App, type Context, defineHandler, type FnEvent, forEachMessage, type HttpResponseInit, json, type Message } from "./index.ts";

describe("event narrowing", () => {
  test("narrows each event kind on event.kind", () => {
    defineHandler((event) => {
      expectTypeOf(event).toEqualTypeOf<FnEvent>();
      if (event.kind === "http") {
        expectTypeOf(event.method).toEqualTypeOf<string>();
        expectTypeOf(event.query).toEqualTypeOf<Readonly<Record<string, string>>>();
        expectTypeOf(event.queryAll).returns.toEqualTypeOf<string[]>();
        expectTypeOf(event.toRequest()).toEqualTypeOf<Request>();
        // @ts-expect-error an http event has no messages
        event.messages;
      } else if (event.kind === "messages") {
        expectTypeOf(event.messages).toEqualTypeOf<readonly Message[]>();
        expectTypeOf(event.ordered).toEqualTypeOf<boolean>();
      } else if (event.kind === "storage") {
        expectTypeOf(event.action).toEqualTypeOf<"created" | "deleted">();
        expectTypeOf(event.time).toEqualTypeOf<Date>();
      } else if (event.kind === "schedule") {
        expectTypeOf(event.scheduledTime).toEqualTypeOf<Date>();
      } else {
        expectTypeOf(event.kind).toEqualTypeOf<"cloudevent">();
        expectTypeOf(event.data).toEqualTypeOf<unknown>();
      }
    });
  });
});

describe("ctx.deps and ctx.env", () => {
  test("infers ctx.deps from init's return type", () => {
    const app = defineHandler({
      init: async (env) => {
        expectTypeOf(env).toEqualTypeOf<Readonly<Record<string, string | undefined>>>();
        return { greeting: "hello", count: 1 };
      },
      handle(_event, ctx) {
        expectTypeOf(ctx.deps).toEqualTypeOf<{ greeting: string; count: number }>();
      },
    });
    expectTypeOf(app).toEqualTypeOf<App<{ greeting: string; count: number }, Readonly<Record<string, string | undefined>>>>();
  });

  test("ctx.deps is undefined for a bare function", () => {
    defineHandler((_event, ctx) => {
      expectTypeOf(ctx.deps).toEqualTypeOf<undefined>();
      expectTypeOf(ctx).toEqualTypeOf<Context<undefined, Readonly<Record<string, string | undefined>>>>();
    });
  });

  test("a custom Env type reaches init(env) and ctx.env", () => {
    interface Bindings {
      KV: { get(key: string): Promise<string | null> };
      API_KEY: string;
    }
    defineHandler({
      init: (env: Bindings) => ({ kv: env.KV }),
      handle(_event, ctx) {
        expectTypeOf(ctx.env).toEqualTypeOf<Bindings>();
        expectTypeOf(ctx.deps.kv).toEqualTypeOf<Bindings["KV"]>();
      },
    });
    defineHandler<undefined, Bindings>((_event, ctx) => {
      expectTypeOf(ctx.env).toEqualTypeOf<Bindings>();
    });
  });
});

describe("type parameters: <Deps, Env> in both forms", () => {
  interface Bindings {
    KV: { get(key: string): Promise<string | null> };
  }

  test("a function takes <undefined, Env>, { init, handle } takes <Deps, Env>", () => {
    const bare = defineHandler<undefined, Bindings>((_event, ctx) => {
      expectTypeOf(ctx.env).toEqualTypeOf<Bindings>();
      expectTypeOf(ctx.deps).toEqualTypeOf<undefined>();
    });
    const withInit = defineHandler<{ n: number }, Bindings>({
      init: (env) => {
        expectTypeOf(env).toEqualTypeOf<Bindings>();
        return { n: 1 };
      },
      handle: (_event, ctx) => {
        expectTypeOf(ctx.env).toEqualTypeOf<Bindings>();
        expectTypeOf(ctx.deps).toEqualTypeOf<{ n: number }>();
      },
    });
    expectTypeOf(bare).toEqualTypeOf<App<undefined, Bindings>>();
    expectTypeOf(withInit).toEqualTypeOf<App<{ n: number }, Bindings>>();
  });

  test("Env alone first (the old order for a function) is an error that names the fix", () => {
    // @ts-expect-error a function has no deps: defineHandler<undefined, Env>(fn)
    defineHandler<Bindings>(() => {});
    // @ts-expect-error the same through an annotated ctx
    defineHandler<Bindings>((_event, _ctx: Context<undefined, Bindings>) => {});
  });

  test("Env is inferred from an annotated init or ctx", () => {
    expectTypeOf(defineHandler({ init: (env: Bindings) => env.KV, handle: () => {} })).toEqualTypeOf<App<Bindings["KV"], Bindings>>();
    expectTypeOf(defineHandler((_event, _ctx: Context<undefined, Bindings>) => {})).toEqualTypeOf<App<undefined, Bindings>>();
  });
});

describe("json(schema)", () => {
  test("infers the output of a zod schema", () => {
    defineHandler(async (event) => {
      if (event.kind !== "http") return;
      const body = await event.json(z.object({ name: z.string().default("world"), age: z.number().optional() }));
      expectTypeOf(body).toEqualTypeOf<{ name: string; age?: number | undefined }>();
      expectTypeOf(await event.json()).toEqualTypeOf<unknown>();
    });
  });

  test("infers the output of a valibot schema", () => {
    defineHandler(async (event) => {
      if (event.kind !== "messages") return;
      const [first] = event.messages;
      if (first === undefined) return;
      const body = await first.json(v.object({ id: v.pipe(v.string(), v.transform(Number)) }));
      expectTypeOf(body).toEqualTypeOf<{ id: number }>();
    });
  });
});

describe("handler results", () => {
  test("a handler may return nothing, json(), a Response or { failed }", () => {
    defineHandler(() => {});
    defineHandler(async () => {});
    defineHandler(() => json({ ok: true }));
    defineHandler(() => new Response("hi"));
    defineHandler(() => ({ status: 201, headers: { "x-a": ["1", "2"], "x-b": 3 }, cookies: ["a=1"], body: new Uint8Array(1) }));
    defineHandler(() => ({ failed: ["m1"] }));
    defineHandler(async (event) => (event.kind === "messages" ? forEachMessage(event, async () => {}) : undefined));
    expectTypeOf(json(1)).toEqualTypeOf<HttpResponseInit>();
  });

  test("returning a number or a string is a type error", () => {
    // @ts-expect-error a number is not a result
    defineHandler(() => 42);
    // @ts-expect-error a string is not a result
    defineHandler(async () => "ok");
    // @ts-expect-error a body must be a string, bytes or null
    defineHandler(() => ({ body: { ok: true } }));
  });

  test("Lambda's { statusCode, body } is an error that says fnport names it status", () => {
    // @ts-expect-error Type 'number' is not assignable to type '"fnport results name it `status`, not `statusCode`"'
    defineHandler(() => ({ statusCode: 404, body: "not found" }));
    defineHandler(async (event) => {
      // @ts-expect-error also in one branch of several, and in json()'s options
      if (event.kind === "http") return json({ error: "nope" }, { statusCode: 404 });
      return undefined;
    });
  });

  test("data returned as it is, instead of json(data), is an error", () => {
    // @ts-expect-error { ok: true } has no key in common with a result
    defineHandler(() => ({ ok: true }));
  });

  test("a messages handler returning Lambda's { batchItemFailures } is an error: property 'failed' is missing", () => {
    // @ts-expect-error Property 'failed' is missing in type '{ batchItemFailures: ... }' but required in type 'MessagesResult'
    defineHandler(async (event) => {
      if (event.kind !== "messages") return;
      return { batchItemFailures: event.messages.map((message) => ({ itemIdentifier: message.id })) };
    });
  });
});
