// Verifies the OIDC ID token Google attaches to a push delivery (Pub/Sub push, Eventarc, Cloud Tasks,
// Cloud Scheduler): the signature with jose against the issuer's published keys, then the claims
// Google says to check — issuer, audience, expiry, and the sender's service-account email, verified.
import type { DeliveryRequest, DeliveryVerifier, Verification, VerificationFailure } from "@fnport/core/adapter";
import { decodeProtectedHeader, type JWTPayload, jwtVerify } from "jose";
import { type KeyFetch, RemoteKeySet } from "./_key-set.ts";

/** Google's ID token issuers: it signs with either spelling. */
export const GOOGLE_ISSUERS: readonly string[] = ["https://accounts.google.com", "accounts.google.com"];
/** Google's signing keys for ID tokens (a JWKS). */
export const GOOGLE_JWKS_URL = "https://www.googleapis.com/oauth2/v3/certs";
/** Default allowed clock difference between Google and this instance, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;
/** Default least time between two key fetches that are not due to expiry (an unknown key id, a retry after a failure). */
export const DEFAULT_KEY_REFRESH_COOLDOWN_MS = 30_000;
/** Default time a key fetch may take. */
export const DEFAULT_KEY_FETCH_TIMEOUT_MS = 5_000;
/** Default number of verified tokens remembered. */
export const DEFAULT_VERIFIED_TOKENS = 256;

/** Options of `oidcVerifier()`. */
export interface OidcVerifierOptions {
  /**
   * The audience(s) a token must be issued for (`aud`): what the push subscription, Eventarc trigger, task
   * or job names — by default the URL it pushes to (e.g. `https://my-service-abc123-uc.a.run.app`).
   * Required: without it, a token minted for any other service would do.
   */
  audience: string | readonly string[];
  /**
   * The service accounts allowed to deliver (the token's `email`, which must also be verified): the push
   * subscription's `--push-auth-service-account`, the trigger's `--service-account`, the task's or job's
   * OIDC service account. Required and not empty: any Google account can mint a token for your audience.
   */
  serviceAccounts: readonly string[];
  /** Accepted issuers (`iss`). Default: `GOOGLE_ISSUERS`, both spellings Google uses. */
  issuers?: readonly string[] | undefined;
  /** The JWKS endpoint with the issuer's signing keys. Default: `GOOGLE_JWKS_URL`. */
  jwksUrl?: string | undefined;
  /** Allowed clock difference for `exp`, `nbf` and `iat`, in seconds (default 60). */
  clockToleranceSeconds?: number | undefined;
  /** Accepted signature algorithms (default `["RS256"]`, what Google signs with). Symmetric algorithms and `none` are refused. */
  algorithms?: readonly string[] | undefined;
  /**
   * Least time between two key fetches not due to expiry, in ms (default 30 000): a token naming an unknown
   * key fetches the keys again once, then no more until this has passed; so does a retry after a failed fetch.
   */
  keyRefreshCooldownMs?: number | undefined;
  /** How long a key fetch may take, in ms (default 5 000). */
  keyFetchTimeoutMs?: number | undefined;
  /**
   * How many verified tokens to remember (default 256; `0`: verify every signature). Pub/Sub reuses a
   * token for up to an hour, so a remembered one skips the signature check (the bulk of the cost) until
   * its `exp`; a refused token is never remembered.
   */
  verifiedTokens?: number | undefined;
  /** The `fetch` used for the keys (default: the global one). */
  fetch?: KeyFetch | undefined;
}

const ASYMMETRIC = /^(?:RS|PS|ES)(?:256|384|512)$|^EdDSA$|^Ed25519$|^ES256K$/;

function list(name: string, value: string | readonly string[] | undefined, fallback?: readonly string[]): string[] {
  const values = value === undefined ? fallback && [...fallback] : typeof value === "string" ? [value] : [...value];
  if (values === undefined || values.length === 0 || values.some((item) => typeof item !== "string" || item === ""))
    throw new TypeError(`oidcVerifier(): ${name} must be a non-empty string or list of strings`);
  return values;
}

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (value === 0 && !allowZero))
    throw new RangeError(`oidcVerifier(): ${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${value}`);
  return value;
}

const failure = (status: VerificationFailure["status"], reason: string, message: string): VerificationFailure => ({
  ok: false,
  status,
  reason,
  message,
});

const unauthorized = (reason: string, message: string): VerificationFailure => failure(401, reason, message);

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 9110 §11.1). */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer +([^ ]+) *$/i.exec(authorization);
  return match?.[1];
}

const isoTime = (seconds: unknown): string =>
  typeof seconds === "number" && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : JSON.stringify(seconds);

/** A jose error as the reason a delivery is refused; `undefined` for what is not a token problem. */
function fromJoseError(error: unknown): VerificationFailure | undefined {
  const { code, claim, payload } = error as { code?: unknown; claim?: unknown; payload?: JWTPayload };
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return unauthorized("expired", `the token expired at ${isoTime(payload?.exp)}`);
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (claim === "nbf") return unauthorized("not-yet-valid", `the token is not valid before ${isoTime(payload?.nbf)}`);
      if (claim === "iss") return unauthorized("wrong-issuer", `the token's issuer ${JSON.stringify(payload?.iss)} is not an accepted one`);
      if (claim === "aud")
        return unauthorized("wrong-audience", `the token's audience ${JSON.stringify(payload?.aud)} is not the expected one`);
      return unauthorized("invalid-claims", `the token's claims are invalid: ${(error as Error).message}`);
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return unauthorized("bad-signature", "the token's signature does not verify");
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return unauthorized("alg", "the token's signature algorithm is not allowed");
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return unauthorized("unknown-key", "no single published key fits the token's key id and algorithm");
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
    case "ERR_JOSE_NOT_SUPPORTED":
    case "ERR_JWK_INVALID":
      return unauthorized("malformed", `the token is malformed: ${(error as Error).message}`);
    default:
      return undefined;
  }
}

