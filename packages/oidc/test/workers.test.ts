// oidcVerifier() in the real Workers runtime (workerd, through Miniflare): jose on WebCrypto, keys fetched
// with the Workers `fetch` from a JWKS endpoint on a loopback port.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestIssuer, type TestIssuer } from "../src/testing.ts";

const AUDIENCE = "https://orders-abc123-uc.a.run.app";
const PUSHER = "pubsub-push@my-project.iam.gserviceaccount.com";

let issuer: TestIssuer;
let mf: Miniflare;

beforeAll(async () => {
  issuer = await startTestIssuer({ audience: AUDIENCE, serviceAccount: PUSHER });
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL("./workers/verify-worker.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser", "source"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  mf = new Miniflare({
    modules: true,
    script: bundled.outputFiles[0]?.text ?? "",
    compatibilityDate: "2026-04-01",
    bindings: { JWKS_URL: issuer.jwksUrl, AUDIENCE, SERVICE_ACCOUNT: PUSHER },
  });
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await issuer?.close();
});

async function verifyInWorker(token: string): Promise<unknown> {
  const response = await mf.dispatchFetch("http://worker.test/", { method: "POST", headers: { authorization: `Bearer ${token}` } });
  return response.json();
}

test("in workerd: a valid token passes, a forged or expired one is refused, and the keys are fetched once", async () => {
  expect(await verifyInWorker(await issuer.token())).toEqual({ ok: true, email: PUSHER });
  const [head, , signature] = (await issuer.token({ email: "someone@gmail.com" })).split(".");
  const swapped = Buffer.from(
    JSON.stringify({ iss: "https://accounts.google.com", aud: AUDIENCE, email: PUSHER, email_verified: true }),
  ).toString("base64url");
  expect(await verifyInWorker(`${head}.${swapped}.${signature}`)).toEqual({
    ok: false,
    status: 401,
    reason: "bad-signature",
    message: "the token's signature does not verify",
  });
  const exp = Math.floor(Date.now() / 1000) - 3600;
  expect(await verifyInWorker(await issuer.token({ iat: exp - 3600, exp }))).toMatchObject({ ok: false, status: 401, reason: "expired" });
  expect(await verifyInWorker(await issuer.token())).toEqual({ ok: true, email: PUSHER });
  expect(issuer.keyFetches).toBe(1);
});
