// @fnport/oidc/testing: a stand-in for Google's token issuer on a loopback port, so a service's
// verification is tested for real (real keys, real signatures, a real JWKS endpoint) without Google.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

/** Options of `startTestIssuer()`. */
export interface TestIssuerOptions {
  /** The `aud` of the tokens it signs by default. */
  audience: string;
  /** The `email` of the tokens it signs by default (a service account). */
  serviceAccount: string;
  /** The JWKS endpoint's `Cache-Control` header (default `public, max-age=3600`, shaped like Google's). */
  cacheControl?: string | undefined;
}

/** Options of `TestIssuer.token()`. */
export interface TestTokenOptions {
  /** The `kid` the token names (default: the current key's). The signature is still the current key's. */
  kid?: string | undefined;
}

/** A running test issuer: a JWKS endpoint on 127.0.0.1 and the private keys behind it. */
export interface TestIssuer {
  /** The JWKS endpoint's URL: pass it as `jwksUrl` to `oidcVerifier()`. */
  readonly jwksUrl: string;
  /** The key id tokens are signed with now. */
  readonly kid: string;
  /** The current key's public JWK, as the endpoint lists it. */
  readonly publicJwk: JWK;
  /** How many times the JWKS endpoint has been asked for the keys. */
  readonly keyFetches: number;
  /**
   * A token shaped like Google's for a push delivery: `iss` `https://accounts.google.com`, the default
   * `aud` and `email`, `email_verified: true`, `sub`, `iat` now, `exp` in one hour, RS256 with the current
   * key. `claims` are merged over these; a claim set to `undefined` is left out.
   */
  token(claims?: Readonly<Record<string, unknown>>, options?: TestTokenOptions): Promise<string>;
  /**
   * Signs with a new key from now on. `keepOld: true` lists the old key beside it (as Google does while
   * tokens signed with it are still valid); otherwise the old key is no longer listed.
   */
  rotate(options?: { keepOld?: boolean | undefined }): Promise<void>;
  /** `false`: the JWKS endpoint answers 503 (down); `true`: it serves the keys again. */
  setAvailable(available: boolean): void;
  /** Stops the JWKS endpoint. */
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

let keyCounter = 0;

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `test-key-${++keyCounter}-${Math.random().toString(16).slice(2, 10)}`;
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** Starts a test issuer on an ephemeral loopback port; `close()` it after. */
export async function startTestIssuer(options: TestIssuerOptions): Promise<TestIssuer> {
  let current = await newKey();
  let listed: SigningKey[] = [current];
  let available = true;
  let keyFetches = 0;
  const cacheControl = options.cacheControl ?? "public, max-age=3600, must-revalidate, no-transform";

  const server: Server = createServer((request, response) => {
    keyFetches++;
    request.resume();
    if (!available) {
      response.writeHead(503, { "content-type": "text/plain" }).end("unavailable");
      return;
    }
    const body = JSON.stringify({ keys: listed.map((key) => key.jwk) });
    response.writeHead(200, { "content-type": "application/json; charset=UTF-8", "cache-control": cacheControl }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    jwksUrl: `http://127.0.0.1:${port}/oauth2/v3/certs`,
    get kid() {
      return current.kid;
    },
    get publicJwk() {
      return current.jwk;
    },
    get keyFetches() {
      return keyFetches;
    },
    async token(claims = {}, tokenOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        iss: "https://accounts.google.com",
        aud: options.audience,
        azp: "113774264463038321964",
        sub: "113774264463038321964",
        email: options.serviceAccount,
        email_verified: true,
        iat: now,
        exp: now + 3600,
      };
      for (const [name, value] of Object.entries(claims)) {
        if (value === undefined) delete payload[name];
        else payload[name] = value;
      }
      return new SignJWT(payload)
        .setProtectedHeader({ alg: "RS256", kid: tokenOptions.kid ?? current.kid, typ: "JWT" })
        .sign(current.privateKey);
    },
    async rotate(rotateOptions = {}) {
      const next = await newKey();
      listed = rotateOptions.keepOld === true ? [...listed, next] : [next];
      current = next;
    },
    setAvailable(value) {
      available = value;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