/**
 * A `DeliveryVerifier` for Google-signed OIDC ID tokens (`Authorization: Bearer <JWT>`), for the `verify`
 * option of `cloudRun()`/`toNodeHandler()` (and any adapter built on `verifyDelivery()`):
 * `oidcVerifier({ audience: "https://my-service-abc123-uc.a.run.app", serviceAccounts: ["push@my-project.iam.gserviceaccount.com"] })`.
 *
 * A delivery passes when its token is signed by a key Google publishes (RS256, keys cached per the
 * endpoint's cache headers), comes from an accepted issuer, is for `audience`, is within its validity
 * (with `clockToleranceSeconds`), and names one of `serviceAccounts` as a verified `email`. Else it is
 * refused: 401 for a missing or invalid token, 403 for a caller not allowed, 503 when the keys cannot be
 * fetched. Runs on Node and Workers (WebCrypto).
 */
export function oidcVerifier(options: OidcVerifierOptions): DeliveryVerifier {
  const audience = list("audience", options.audience);
  const allowed = new Set(list("serviceAccounts", options.serviceAccounts).map((email) => email.toLowerCase()));
  const issuers = list("issuers", options.issuers, GOOGLE_ISSUERS);
  const algorithms = list("algorithms", options.algorithms, ["RS256"]);
  for (const alg of algorithms)
    if (!ASYMMETRIC.test(alg)) throw new RangeError(`oidcVerifier(): algorithm ${alg} is not a public-key signature algorithm`);
  const clockTolerance = positive("clockToleranceSeconds", options.clockToleranceSeconds, DEFAULT_CLOCK_TOLERANCE_SECONDS, true);
  const keys = new RemoteKeySet({
    url: options.jwksUrl ?? GOOGLE_JWKS_URL,
    cooldownMs: positive("keyRefreshCooldownMs", options.keyRefreshCooldownMs, DEFAULT_KEY_REFRESH_COOLDOWN_MS, true),
    timeoutMs: positive("keyFetchTimeoutMs", options.keyFetchTimeoutMs, DEFAULT_KEY_FETCH_TIMEOUT_MS),
    // Looked up per call: a Workers `fetch` called detached from the global throws "Illegal invocation".
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
  });
  const verifyOptions = { issuer: issuers, audience, algorithms, clockTolerance, requiredClaims: ["exp", "iat"] };
  const rememberedMax = options.verifiedTokens ?? DEFAULT_VERIFIED_TOKENS;
  if (!Number.isInteger(rememberedMax) || rememberedMax < 0)
    throw new RangeError(`oidcVerifier(): verifiedTokens must be a whole number, got ${rememberedMax}`);
  // Token → its verified outcome and expiry (s). Insertion order is age: the oldest goes first when full.
  const remembered = new Map<string, { verified: Verification; exp: number }>();

  async function verify(request: DeliveryRequest): Promise<Verification> {
    const authorization = request.headers.authorization;
    const token = bearerToken(authorization);
    if (token === undefined)
      return unauthorized(
        "missing-token",
        authorization === undefined ? "no Authorization header" : "the Authorization header is not a Bearer token",
      );
    const known = remembered.get(token);
    if (known !== undefined) {
      if (Date.now() / 1000 <= known.exp + clockTolerance) return known.verified;
      remembered.delete(token); // expired since: verified again below, and refused as expired
    }
    const verified = await verifySignedToken(token);
    if (verified.ok && rememberedMax > 0) {
      if (remembered.size >= rememberedMax) remembered.delete(remembered.keys().next().value as string);
      remembered.set(token, { verified, exp: verified.caller.claims.exp as number });
    }
    return verified;
  }

  /** The whole check of a token not remembered: header, key, signature, claims, caller. */
  async function verifySignedToken(token: string): Promise<Verification> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return unauthorized("malformed", "the token is not a JWT");
    }
    // Checked before any key is fetched: `alg: none` or an HS256 token signed with the public key stops here.
    if (typeof header.alg !== "string" || !algorithms.includes(header.alg))
      return unauthorized("alg", `the token's algorithm ${JSON.stringify(header.alg)} is not allowed (${algorithms.join(", ")})`);
    if (typeof header.kid !== "string" || header.kid === "") return unauthorized("unknown-key", "the token names no key (kid)");
    const lookup = await keys.lookup(header.kid);
    if (!lookup.ok) return failure(lookup.reason === "keys-unavailable" ? 503 : 401, lookup.reason, lookup.message);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, lookup.getKey, verifyOptions));
    } catch (error) {
      const refused = fromJoseError(error);
      if (refused === undefined) throw error;
      return refused;
    }
    // jose checks `iat` only against a maximum age; a token issued in the future is not valid yet either.
    if ((payload.iat as number) > Date.now() / 1000 + clockTolerance)
      return unauthorized("not-yet-valid", `the token is issued in the future, at ${isoTime(payload.iat)}`);
    const { email } = payload;
    if (typeof email !== "string" || !allowed.has(email.toLowerCase()))
      return failure(403, "email-not-allowed", `the caller ${JSON.stringify(email)} is not one of the allowed service accounts`);
    // Google's guidance: the email counts only when verified (a boolean in its tokens; the string "true" in older ones).
    if (payload.email_verified !== true && payload.email_verified !== "true")
      return failure(403, "email-not-verified", `the caller's email ${JSON.stringify(email)} is not verified`);
    return { ok: true, caller: { issuer: payload.iss as string, subject: payload.sub, email, claims: payload } };
  }

  return { verify };
}
