export type { KeyFetch } from "./_key-set.ts";
export {
  bearerToken,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_KEY_FETCH_TIMEOUT_MS,
  DEFAULT_KEY_REFRESH_COOLDOWN_MS,
  DEFAULT_VERIFIED_TOKENS,
  GOOGLE_ISSUERS,
  GOOGLE_JWKS_URL,
  type OidcVerifierOptions,
  oidcVerifier,
} from "./verifier.ts";
