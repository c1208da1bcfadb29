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
    defineHandler<Bindings>((_event, ctx) => {
      expectTypeOf(ctx.env).toEqualTypeOf<Bindings>();
    });
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
});
