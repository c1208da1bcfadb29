import { cloudFunction } from "@fnport/gcp-functions";
import { oidcVerifier } from "@fnport/oidc";
import app from "./app.ts";

cloudFunction("orders", app, {
  eventPath: "/_events", // the push endpoint's path: requests elsewhere are plain http
  verify: oidcVerifier({
    audience: "https://us-central1-my-project.cloudfunctions.net/orders",
    serviceAccounts: ["orders-push@my-project.iam.gserviceaccount.com"],
  }),
});
