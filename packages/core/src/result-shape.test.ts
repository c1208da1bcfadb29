// Results of an unknown shape answer 500 with a log line naming the unknown keys and the fix, never a silent 200/204.
import { describe, expect, test } from "vitest";
import { defineHandler } from "./index.ts";
import { httpEvent, invoke } from "./testing.ts";

const JSON_TYPE = "application/json; charset=utf-8";

describe("http: a result with keys a result does not have", () => {
  test.each([
    [{ statusCode: 404, body: "not found" }, 'unknown key "statusCode" (fnport names it status)'],
    [{ ok: true }, 'unknown key "ok"'],
    [{ status: 200, statusDescription: "200 OK" }, 'unknown key "statusDescription" (the adapter writes it)'],
    [
      { statusCode: 200, headers: {}, multiValueHeaders: {}, isBase64Encoded: false, body: "" },
      'unknown keys "statusCode" (fnport names it status), "multiValueHeaders" (put the values in headers as an array), "isBase64Encoded" (send bytes as a Uint8Array body)',
    ],
    [{ failed: ["m1"] }, 'unknown key "failed" ({ failed } answers a messages event, not an http one)'],
    [{ status: 200, body: "x", cookie: ["a=1"] }, 'unknown key "cookie"'],
  ])("%j answers a generic 500 and logs the keys and the fix", async (result, keys) => {
    const logs: Array<Record<string, unknown>> = [];
    const response = await invoke(
      defineHandler(() => result as never),
      httpEvent(),
      { logs, requestId: "shape" },
    );
    expect([response.status, { ...response.headers }, response.text]).toEqual([
      500,
      { "content-type": JSON_TYPE },
      '{"error":"Internal Server Error"}',
    ]);
    expect(logs).toMatchObject([
      {
        level: "error",
        message: "http handler failed",
        requestId: "shape",
        error: {
          name: "TypeError",
          message: `Invalid result for an http event: ${keys}. A result has only status, headers, cookies and body; to send data as JSON, return json(data)`,
        },
      },
    ]);
  });

  test("an empty object is still a 204, and inherited keys of a class instance count too", async () => {
    class Answer {
      body = "hi";
    }
    Object.defineProperty(Answer.prototype, "statusCode", { value: 201, enumerable: true });
    const empty = await invoke(
      defineHandler(() => ({})),
      httpEvent(),
    );
    const instance = await invoke(
      defineHandler(() => new Answer() as never),
      httpEvent(),
      { logs: [] },
    );
    expect([empty.status, instance.status]).toEqual([204, 500]);
  });
});
