import { oidcVerifier } from "@fnport/oidc";
import { startTestIssuer } from "@fnport/oidc/testing";

const issuer = await startTestIssuer({ audience: "https://orders-abc123-uc.a.run.app", serviceAccount: "push@p.iam.gserviceaccount.com" });
const verify = oidcVerifier({
  audience: "https://orders-abc123-uc.a.run.app",
  serviceAccounts: ["push@p.iam.gserviceaccount.com"],
  jwksUrl: issuer.jwksUrl,
});
const token = await issuer.token(); // or issuer.token({ exp: 0 }), issuer.token({ email_verified: false }), ...
// issuer.rotate(), issuer.setAvailable(false), issuer.keyFetches, issuer.close()
export const verification = await verify.verify({ headers: { authorization: `Bearer ${token}` }, body: new Uint8Array() });
await issuer.close();
