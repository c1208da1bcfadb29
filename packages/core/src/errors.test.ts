import { describe, expect, test } from "vitest";
import { errorResponse } from "./adapter.ts";
import { BodyTooLargeError, defineHandler, HttpError, InvalidBodyError } from "./index.ts";
import { httpEvent, invoke } from "./testing.ts";

const JSON_TYPE = "application/json; charset=utf-8";

describe("HttpError", () => {
  test("carries status, message, headers, details and cause", () => {
    const cause = new Error("root");
    const error = new HttpError(429, "Slow down", { headers: { "retry-after": 30 }, details: { limit: 10 }, cause });
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.status, error.message, error.headers, error.details, error.cause]).toEqual([
      "HttpError",
      429,
      "Slow down",
      { "retry-after": 30 },
      { limit: 10 },
      cause,
    ]);
  });

  test("has no headers, details or cause by default", () => {
    const error = new HttpError(404, "Not here");
    expect([error.headers, error.details, "cause" in error]).toEqual([{}, {}, false]);
  });

  test.each([399, 600, 200, 404.5, Number.NaN])("throws a RangeError for status %s", (status) => {
    expect(() => new HttpError(status, "x")).toThrow(new RangeError(`HttpError status must be an integer from 400 to 599, got ${status}`));
  });

  test.each([400, 599])("accepts status %i", (status) => {
    expect(new HttpError(status, "x").status).toBe(status);
  });
});

describe("HttpError.getResponse()", () => {
  test("leaves out a header whose value is undefined", async () => {
    const response = new HttpError(401, "Sign in", {
      headers: { "www-authenticate": "Bearer", "x-trace": undefined } as never,
    }).getResponse();
    expect([response.status, [...response.headers], await response.text()]).toEqual([
      401,
      [
        ["content-type", JSON_TYPE],
        ["www-authenticate", "Bearer"],
      ],
      '{"error":"Sign in"}',
    ]);
  });
});

describe("InvalidBodyError and BodyTooLargeError", () => {
  test("InvalidBodyError is a 400 HttpError with its issues in details", () => {
    const issues = [{ path: "a.0", message: "Required" }];
    const error = new InvalidBodyError("Body does not match the schema", issues);
    expect(error).toBeInstanceOf(HttpError);
    expect([error.name, error.status, error.issues, error.details]).toEqual(["InvalidBodyError", 400, issues, { issues }]);
  });

  test("InvalidBodyError without issues has no details", () => {
    const error = new InvalidBodyError("Body is not valid base64");
    expect([error.issues, error.details]).toEqual([[], {}]);
  });

  test("BodyTooLargeError is a 413 naming the limit", () => {
    const error = new BodyTooLargeError(1024);
    expect(error).toBeInstanceOf(HttpError);
    expect([error.name, error.status, error.message]).toEqual(["BodyTooLargeError", 413, "Request body is larger than 1024 bytes"]);
  });
});

describe("a thrown HttpError through invoke", () => {
  test("answers its status, JSON body with details and its headers", async () => {
    const app = defineHandler(() => {
      throw new HttpError(401, "Sign in first", {
        headers: { "WWW-Authenticate": 'Bearer realm="api"', "set-cookie": ["a=; Max-Age=0", "b=; Max-Age=0"] },
        details: { code: "auth_required", retry: false },
      });
    });
    const logs: Array<Record<string, unknown>> = [];
    const response = await invoke(app, httpEvent(), { logs });
    expect([response.status, { ...response.headers }, response.cookies, response.text]).toEqual([
      401,
      { "www-authenticate": 'Bearer realm="api"', "content-type": JSON_TYPE },
      ["a=; Max-Age=0", "b=; Max-Age=0"],
      '{"error":"Sign in first","code":"auth_required","retry":false}',
    ]);
    expect(logs).toEqual([]);
  });

  test("details cannot override error", async () => {
    const app = defineHandler(() => {
      throw new HttpError(409, "Conflict", { details: { error: "replaced", id: 1 } });
    });
    expect((await invoke(app, httpEvent())).text).toBe('{"error":"Conflict","id":1}');
  });

  test("answers 400 listing schema issues with their paths", async () => {
    const app = defineHandler(() => {
      throw new InvalidBodyError("Body does not match the schema", [{ path: "items.0.name", message: "Required" }]);
    });
    const response = await invoke(app, httpEvent());
    expect([response.status, response.json()]).toEqual([
      400,
      { error: "Body does not match the schema", issues: [{ path: "items.0.name", message: "Required" }] },
    ]);
  });
});

describe("errorResponse", () => {
  test("encodes an HttpError with its headers and a JSON content type that wins", () => {
    const response = errorResponse(new HttpError(503, "Down", { headers: { "Retry-After": 5, "content-type": "text/plain" } }));
    expect({ ...response, headers: { ...response.headers } }).toEqual({
      status: 503,
      headers: { "retry-after": "5", "content-type": JSON_TYPE },
      cookies: [],
      body: '{"error":"Down"}',
    });
  });

  test("answers a generic 500 for any other error and never its message", () => {
    const response = errorResponse(new Error("secret database password"));
    expect({ ...response, headers: { ...response.headers } }).toEqual({
      status: 500,
      headers: { "content-type": JSON_TYPE },
      cookies: [],
      body: '{"error":"Internal Server Error"}',
    });
  });

  test("answers 504 for a non-HttpError after the deadline signal, but an HttpError keeps its status", () => {
    expect(errorResponse("anything", true)).toMatchObject({ status: 504, body: '{"error":"Gateway Timeout"}' });
    expect(errorResponse(new HttpError(418, "Teapot"), true)).toMatchObject({ status: 418, body: '{"error":"Teapot"}' });
  });
});
