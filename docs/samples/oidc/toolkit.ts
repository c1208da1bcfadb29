import type { Logger } from "@fnport/core";
import { type EncodedHttpResponse, verifyDelivery } from "@fnport/core/adapter";
import { oidcVerifier } from "@fnport/oidc";

const verifier = oidcVerifier({ audience: "https://my-endpoint.example", serviceAccounts: ["push@p.iam.gserviceaccount.com"] });

export async function deliver(
  headers: Record<string, string>,
  body: Uint8Array,
  log: Logger,
  run: () => Promise<EncodedHttpResponse>,
): Promise<EncodedHttpResponse> {
  const refused = await verifyDelivery(verifier, { headers, body }, log, "pubsub-push");
  if (refused !== undefined) return refused; // an EncodedHttpResponse: 401/403/503, already logged
  return run();
}
