import { describe, expect, test } from "vitest";
import { defineHandler, json } from "./index.ts";
import { httpEvent, invoke } from "./testing.ts";

describe("responses without content", () => {
  test.each([204, 205, 304])("a %i result's body is dropped, its headers kept", async (status) => {
    const response = await invoke(
      defineHandler(() => ({ status, headers: { etag: '"v1"' }, body: "must not be sent" })),
      httpEvent(),
    );
    expect([response.status, { ...response.headers }, response.body]).toEqual([status, { etag: '"v1"' }, null]);
  });

  test("an answer to HEAD keeps the status and headers, no body; an HttpError's too", async () => {
    const ok = await invoke(
      defineHandler(() => json({ a: 1 })),
      httpEvent({ method: "HEAD" }),
    );
    const missing = await invoke(
      defineHandler(() => {
        throw new (class extends Error {})("x");
      }),
      httpEvent({ method: "HEAD" }),
      { logs: [] },
    );
    expect([ok.status, ok.headers["content-type"], ok.body, missing.status, missing.body]).toEqual([
      200,
      "application/json; charset=utf-8",
      null,
      500,
      null,
    ]);
  });
});
