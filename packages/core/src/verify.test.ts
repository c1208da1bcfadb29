import { describe, expect, test } from "vitest";
import { createLogger } from "./logger.ts";
import { type DeliveryVerifier, refusedDeliveryResponse, type Verification, verifyDelivery } from "./verify.ts";

function logTo(lines: Array<Record<string, unknown>>) {
  return createLogger({ requestId: "r-1" }, "info", (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
}

const verifierOf = (result: Verification | Error): DeliveryVerifier => ({
  verify: () => (result instanceof Error ? Promise.reject(result) : Promise.resolve(result)),
});

const request = { headers: { authorization: "Bearer secret.token.value" }, body: new Uint8Array() };

describe("verifyDelivery", () => {
  test("a verified caller: nothing to send, nothing logged", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const caller = { issuer: "https://accounts.google.com", subject: "1", email: "a@b", claims: {} };
    expect(await verifyDelivery(verifierOf({ ok: true, caller }), request, logTo(lines), "pubsub-push")).toBeUndefined();
    expect(lines).toEqual([]);
  });

  test("a refusal: one warning line saying why, and the 401 to send", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const refused = await verifyDelivery(
      verifierOf({ ok: false, status: 401, reason: "expired", message: "the token expired at 2026-12-02T10:00:00.000Z" }),
      request,
      logTo(lines),
      "cloudevent",
    );
    expect(refused).toEqual({
      status: 401,
      headers: { "www-authenticate": 'Bearer error="invalid_token"', "content-type": "application/json; charset=utf-8" },
      cookies: [],
      body: '{"error":"Unauthorized"}',
    });
    expect(lines).toMatchObject([
      {
        level: "warn",
        message: "refused a cloudevent delivery: the token expired at 2026-12-02T10:00:00.000Z",
        status: 401,
        reason: "expired",
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain("secret.token.value");
  });

  test("a verifier that throws fails closed: 500, logged as an error", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const error = new Error("bug");
    const refused = await verifyDelivery(verifierOf(error), request, logTo(lines), "cloud-tasks");
    expect(refused).toMatchObject({ status: 500, body: '{"error":"Internal Server Error"}' });
    expect(lines).toEqual([
      {
        level: "error",
        severity: "ERROR",
        time: expect.any(String),
        message: "could not verify a cloud-tasks delivery: the verifier failed",
        requestId: "r-1",
        error: { name: "Error", message: "bug", stack: error.stack },
      },
    ]);
  });
});

describe("refusedDeliveryResponse", () => {
  test("401 without a token challenges plainly; 403 and 503 carry no challenge", () => {
    const answer = (status: 401 | 403 | 503, reason: string) => refusedDeliveryResponse({ ok: false, status, reason, message: "m" });
    expect(answer(401, "missing-token")).toMatchObject({ status: 401, headers: { "www-authenticate": "Bearer" } });
    expect(answer(403, "email-not-allowed")).toEqual({
      status: 403,
      headers: { "content-type": "application/json; charset=utf-8" },
      cookies: [],
      body: '{"error":"Forbidden"}',
    });
    expect(answer(503, "keys-unavailable")).toMatchObject({ status: 503, body: '{"error":"Service Unavailable"}' });
  });
});
