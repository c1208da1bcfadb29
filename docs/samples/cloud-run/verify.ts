import { cloudRun } from "@fnport/cloud-run";
import { oidcVerifier } from "@fnport/oidc";
import app from "./app.ts";

await cloudRun(app, {
  eventPath: "/_events", // the push endpoint's path: requests elsewhere are plain http
  verify: oidcVerifier({
    audience: "https://orders-abc123-uc.a.run.app",
    serviceAccounts: ["orders-push@my-project.iam.gserviceaccount.com"],
  }),
});
