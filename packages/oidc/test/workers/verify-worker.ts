// A worker that verifies the bearer token of each request with oidcVerifier() and answers what it found.
import type { DeliveryVerifier } from "@fnport/core/adapter";
import { oidcVerifier } from "@fnport/oidc";

interface Env {
  JWKS_URL: string;
  AUDIENCE: string;
  SERVICE_ACCOUNT: string;
}

let verifier: DeliveryVerifier | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    verifier ??= oidcVerifier({ audience: env.AUDIENCE, serviceAccounts: [env.SERVICE_ACCOUNT], jwksUrl: env.JWKS_URL });
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const result = await verifier.verify({ headers, body: new Uint8Array(await request.arrayBuffer()) });
    return Response.json(result.ok ? { ok: true, email: result.caller.email } : result);
  },
};
