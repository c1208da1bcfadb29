import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { DeliveryVerifier, Verification } from "@fnport/core/adapter";
import { generateKeyPair, SignJWT } from "jose";
import { afterEach, describe, expect, test } from "vitest";
import { startTestIssuer, type TestIssuer } from "./testing.ts";
import { bearerToken, GOOGLE_ISSUERS, type OidcVerifierOptions, oidcVerifier } from "./verifier.ts";

const AUDIENCE = "https://orders-abc123-uc.a.run.app";
const PUSHER = "pubsub-push@my-project.iam.gserviceaccount.com";

const issuers: TestIssuer[] = [];
afterEach(async () => {
  await Promise.all(issuers.splice(0).map((issuer) => issuer.close()));
});

async function setUp(options: Partial<OidcVerifierOptions> = {}, cacheControl?: string) {
  const issuer = await startTestIssuer({ audience: AUDIENCE, serviceAccount: PUSHER, cacheControl });
  issuers.push(issuer);
  const verifier = oidcVerifier({ audience: AUDIENCE, serviceAccounts: [PUSHER], jwksUrl: issuer.jwksUrl, ...options });
  return { issuer, verifier };
}

const check = (verifier: DeliveryVerifier, token: string | undefined): Promise<Verification> =>
  verifier.verify({ headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, body: new Uint8Array() });

/** `{status, reason}` of a refusal, or "ok" with the caller's email. */
async function outcome(verifier: DeliveryVerifier, token: string | undefined): Promise<unknown> {
  const result = await check(verifier, token);
  return result.ok ? { ok: result.caller.email } : { status: result.status, reason: result.reason, message: result.message };
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = (): number => Math.floor(Date.now() / 1000);

describe("oidcVerifier: the token's claims", () => {
  test("a valid Google-shaped token passes, with the caller's claims", async () => {
    const { issuer, verifier } = await setUp();
    const result = await check(verifier, await issuer.token());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.caller).toMatchObject({ issuer: "https://accounts.google.com", subject: "113774264463038321964", email: PUSHER });
    expect(result.caller.claims.aud).toBe(AUDIENCE);
  });

  test("both issuer spellings Google uses pass; another issuer is refused", async () => {
    const { issuer, verifier } = await setUp();
    expect(GOOGLE_ISSUERS).toEqual(["https://accounts.google.com", "accounts.google.com"]);
    expect(await outcome(verifier, await issuer.token({ iss: "accounts.google.com" }))).toEqual({ ok: PUSHER });
    expect(await outcome(verifier, await issuer.token({ iss: "https://evil.example" }))).toEqual({
      status: 401,
      reason: "wrong-issuer",
      message: 'the token\'s issuer "https://evil.example" is not an accepted one',
    });
  });

  test("expired (beyond the clock tolerance) → 401 expired; within the tolerance it passes", async () => {
    const { issuer, verifier } = await setUp({ clockToleranceSeconds: 30 });
    const exp = now() - 31;
    expect(await outcome(verifier, await issuer.token({ iat: exp - 3600, exp }))).toEqual({
      status: 401,
      reason: "expired",
      message: `the token expired at ${new Date(exp * 1000).toISOString()}`,
    });
    expect(await outcome(verifier, await issuer.token({ iat: now() - 3610, exp: now() - 10 }))).toEqual({ ok: PUSHER });
  });

  test("not yet valid: nbf in the future, or issued in the future → 401 not-yet-valid", async () => {
    const { issuer, verifier } = await setUp({ clockToleranceSeconds: 5 });
    const nbf = now() + 600;
    expect(await outcome(verifier, await issuer.token({ nbf }))).toEqual({
      status: 401,
      reason: "not-yet-valid",
      message: `the token is not valid before ${new Date(nbf * 1000).toISOString()}`,
    });
    const iat = now() + 600;
    expect(await outcome(verifier, await issuer.token({ iat, exp: iat + 3600 }))).toEqual({
      status: 401,
      reason: "not-yet-valid",
      message: `the token is issued in the future, at ${new Date(iat * 1000).toISOString()}`,
    });
  });

  test("wrong audience → 401; any of several audiences passes", async () => {
    const { issuer, verifier } = await setUp({ audience: [AUDIENCE, "https://orders.example.com/events"] });
    expect(await outcome(verifier, await issuer.token({ aud: "https://other-service-xyz-uc.a.run.app" }))).toEqual({
      status: 401,
      reason: "wrong-audience",
      message: 'the token\'s audience "https://other-service-xyz-uc.a.run.app" is not the expected one',
    });
    expect(await outcome(verifier, await issuer.token({ aud: "https://orders.example.com/events" }))).toEqual({ ok: PUSHER });
  });

  test("wrong email → 403 (case of the address does not matter); no email → 403", async () => {
    const { issuer, verifier } = await setUp();
    expect(await outcome(verifier, await issuer.token({ email: "someone@gmail.com" }))).toEqual({
      status: 403,
      reason: "email-not-allowed",
      message: 'the caller "someone@gmail.com" is not one of the allowed service accounts',
    });
    expect(await outcome(verifier, await issuer.token({ email: PUSHER.toUpperCase() }))).toEqual({ ok: PUSHER.toUpperCase() });
    expect(await outcome(verifier, await issuer.token({ email: undefined }))).toMatchObject({ status: 403, reason: "email-not-allowed" });
  });

  test("email not verified → 403; a missing email_verified is not verified", async () => {
    const { issuer, verifier } = await setUp();
    const refused = { status: 403, reason: "email-not-verified", message: `the caller's email "${PUSHER}" is not verified` };
    expect(await outcome(verifier, await issuer.token({ email_verified: false }))).toEqual(refused);
    expect(await outcome(verifier, await issuer.token({ email_verified: undefined }))).toEqual(refused);
    expect(await outcome(verifier, await issuer.token({ email_verified: "true" }))).toEqual({ ok: PUSHER });
  });

  test("a token without exp or iat is refused", async () => {
    const { issuer, verifier } = await setUp();
    expect(await outcome(verifier, await issuer.token({ exp: undefined }))).toMatchObject({ status: 401, reason: "invalid-claims" });
    expect(await outcome(verifier, await issuer.token({ iat: undefined }))).toMatchObject({ status: 401, reason: "invalid-claims" });
  });
});

