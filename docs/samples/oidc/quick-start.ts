import { cloudRun } from "@fnport/cloud-run";
import { oidcVerifier } from "@fnport/oidc";
import app from "./app.ts";

await cloudRun(app, {
  verify: oidcVerifier({
    audience: "https://orders-abc123-uc.a.run.app",
    serviceAccounts: ["orders-push@my-project.iam.gserviceaccount.com"],
  }),
});
