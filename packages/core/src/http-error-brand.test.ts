// HttpError recognised by a brand that survives two copies of @fnport/core, and a runner that answers
// whatever is thrown (a revoked Proxy included).
import { describe, expect, test } from "vitest";
import { HttpError, InvalidBodyError, isHttpError } from "./errors.ts";
import { defineHandler } from "./index.ts";
import { httpEvent, invoke } from "./testing.ts";

/** A second copy of the module, as an app and an adapter that resolve two copies of @fnport/core have. */
// (The query makes the module loader treat it as another module; a variable keeps TypeScript from resolving it.)
const secondCopy = "./errors.ts?second-copy";
const otherCopy = (await import(/* @vite-ignore */ secondCopy)) as typeof import("./errors.ts");

describe("isHttpError and instanceof", () => {
  test("the second copy really is another class", () => {
    expect(otherCopy.HttpError).not.toBe(HttpError);
  });

  test("recognise an HttpError from this copy or another, and its subclasses", () => {
    const values = [
      new HttpError(404, "x"),
      new otherCopy.HttpError(404, "x"),
      new InvalidBodyError("bad"),
      new otherCopy.InvalidBodyError("bad"),
    ];
    expect(values.map((value) => [isHttpError(value), value instanceof HttpError, value instanceof otherCopy.HttpError])).toEqual([
      [true, true, true],
      [true, true, true],
      [true, true, true],
      [true, true, true],
    ]);
  });

  test("the brand is the registered symbol fnport.HttpError, which every version of @fnport/core shares", () => {
    // An error made by another version (whose code this test cannot load): only the registered key is shared.
    const fromAnotherVersion = Object.create(Object.create(Error.prototype, { [Symbol.for("fnport.HttpError")]: { value: true } }));
    const otherBrand = Object.create(Object.create(Error.prototype, { [Symbol.for("fnport.OtherError")]: { value: true } }));
    expect([isHttpError(fromAnotherVersion), fromAnotherVersion instanceof HttpError, isHttpError(otherBrand)]).toEqual([
      true,
      true,
      false,
    ]);
  });

  test("a function carrying the brand is no HttpError (only objects are)", () => {
    const branded = Object.assign(() => undefined, { [Symbol.for("fnport.HttpError")]: true });
    expect([isHttpError(branded), branded instanceof HttpError]).toEqual([false, false]);
  });

  test("a subclass's instanceof stays the subclass's", () => {
    expect([new HttpError(400, "x") instanceof InvalidBodyError, new InvalidBodyError("x") instanceof InvalidBodyError]).toEqual([
      false,
      true,
    ]);
  });

  test("reject look-alikes and never throw", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const values: unknown[] = [new Error("x"), { status: 404, message: "x", name: "HttpError" }, null, undefined, "HttpError", 404, proxy];
    expect(values.map((value) => isHttpError(value))).toEqual([false, false, false, false, false, false, false]);
    expect(proxy instanceof HttpError).toBe(false);
  });
});

describe("the runner answers an HttpError from another copy with its status", () => {
  test("404 with its message and headers, and nothing logged", async () => {
    const logs: Array<Record<string, unknown>> = [];
    const app = defineHandler(() => {
      throw new otherCopy.HttpError(404, "No route for /x", { headers: { "x-reason": "copy" } });
    });
    const response = await invoke(app, httpEvent(), { logs });
    expect([response.status, { ...response.headers }, response.text, logs]).toEqual([
      404,
      { "x-reason": "copy", "content-type": "application/json; charset=utf-8" },
      '{"error":"No route for /x"}',
      [],
    ]);
  });
});

describe("runner.http resolves whatever the handler throws", () => {
  test("a revoked Proxy is a logged generic 500", async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const logs: Array<Record<string, unknown>> = [];
    const app = defineHandler(() => {
      throw proxy;
    });
    const response = await invoke(app, httpEvent(), { logs, requestId: "revoked" });
    expect([response.status, response.text]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(logs).toEqual([
      {
        level: "error",
        severity: "ERROR",
        time: expect.any(String),
        message: "http handler failed",
        requestId: "revoked",
        provider: "test",
        error: "(unreadable thrown value: Cannot perform 'getPrototypeOf' on a proxy that has been revoked)",
      },
    ]);
  });

  test("an HttpError-branded object whose getters throw is a generic 500", async () => {
    const hostile = Object.create(HttpError.prototype, {
      status: {
        get() {
          throw new Error("boom");
        },
      },
    });
    const response = await invoke(
      defineHandler(() => {
        throw hostile;
      }),
      httpEvent(),
      { logs: [] },
    );
    expect([response.status, response.text]).toEqual([500, '{"error":"Internal Server Error"}']);
  });
});