describe("oidcVerifier: the token itself", () => {
  test("no Authorization header, another scheme, or not a JWT → 401", async () => {
    const { verifier } = await setUp();
    expect(await outcome(verifier, undefined)).toEqual({ status: 401, reason: "missing-token", message: "no Authorization header" });
    const basic = await verifier.verify({ headers: { authorization: "Basic dXNlcjpwYXNz" }, body: new Uint8Array() });
    expect(basic).toEqual({ ok: false, status: 401, reason: "missing-token", message: "the Authorization header is not a Bearer token" });
    expect(await outcome(verifier, "not-a-jwt")).toEqual({ status: 401, reason: "malformed", message: "the token is not a JWT" });
  });

  test("alg none is refused before any key is fetched", async () => {
    const { issuer, verifier } = await setUp();
    const unsigned = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ iss: "https://accounts.google.com", aud: AUDIENCE, email: PUSHER, email_verified: true, iat: now(), exp: now() + 3600 })}.`;
    expect(await outcome(verifier, unsigned)).toEqual({
      status: 401,
      reason: "alg",
      message: 'the token\'s algorithm "none" is not allowed (RS256)',
    });
    expect(issuer.keyFetches).toBe(0);
  });

  test("an HS256 token signed with the published public key is refused (alg)", async () => {
    const { issuer, verifier } = await setUp();
    const secret = new TextEncoder().encode(JSON.stringify(issuer.publicJwk));
    const forged = await new SignJWT({ aud: AUDIENCE, email: PUSHER, email_verified: true })
      .setProtectedHeader({ alg: "HS256", kid: issuer.kid })
      .setIssuer("https://accounts.google.com")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(secret);
    expect(await outcome(verifier, forged)).toMatchObject({ status: 401, reason: "alg" });
  });

  test("a token signed by another key under a listed kid → 401 bad-signature", async () => {
    const { issuer, verifier } = await setUp();
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ aud: AUDIENCE, email: PUSHER, email_verified: true })
      .setProtectedHeader({ alg: "RS256", kid: issuer.kid })
      .setIssuer("https://accounts.google.com")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    expect(await outcome(verifier, forged)).toEqual({
      status: 401,
      reason: "bad-signature",
      message: "the token's signature does not verify",
    });
  });

  test("a tampered payload → 401 bad-signature", async () => {
    const { issuer, verifier } = await setUp();
    const [head, , signature] = (await issuer.token({ email: "someone@gmail.com" })).split(".");
    const tampered = `${head}.${b64url({ iss: "https://accounts.google.com", aud: AUDIENCE, email: PUSHER, email_verified: true, iat: now(), exp: now() + 3600 })}.${signature}`;
    expect(await outcome(verifier, tampered)).toMatchObject({ status: 401, reason: "bad-signature" });
  });

  test("constructor refuses a missing audience, no service accounts, or a symmetric algorithm", () => {
    expect(() => oidcVerifier({ audience: [], serviceAccounts: [PUSHER] })).toThrow(
      new TypeError("oidcVerifier(): audience must be a non-empty string or list of strings"),
    );
    expect(() => oidcVerifier({ audience: AUDIENCE, serviceAccounts: [] })).toThrow(
      new TypeError("oidcVerifier(): serviceAccounts must be a non-empty string or list of strings"),
    );
    expect(() => oidcVerifier({ audience: AUDIENCE, serviceAccounts: [PUSHER], algorithms: ["HS256"] })).toThrow(
      new RangeError("oidcVerifier(): algorithm HS256 is not a public-key signature algorithm"),
    );
  });

  test("bearerToken reads the scheme case-insensitively and refuses anything else", () => {
    expect(bearerToken("Bearer a.b.c")).toBe("a.b.c");
    expect(bearerToken("bearer a.b.c")).toBe("a.b.c");
    expect(bearerToken("Bearer ")).toBeUndefined();
    expect(bearerToken("Bearer a b")).toBeUndefined();
    expect(bearerToken("Basic a")).toBeUndefined();
  });
});

describe("oidcVerifier: the keys", () => {
  test("an unknown kid fetches the keys again once, then not per request until the cooldown passes", async () => {
    const { issuer, verifier } = await setUp({ keyRefreshCooldownMs: 300 });
    expect(await outcome(verifier, await issuer.token())).toEqual({ ok: PUSHER });
    expect(issuer.keyFetches).toBe(1);
    const unknown = await issuer.token({}, { kid: "made-up-key" });
    const refused = {
      status: 401,
      reason: "unknown-key",
      message: `the token is signed with key "made-up-key", which ${issuer.jwksUrl} does not list`,
    };
    expect(await outcome(verifier, unknown)).toEqual(refused); // within the cooldown of the first fetch: none
    expect(issuer.keyFetches).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const again = await Promise.all(Array.from({ length: 50 }, () => outcome(verifier, unknown)));
    expect(again).toEqual(Array.from({ length: 50 }, () => refused));
    expect(issuer.keyFetches).toBe(2); // fifty at once: one refresh
    expect(await outcome(verifier, unknown)).toEqual(refused);
    expect(issuer.keyFetches).toBe(2);
  });

  test("concurrent requests share one fetch", async () => {
    const { issuer, verifier } = await setUp();
    const token = await issuer.token();
    const results = await Promise.all(Array.from({ length: 100 }, () => outcome(verifier, token)));
    expect(results).toEqual(Array.from({ length: 100 }, () => ({ ok: PUSHER })));
    expect(issuer.keyFetches).toBe(1);
  });

  test("a rotated key: the new kid triggers a refresh and passes; a key no longer listed is refused", async () => {
    const { issuer, verifier } = await setUp({ keyRefreshCooldownMs: 0, verifiedTokens: 0 }); // every signature checked
    const old = await issuer.token();
    expect(await outcome(verifier, old)).toEqual({ ok: PUSHER });
    await issuer.rotate({ keepOld: true });
    expect(await outcome(verifier, await issuer.token())).toEqual({ ok: PUSHER });
    expect(issuer.keyFetches).toBe(2);
    expect(await outcome(verifier, old)).toEqual({ ok: PUSHER }); // still listed: no fetch
    expect(issuer.keyFetches).toBe(2);
    await issuer.rotate(); // the two older keys are gone
    expect(await outcome(verifier, await issuer.token())).toEqual({ ok: PUSHER });
    expect(await outcome(verifier, old)).toMatchObject({ status: 401, reason: "unknown-key" });
  });

  test("a JWKS endpoint that answers 503 → deliveries refused with 503, and retried only after the cooldown", async () => {
    const { issuer, verifier } = await setUp({ keyRefreshCooldownMs: 200 });
    issuer.setAvailable(false);
    const token = await issuer.token();
    expect(await outcome(verifier, token)).toEqual({
      status: 503,
      reason: "keys-unavailable",
      message: `the signing keys could not be fetched from ${issuer.jwksUrl}: the endpoint answered 503`,
    });
    expect(await outcome(verifier, token)).toMatchObject({ status: 503, reason: "keys-unavailable" });
    expect(issuer.keyFetches).toBe(1);
    issuer.setAvailable(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await outcome(verifier, token)).toEqual({ ok: PUSHER });
    expect(issuer.keyFetches).toBe(2);
  });

  test("a JWKS endpoint that refuses connections → 503", async () => {
    const { issuer, verifier } = await setUp();
    const token = await issuer.token();
    await issuer.close();
    expect(await outcome(verifier, token)).toMatchObject({ status: 503, reason: "keys-unavailable" });
  });

  test("a JWKS endpoint that never answers → 503 after keyFetchTimeoutMs", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { issuer } = await setUp();
      const verifier = oidcVerifier({
        audience: AUDIENCE,
        serviceAccounts: [PUSHER],
        jwksUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/certs`,
        keyFetchTimeoutMs: 100,
      });
      expect(await outcome(verifier, await issuer.token())).toEqual({
        status: 503,
        reason: "keys-unavailable",
        message: `the signing keys could not be fetched from http://127.0.0.1:${(silent.address() as AddressInfo).port}/certs: the request timed out`,
      });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  test("keys are kept as long as Cache-Control max-age says, then fetched again", async () => {
    const { issuer, verifier } = await setUp({ keyRefreshCooldownMs: 0, verifiedTokens: 0 }, "public, max-age=1");
    const token = await issuer.token();
    expect(await outcome(verifier, token)).toEqual({ ok: PUSHER });
    expect(await outcome(verifier, token)).toEqual({ ok: PUSHER });
    expect(issuer.keyFetches).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await outcome(verifier, token)).toEqual({ ok: PUSHER });
    expect(issuer.keyFetches).toBe(2);
  });

  test("stale keys are not used when the refresh fails: a token not seen before is refused", async () => {
    const { issuer, verifier } = await setUp({ keyRefreshCooldownMs: 0 }, "max-age=1");
    expect(await outcome(verifier, await issuer.token())).toEqual({ ok: PUSHER });
    issuer.setAvailable(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await outcome(verifier, await issuer.token({ jti: "new" }))).toMatchObject({ status: 503, reason: "keys-unavailable" });
  });

  test("a verified token is remembered until its exp: no second signature check, then refused as expired", async () => {
    const { issuer, verifier } = await setUp({ keyRefreshCooldownMs: 0, clockToleranceSeconds: 0 }, "max-age=1");
    const exp = now() + 4;
    const token = await issuer.token({ exp });
    expect(await outcome(verifier, token)).toEqual({ ok: PUSHER });
    issuer.setAvailable(false); // the keys go stale and cannot be fetched: only the remembered outcome can pass
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await outcome(verifier, token)).toEqual({ ok: PUSHER });
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 + 1100 - Date.now()));
    expect(await outcome(verifier, token)).toMatchObject({ status: 503, reason: "keys-unavailable" }); // verified again: no keys
    issuer.setAvailable(true);
    expect(await outcome(verifier, token)).toMatchObject({ status: 401, reason: "expired" });
  }, 15_000);

  test("verifiedTokens: 0 checks every signature; a full memory forgets the oldest token", async () => {
    const { issuer, verifier } = await setUp({ keyRefreshCooldownMs: 0, verifiedTokens: 0 }, "max-age=1");
    const token = await issuer.token();
    expect(await outcome(verifier, token)).toEqual({ ok: PUSHER });
    issuer.setAvailable(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await outcome(verifier, token)).toMatchObject({ status: 503, reason: "keys-unavailable" });

    const small = await setUp({ keyRefreshCooldownMs: 0, verifiedTokens: 2 }, "max-age=1");
    const [first, second, third] = await Promise.all([
      small.issuer.token({ jti: "1" }),
      small.issuer.token({ jti: "2" }),
      small.issuer.token({ jti: "3" }),
    ]);
    for (const each of [first, second, third]) expect(await outcome(small.verifier, each)).toEqual({ ok: PUSHER });
    small.issuer.setAvailable(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await outcome(small.verifier, third)).toEqual({ ok: PUSHER });
    expect(await outcome(small.verifier, second)).toEqual({ ok: PUSHER });
    expect(await outcome(small.verifier, first)).toMatchObject({ status: 503, reason: "keys-unavailable" });
    expect(() => oidcVerifier({ audience: AUDIENCE, serviceAccounts: [PUSHER], verifiedTokens: -1 })).toThrow(
      new RangeError("oidcVerifier(): verifiedTokens must be a whole number, got -1"),
    );
  }, 15_000); // two 1.1 s waits and two issuers' keys: over 5 s on a loaded machine

  test("1,000 verified deliveries cost one key fetch", async () => {
    const { issuer, verifier } = await setUp({ verifiedTokens: 0 }); // every signature checked
    const token = await issuer.token();
    for (let i = 0; i < 1000; i++) {
      const result = await check(verifier, token);
      if (!result.ok) throw new Error(`delivery ${i} refused: ${result.message}`);
    }
    expect(issuer.keyFetches).toBe(1);
  });
});
