#!/usr/bin/env bash
# What a stranger does to verify Google's deliveries: the packed @fnport/core, @fnport/cloud-run and
# @fnport/oidc installed with plain npm outside the workspace, a server started with `verify`, and a
# signed and a forged Pub/Sub push sent to it. Run after `pnpm build`.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/fnport-stranger-oidc-XXXXXX")
trap 'rm -rf "$work"' EXIT

pnpm --filter @fnport/core --filter @fnport/cloud-run --filter @fnport/oidc pack --pack-destination "$work/tarballs" >/dev/null
mkdir "$work/app" && cd "$work/app"
cat > package.json <<JSON
{
  "name": "verified-service",
  "private": true,
  "type": "module",
  "dependencies": {
    "@fnport/core": "file:$(ls "$work"/tarballs/fnport-core-*.tgz)",
    "@fnport/cloud-run": "file:$(ls "$work"/tarballs/fnport-cloud-run-*.tgz)",
    "@fnport/oidc": "file:$(ls "$work"/tarballs/fnport-oidc-*.tgz)"
  }
}
JSON
npm install --no-audit --no-fund --loglevel=error

echo "stranger: @fnport/cloud-run depends on @fnport/core alone; @fnport/oidc brings jose"
node -e '
const run = require("./node_modules/@fnport/cloud-run/package.json").dependencies;
const oidc = require("./node_modules/@fnport/oidc/package.json").dependencies;
if (JSON.stringify(Object.keys(run)) !== "[\"@fnport/core\"]") { console.error("cloud-run dependencies:", run); process.exit(1); }
if (JSON.stringify(Object.keys(oidc).sort()) !== "[\"@fnport/core\",\"jose\"]") { console.error("oidc dependencies:", oidc); process.exit(1); }
'

cat > main.mjs <<'JS'
import { cloudRun } from "@fnport/cloud-run";
import { defineHandler } from "@fnport/core";
import { oidcVerifier } from "@fnport/oidc";
import { startTestIssuer } from "@fnport/oidc/testing";

const audience = "https://orders-abc123-uc.a.run.app";
const serviceAccount = "push@my-project.iam.gserviceaccount.com";
const issuer = await startTestIssuer({ audience, serviceAccount });
const handled = [];
const app = defineHandler((event) => {
  handled.push(event.kind);
});
const server = await cloudRun(app, {
  port: 0,
  host: "127.0.0.1",
  handleSignals: false,
  write: () => {},
  verify: oidcVerifier({ audience, serviceAccounts: [serviceAccount], jwksUrl: issuer.jwksUrl }),
});
const body = JSON.stringify({ message: { data: "aGk=", messageId: "1" }, subscription: "projects/p/subscriptions/s" });
const push = (token) =>
  fetch(`http://127.0.0.1:${server.port}/`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "APIs-Google", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
const signed = await push(await issuer.token());
const forged = await push(undefined);
const expired = await push(await issuer.token({ exp: Math.floor(Date.now() / 1000) - 3600 }));
await server.close();
await issuer.close();
const got = [signed.status, forged.status, expired.status, handled.join(","), issuer.keyFetches];
if (JSON.stringify(got) !== JSON.stringify([204, 401, 401, "messages", 1])) {
  console.error("unexpected:", got);
  process.exit(1);
}
console.log("stranger: a signed push handled (204); forged and expired ones refused (401); one key fetch");
JS
node main.mjs
