import { httpEvent, invoke, messagesEvent, scheduleEvent } from "@fnport/core/testing";
import { describe, expect, test } from "vitest";
import app from "./app.ts";

const JSON_TYPE = "application/json; charset=utf-8";

function jsonSyntaxMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

describe("POST /hello", () => {
  test("answers 200 greeting the given name", async () => {
    const response = await invoke(app, httpEvent({ method: "POST", path: "/hello", body: { name: "Ada" } }));
    expect([response.status, { ...response.headers }, response.cookies, response.text]).toEqual([
      200,
      { "content-type": JSON_TYPE },
      [],
      '{"message":"hello, Ada"}',
    ]);
  });

  test("greets the world when no name is given", async () => {
    const response = await invoke(app, httpEvent({ method: "POST", path: "/hello", body: {} }));
    expect([response.status, response.text]).toEqual([200, '{"message":"hello, world"}']);
  });

  test("answers 400 listing the schema issue for a name that is not a string", async () => {
    const response = await invoke(app, httpEvent({ method: "POST", path: "/hello", body: { name: 42 } }));
    expect([response.status, { ...response.headers }, response.json()]).toEqual([
      400,
      { "content-type": JSON_TYPE },
      { error: "Body does not match the schema", issues: [{ path: "name", message: "name must be a string" }] },
    ]);
  });

  test("answers 400 for an empty name", async () => {
    const response = await invoke(app, httpEvent({ method: "POST", path: "/hello", body: { name: "" } }));
    expect([response.status, response.json()]).toEqual([
      400,
      { error: "Body does not match the schema", issues: [{ path: "name", message: "name must not be empty" }] },
    ]);
  });

  test("answers 400 for a body that is not JSON", async () => {
    const response = await invoke(
      app,
      httpEvent({ method: "POST", path: "/hello", body: "{not json", headers: { "content-type": "application/json" } }),
    );
    expect([response.status, response.json()]).toEqual([400, { error: `Body is not valid JSON: ${jsonSyntaxMessage("{not json")}` }]);
  });
});

describe("other requests", () => {
  test("answers 404 for another path", async () => {
    const response = await invoke(app, httpEvent({ method: "POST", path: "/goodbye", body: { name: "Ada" } }));
    expect([response.status, { ...response.headers }, response.text]).toEqual([
      404,
      { "content-type": JSON_TYPE },
      '{"error":"No route for /goodbye"}',
    ]);
  });

  test("answers 405 with allow: POST for a GET", async () => {
    const response = await invoke(app, httpEvent({ method: "GET", path: "/hello" }));
    expect([response.status, { ...response.headers }, response.text]).toEqual([
      405,
      { allow: "POST", "content-type": JSON_TYPE },
      '{"error":"Use POST"}',
    ]);
  });

  test("rejects another kind of event with a clear error", async () => {
    await expect(invoke(app, scheduleEvent(), { logs: [] })).rejects.toThrow(
      new Error("hello handles http requests and messages, got a schedule event"),
    );
  });
});

describe("messages (a queue or topic trigger)", () => {
  test("greets each message's name in the log; a message that fails its schema is failed alone, so it is delivered again", async () => {
    const logs: Array<Record<string, unknown>> = [];
    const result = await invoke(
      app,
      messagesEvent({
        messages: [
          { id: "m1", body: { name: "Pub/Sub" } },
          { id: "m2", body: { name: 42 } },
          { id: "m3", body: {} },
        ],
      }),
      { logs },
    );
    expect(result).toEqual({ failed: ["m2"] });
    expect(
      logs.map((line) => [line.level, line.message, line.messageId, (line.error as { message?: string } | undefined)?.message]),
    ).toEqual([
      ["info", "hello, Pub/Sub", undefined, undefined],
      ["info", "hello, world", undefined, undefined],
      ["warn", "message failed", "m2", "Body does not match the schema"],
    ]);
  });
});
