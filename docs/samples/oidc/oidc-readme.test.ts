// Runs the samples of packages/oidc/README.md: the verified server as its own process, the toolkit call,
// and the test issuer.
import { createLogger } from "@fnport/core/adapter";
import { expect, test } from "vitest";
import { startEntry } from "../spawn-entry.ts";
import { deliver } from "./toolkit.ts";

const push = { message: { data: "aGk=", messageId: "1" }, subscription: "projects/p/subscriptions/s" };

test("quick-start.ts: a Pub/Sub push without Google's token is refused 401 before the app runs", { timeout: 60_000 }, async () => {
  const entry = await startEntry(new URL("quick-start.ts", import.meta.url));
  try {
    const response = await fetch(`http://127.0.0.1:${entry.port}/`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
      },
      body: JSON.stringify(push),
    });
    expect([response.status, await response.text()]).toEqual([401, '{"error":"Unauthorized"}']);
  } finally {
    expect(await entry.stop()).toBe(0);
  }
});

test("toolkit.ts: verifyDelivery answers 401 for a delivery without a token, logs why, and nothing runs", async () => {
  const lines: unknown[] = [];
  const log = createLogger({}, "info", (line) => lines.push(JSON.parse(line)));
  let ran = 0;
  const response = await deliver({}, new TextEncoder().encode(JSON.stringify(push)), log, async () => {
    ran++;
    return { status: 204, headers: {}, cookies: [], body: null };
  });
  expect([ran, response.status]).toEqual([0, 401]);
  expect(lines).toEqual([
    {
      level: "warn",
      severity: "WARNING",
      time: expect.any(String),
      message: "refused a pubsub-push delivery: no Authorization header",
      status: 401,
      reason: "missing-token",
    },
  ]);
});

test("testing.ts: a token from the test issuer verifies against its JWKS", async () => {
  const { verification } = await import("./testing.ts");
  expect(verification.ok && verification.caller.email).toBe("push@p.iam.gserviceaccount.com");
});
