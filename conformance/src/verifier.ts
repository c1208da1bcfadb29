// The delivery verifier a harness with `verified-deliveries` deploys the app with: a rule the suite states,
// so every adapter's answers to trusted, forged and unverifiable deliveries can be compared exactly.
import type { DeliveryRequest, DeliveryVerifier, Verification } from "@fnport/core/adapter";

/** `Authorization: Bearer conformance-trusted`: a delivery from a trusted sender. */
export const TRUSTED_TOKEN = "conformance-trusted";
/** A token the verifier knows but whose caller is not allowed: 403 `forbidden-caller`. */
export const FORBIDDEN_TOKEN = "conformance-forbidden";
/** A token whose check fails: the verifier throws (`Error: the conformance verifier failed`). */
export const FAILING_TOKEN = "conformance-verifier-fails";
/** Tokens that start so are trusted once per instance; again, they are refused 401 `replayed-token` (a verifier with replay protection). */
export const SINGLE_USE_PREFIX = "conformance-once-";
/** What the verifier throws for `FAILING_TOKEN`. */
export const VERIFIER_FAILURE = "the conformance verifier failed";

const CALLER = { issuer: "https://conformance.test", subject: "conformance-sender", email: undefined, claims: {} };

/**
 * The suite's verifier (`verified-deliveries`), one per instance. By the delivery's `authorization` header:
 * none → 401 `missing-token` ("no Authorization header"); `Bearer conformance-trusted` → trusted;
 * `Bearer conformance-forbidden` → 403 `forbidden-caller` ("the caller is not allowed");
 * `Bearer conformance-verifier-fails` → throws; `Bearer conformance-once-ID` → trusted the first time, then
 * 401 `replayed-token` ("the token was used before"); anything else → 401 `invalid-token` ("the token is not trusted").
 */
export function conformanceVerifier(): DeliveryVerifier {
  const used = new Set<string>();
  return {
    async verify(request: DeliveryRequest): Promise<Verification> {
      const authorization = request.headers.authorization;
      if (authorization === undefined) return { ok: false, status: 401, reason: "missing-token", message: "no Authorization header" };
      const token = authorization.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : undefined;
      if (token === FAILING_TOKEN) throw new Error(VERIFIER_FAILURE);
      if (token === TRUSTED_TOKEN) return { ok: true, caller: CALLER };
      if (token === FORBIDDEN_TOKEN) return { ok: false, status: 403, reason: "forbidden-caller", message: "the caller is not allowed" };
      if (token?.startsWith(SINGLE_USE_PREFIX) === true) {
        if (used.has(token)) return { ok: false, status: 401, reason: "replayed-token", message: "the token was used before" };
        used.add(token);
        return { ok: true, caller: CALLER };
      }
      return { ok: false, status: 401, reason: "invalid-token", message: "the token is not trusted" };
    },
  };
}
