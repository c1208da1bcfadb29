// What lambda(app) accepts: an app whose ctx.env can be process.env.
import { type Context, defineHandler } from "@fnport/core";
import { describe, expectTypeOf, test } from "vitest";
import { type LambdaHandler, lambda } from "./index.ts";

interface WorkersBindings {
  MY_KV: { get(key: string): Promise<string | null> };
}

describe("lambda(app) and the app's Env", () => {
  test("takes an app on process.env, on an unknown env, or with string | undefined values", () => {
    expectTypeOf(lambda(defineHandler(() => {}))).toEqualTypeOf<LambdaHandler>();
    lambda(defineHandler<undefined, unknown>(() => {}));
    lambda(defineHandler<undefined, { TABLE_NAME?: string | undefined }>(() => {}));
    lambda(defineHandler({ init: (env) => ({ table: env.TABLE_NAME }), handle: (_event, ctx) => void ctx.deps.table }));
  });

  test("rejects an app typed with Workers bindings at compile time, at the lambda(app) call", () => {
    const workersApp = defineHandler<undefined, WorkersBindings>(async (_event, ctx) => {
      await ctx.env.MY_KV.get("k");
    });
    // @ts-expect-error ctx.env on Lambda is process.env, whose values are string | undefined
    lambda(workersApp);
    const withInit = defineHandler({
      init: (env: WorkersBindings) => env.MY_KV,
      handle: (_event, _ctx: Context<WorkersBindings["MY_KV"], WorkersBindings>) => {},
    });
    // @ts-expect-error the same for an app with init
    lambda(withInit);
  });

  test("rejects an Env whose values Lambda cannot promise (string, not string | undefined)", () => {
    // @ts-expect-error process.env.TABLE_NAME may be undefined
    lambda(defineHandler<undefined, { TABLE_NAME: string }>(() => {}));
  });
});
