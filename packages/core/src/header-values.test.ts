// Header values in a result are strings or finite numbers, in arrays too: anything else is a logged 500,
// never a header line written from null or from a toJSON().
import { describe, expect, test } from "vitest";
import { defineHandler } from "./index.ts";
import { httpEvent, invoke } from "./testing.ts";

const sneaky = { toString: () => "clean", toJSON: () => "evil\r\nset-cookie: admin=1" };

describe("header values in a result", () => {
  test.each([
    [{ headers: { "x-a": [null] } }, 'Invalid value for header "x-a" in result: expected a string or a number, got null'],
    [{ headers: { "x-a": [sneaky] } }, 'Invalid value for header "x-a" in result: expected a string or a number, got object'],
    [{ headers: { "x-a": sneaky } }, 'Invalid value for header "x-a" in result: expected a string or a number, got object'],
    [{ headers: { "x-a": ["ok", 1, true] } }, 'Invalid value for header "x-a" in result: expected a string or a number, got boolean'],
    [
      { headers: { "x-a": [["nested"]] } },
      'Invalid value for header "x-a" in result: expected a string or a number, got an array inside an array',
    ],
    [{ headers: { "x-a": Number.NaN } }, 'Invalid value for header "x-a" in result: expected a string or a number, got number'],
    [{ cookies: [null] }, 'Invalid value for header "set-cookie" in result: expected a string or a number, got null'],
    [{ cookies: "a=1; Path=/" }, "Invalid cookies in result: expected an array of set-cookie values, got string"],
    [{ headers: "x-a: 1" }, "Invalid headers in result: expected an object, got string"],
  ])("%j is a 500 naming the header", async (result, message) => {
    const logs: Array<Record<string, unknown>> = [];
    const response = await invoke(
      defineHandler(() => result as never),
      httpEvent(),
      { logs },
    );
    expect([response.status, response.text]).toEqual([500, '{"error":"Internal Server Error"}']);
    expect(logs).toMatchObject([{ message: "http handler failed", error: { name: "TypeError", message } }]);
  });

  test("strings and finite numbers, alone or in arrays, are sent", async () => {
    const response = await invoke(
      defineHandler(() => ({ headers: { "x-a": ["1", 2], "x-b": 3.5, "x-c": "c" }, body: "ok" })),
      httpEvent(),
    );
    expect({ ...response.headers }).toEqual({ "x-a": "1, 2", "x-b": "3.5", "x-c": "c" });
  });
});
