// The issuer's signing keys, fetched from its JWKS endpoint and kept as long as the endpoint's cache
// headers allow. An unknown key id fetches again, but at most once per cooldown, whatever the traffic:
// a flood of forged tokens with made-up key ids costs no more than one fetch per cooldown.
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";

/** `fetch` as the key set calls it (the global one by default; Workers and Node 18+ have it). */
export type KeyFetch = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<Response>;

export interface KeySetOptions {
  url: string;
  /** Least time between two fetches that are not due to expiry (an unknown key id, a retry after a failure). */
  cooldownMs: number;
  timeoutMs: number;
  fetch: KeyFetch;
}

export type KeyLookup = { ok: true; getKey: JWTVerifyGetKey } | { ok: false; reason: "unknown-key" | "keys-unavailable"; message: string };

interface Snapshot {
  kids: ReadonlySet<string>;
  getKey: JWTVerifyGetKey;
  expiresAt: number;
}

/** Used when the endpoint sends no freshness (no `max-age`, no `Expires`). */
const DEFAULT_LIFETIME_MS = 5 * 60_000;
/** Keys are fetched again at least daily, whatever the headers say. */
const MAX_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * How long a response may be reused, from its cache headers (RFC 9111 §4.2.1): `Cache-Control:
 * max-age` less `Age`; else `Expires` less `Date`; `no-store`/`no-cache` mean not at all; `undefined` when
 * the headers say nothing. Google's JWKS answers `Cache-Control: public, max-age=N, must-revalidate`.
 */
export function freshnessMs(headers: Headers, now: number): number | undefined {
  const cacheControl = headers.get("cache-control");
  if (cacheControl !== null) {
    if (/(?:^|,)\s*(?:no-store|no-cache)\s*(?:,|=|$)/i.test(cacheControl)) return 0;
    const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?\s*(?:,|$)/i.exec(cacheControl);
    if (maxAge !== null) {
      const age = Number(headers.get("age") ?? 0);
      return Math.max(0, Number(maxAge[1]) - (Number.isFinite(age) && age > 0 ? age : 0)) * 1000;
    }
  }
  const expires = headers.get("expires");
  if (expires !== null) {
    const at = Date.parse(expires);
    if (Number.isNaN(at)) return 0; // RFC 9111 §5.3: an invalid Expires means already expired
    const date = Date.parse(headers.get("date") ?? "");
    return Math.max(0, at - (Number.isNaN(date) ? now : date));
  }
  return undefined;
}

function kidsOf(jwks: JSONWebKeySet): Set<string> {
  const kids = new Set<string>();
  for (const key of jwks.keys) if (typeof key.kid === "string") kids.add(key.kid);
  return kids;
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "the request timed out";
  return error instanceof Error ? error.message : String(error);
}

/** The keys of one JWKS endpoint, shared by every verification that uses it. */
export class RemoteKeySet {
  readonly #options: KeySetOptions;
  #snapshot: Snapshot | undefined;
  #lastAttempt = Number.NEGATIVE_INFINITY;
  #lastError: string | undefined;
  #inFlight: Promise<void> | undefined;

  constructor(options: KeySetOptions) {
    this.#options = options;
  }

  /** The key resolver for a token signed with key `kid`, fetching the set first when it is missing, stale or lacks `kid`. */
  async lookup(kid: string): Promise<KeyLookup> {
    const snapshot = this.#snapshot;
    if (snapshot !== undefined && Date.now() < snapshot.expiresAt && snapshot.kids.has(kid)) return { ok: true, getKey: snapshot.getKey };
    if (this.#inFlight !== undefined) await this.#inFlight;
    else if (Date.now() - this.#lastAttempt >= this.#options.cooldownMs) {
      const refreshing = this.#refresh().finally(() => {
        this.#inFlight = undefined;
      });
      this.#inFlight = refreshing;
      await refreshing;
    }
    return this.#find(kid);
  }

  #find(kid: string): KeyLookup {
    const snapshot = this.#snapshot;
    if (snapshot === undefined || Date.now() >= snapshot.expiresAt) {
      const why = this.#lastError ?? "they are stale and the next fetch is not due yet";
      return { ok: false, reason: "keys-unavailable", message: `the signing keys could not be fetched from ${this.#options.url}: ${why}` };
    }
    if (snapshot.kids.has(kid)) return { ok: true, getKey: snapshot.getKey };
    return {
      ok: false,
      reason: "unknown-key",
      message: `the token is signed with key ${JSON.stringify(kid)}, which ${this.#options.url} does not list`,
    };
  }

  async #refresh(): Promise<void> {
    const { url, timeoutMs, cooldownMs } = this.#options;
    this.#lastAttempt = Date.now();
    try {
      const response = await this.#options.fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
      if (!response.ok) {
        void response.body?.cancel();
        throw new Error(`the endpoint answered ${response.status}`);
      }
      const jwks = (await response.json().catch(() => {
        throw new Error("the endpoint's answer is not JSON");
      })) as JSONWebKeySet;
      const getKey = createLocalJWKSet(jwks); // validates the set's shape
      const now = Date.now();
      const lifetime = Math.min(Math.max(freshnessMs(response.headers, now) ?? DEFAULT_LIFETIME_MS, cooldownMs), MAX_LIFETIME_MS);
      this.#snapshot = { kids: kidsOf(jwks), getKey, expiresAt: now + lifetime };
      this.#lastError = undefined;
    } catch (error) {
      this.#lastError = describe(error);
    }
  }
}
