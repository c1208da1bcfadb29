// Runs the sample at the top of this example's README: the suite's hello app deployed with pocket().
import { HELLO_ANSWER, HELLO_REQUEST } from "@fnport/conformance/hello";
import { expect, test } from "vitest";
import fn from "./hello-entry.ts";

test("pocket(app) answers Pocket's HTTP request", async () => {
  const response = await fn.http({
    id: "readme",
    method: HELLO_REQUEST.method,
    target: HELLO_REQUEST.path,
    headers: Object.entries(HELLO_REQUEST.headers),
    body: new TextEncoder().encode(HELLO_REQUEST.body),
    deadline: Date.now() + 10_000,
  });
  expect([response.status, new TextDecoder().decode(response.body ?? new Uint8Array())]).toEqual([HELLO_ANSWER.status, HELLO_ANSWER.body]);
});
