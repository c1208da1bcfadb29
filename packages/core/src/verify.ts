// Who may deliver an event: the contract between an adapter and a verifier of the caller's identity
// (e.g. `oidcVerifier()` from @fnport/oidc), and the one call an adapter makes before a delivery runs.
import { HttpError } from "./errors.ts";
import type { EncodedHttpResponse } from "./http/result.ts";
import type { Logger } from "./logger.ts";
import { errorResponse } from "./runner.ts";

/** A request that claims to be an event delivery, as a verifier sees it: lower-case headers and the body. */
export interface DeliveryRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

/** Who sent a delivery, as the verifier established it. */
export interface VerifiedCaller {
  /** The token's issuer (`iss`). */
  readonly issuer: string;
  /** The caller's stable id (`sub`), when the token has one. */
  readonly subject: string | undefined;
  /** The caller's verified email (a service account), when the token has one. */
  readonly email: string | undefined;
  /** Every claim of the verified token. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * Why a delivery was refused. `status` is what the sender is answered: 401 (no valid token), 403 (a
 * valid token from a caller that is not allowed), 503 (the verifier could not check, e.g. the keys were
 * unreachable: the sender retries). `reason` is a short code, `message` says it for a person; neither
 * ever contains the token.
 */
export interface VerificationFailure {
  readonly ok: false;
  readonly status: 401 | 403 | 503;
  readonly reason: string;
  readonly message: string;
}

/** The outcome of verifying one delivery. */
export type Verification = { readonly ok: true; readonly caller: VerifiedCaller } | VerificationFailure;

/** Checks who sent a delivery. Never throws for a bad token: it resolves to a failure saying why. */
export interface DeliveryVerifier {
  verify(request: DeliveryRequest): Promise<Verification>;
}

const TITLES: Readonly<Record<VerificationFailure["status"], string>> = {
  401: "Unauthorized",
  403: "Forbidden",
  503: "Service Unavailable",
};

/**
 * The answer to a refused delivery: `{"error":"Unauthorized"}` (with `WWW-Authenticate: Bearer`, RFC
 * 6750), `Forbidden` or `Service Unavailable`. The body does not say why: the log line does.
 */
export function refusedDeliveryResponse(failure: VerificationFailure): EncodedHttpResponse {
  const headers: Record<string, string> = {};
  if (failure.status === 401) headers["www-authenticate"] = failure.reason === "missing-token" ? "Bearer" : 'Bearer error="invalid_token"';
  return errorResponse(new HttpError(failure.status, TITLES[failure.status], { headers }));
}

/**
 * Verifies a delivery before it becomes an event: resolves to `undefined` when the caller is verified,
 * else logs one line saying why (`refused a pubsub-push delivery: the token expired at ...`, never the
 * token) and resolves to the response to send instead of running the handler. A verifier that throws
 * fails closed: logged, answered 500.
 */
export async function verifyDelivery(
  verifier: DeliveryVerifier,
  request: DeliveryRequest,
  log: Logger,
  what: string,
): Promise<EncodedHttpResponse | undefined> {
  let verification: Verification;
  try {
    verification = await verifier.verify(request);
  } catch (error) {
    log.error(`could not verify a ${what} delivery: the verifier failed`, { error });
    return errorResponse(error);
  }
  if (verification.ok) return undefined;
  const { status, reason, message } = verification;
  log.warn(`refused a ${what} delivery: ${message}`, { status, reason });
  return refusedDeliveryResponse(verification);
}
