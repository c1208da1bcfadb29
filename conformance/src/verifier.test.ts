import { describe, expect, test } from "vitest";
import { conformanceVerifier } from "./verifier.ts";

const body = new Uint8Array();
const withToken = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization }, body });

describe("conformanceVerifier(): the rule verified-deliveries cases are written against", () => {
  test("trusts conformance-trusted; refuses none, another token or one not sent as Bearer (401), conformance-forbidden (403)", async () => {
    const verifier = conformanceVerifier();
    const outcomes = await Promise.all(
      [undefined, "Bearer conformance-trusted", "conformance-trusted", "Bearer forged", "Bearer conformance-forbidden"].map((token) =>
        verifier.verify(withToken(token)),
      ),
    );
    expect(outcomes).toEqual([
      { ok: false, status: 401, reason: "missing-token", message: "no Authorization header" },
      { ok: true, caller: { issuer: "https://conformance.test", subject: "conformance-sender", email: undefined, claims: {} } },
      { ok: false, status: 401, reason: "invalid-token", message: "the token is not trusted" },
      { ok: false, status: 401, reason: "invalid-token", message: "the token is not trusted" },
      { ok: false, status: 403, reason: "forbidden-caller", message: "the caller is not allowed" },
    ]);
  });

  test("throws for conformance-verifier-fails", async () => {
    await expect(conformanceVerifier().verify(withToken("Bearer conformance-verifier-fails"))).rejects.toThrow(
      new Error("the conformance verifier failed"),
    );
  });

  test("a conformance-once-* token is trusted once per verifier (an instance), then refused as replayed", async () => {
    const verifier = conformanceVerifier();
    const once = withToken("Bearer conformance-once-a");
    expect((await verifier.verify(once)).ok).toBe(true);
    expect(await verifier.verify(once)).toEqual({ ok: false, status: 401, reason: "replayed-token", message: "the token was used before" });
    expect((await verifier.verify(withToken("Bearer conformance-once-b"))).ok).toBe(true);
    expect((await conformanceVerifier().verify(once)).ok).toBe(true);
  });
});
