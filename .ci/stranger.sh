#!/usr/bin/env bash
# What a stranger does, in folders outside the workspace with plain npm and the packed packages:
# 1. the worked example adapter of docs/adapters.md with @fnport/core and @fnport/conformance, and
#    `npx fnport-conformance --harness` run on it (matrix and cost table);
# 2. examples/hello with every adapter package, run on each provider's local runtime.
# The tarballs: FNPORT_TARBALLS=DIR (what `pnpm release --dry-run` packed, at the versions it would
# publish), else every publishable package packed here (run after `pnpm build`).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/fnport-stranger-XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -n "${FNPORT_TARBALLS:-}" ]; then
  cp -r "$FNPORT_TARBALLS" "$work/tarballs"
else
  pnpm -r --filter "./packages/**" --filter ./conformance pack --pack-destination "$work/tarballs" >/dev/null
fi
tarball() { ls "$work"/tarballs/fnport-"$1"-[0-9]*.tgz; }
core=$(tarball core)
conformance=$(tarball conformance)

# The worked example: its adapter, its harness module and its two meter entries; nothing else of the repo.
mkdir -p "$work/pocket/test"
cp -r "$repo/examples/pocket-adapter/src" "$work/pocket/src"
cp "$repo"/examples/pocket-adapter/test/{conformance.ts,hello-fnport.ts,hello-raw.ts} "$work/pocket/test/"
cd "$work/pocket"
cat > package.json <<JSON
{
  "name": "pocket-adapter",
  "private": true,
  "type": "module",
  "dependencies": { "@fnport/core": "file:$core" },
  "devDependencies": { "@fnport/conformance": "file:$conformance", "esbuild": "0.28.2" }
}
JSON
npm install --no-audit --no-fund --loglevel=error

echo "stranger: @fnport/conformance depends on @fnport/core alone"
node -e '
const deps = require("./node_modules/@fnport/conformance/package.json").dependencies;
if (JSON.stringify(Object.keys(deps)) !== "[\"@fnport/core\"]") { console.error("dependencies:", deps); process.exit(1); }
'

echo "stranger: without tsx, a TypeScript harness is a clear usage error (exit 2)"
set +e
npx fnport-conformance --harness test/conformance.ts --no-meter >out.txt 2>err.txt
code=$?
set -e
if [ "$code" != 2 ] || ! grep -q "npm install --save-dev tsx" err.txt; then
  echo "expected exit 2 naming tsx, got $code:"; cat out.txt err.txt; exit 1
fi

echo "stranger: with tsx beside it, npx fnport-conformance --harness test/conformance.ts"
npm install --no-audit --no-fund --loglevel=error --save-dev tsx@4.23.15
npx fnport-conformance --harness test/conformance.ts --json report.json
node -e '
const [report] = require("./report.json").adapters;
const ok = report.name === "pocket (worked example)" && report.failed === 0 && report.passed >= 25 && report.cold?.ratio > 0 && report.warm?.ratio > 0 && report.bundle?.gzipBytes > 0;
if (!ok) { console.error(JSON.stringify(report, null, 2)); process.exit(1); }
console.log(`stranger: ${report.passed} cases passed, ${report.skipped} do not apply; cold ${report.cold.ratio}x, warm ${report.warm.ratio}x raw`);
'

# 2. examples/hello: its app and entry files, nothing else of the repository.
echo "stranger: examples/hello from the packed packages"
mkdir -p "$work/hello/src"
cp "$repo"/examples/hello/src/{app.ts,lambda.ts,worker.ts,cloud-run.ts,gcf.ts} "$work/hello/src/"
cp "$repo"/examples/hello/wrangler.toml "$work/hello/"
cp "$repo"/conformance/fixtures/aws/apigw-v2-http-api.json "$work/hello/event.json"
gcp_build=$(node -e 'console.log(JSON.stringify(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).scripts["gcp-build"]))' "$repo/examples/hello/package.json")
cd "$work/hello"
cat > tsconfig.json <<JSON
{
  "compilerOptions": {
    "target": "ES2022", "module": "nodenext", "moduleResolution": "nodenext", "types": ["node"],
    "strict": true, "exactOptionalPropertyTypes": true, "noEmit": true, "allowImportingTsExtensions": true
  },
  "include": ["src"]
}
JSON
cat > package.json <<JSON
{
  "name": "hello",
  "private": true,
  "type": "module",
  "main": "dist/gcf.mjs",
  "scripts": { "gcp-build": $gcp_build },
  "dependencies": {
    "@fnport/core": "file:$core",
    "@fnport/aws-lambda": "file:$(tarball aws-lambda)",
    "@fnport/cloudflare-workers": "file:$(tarball cloudflare-workers)",
    "@fnport/cloud-run": "file:$(tarball cloud-run)",
    "@fnport/gcp-functions": "file:$(tarball gcp-functions)",
    "@google-cloud/functions-framework": "5.0.5",
    "zod": "4.6.7"
  },
  "devDependencies": { "@types/node": "20.19.43", "esbuild": "0.28.2", "miniflare": "4.20260426.0", "tsx": "4.23.15", "typescript": "6.0.3", "wrangler": "4.86.0" }
}
JSON
npm install --no-audit --no-fund --loglevel=error
npx tsc -p .

echo "stranger: hello on AWS Lambda (the handler on an API Gateway HTTP API event)"
node --import tsx -e '
import { readFileSync } from "node:fs";
import { handler } from "./src/lambda.ts";
const event = { ...JSON.parse(readFileSync("event.json", "utf8")), rawPath: "/hello", body: JSON.stringify({ name: "Lambda" }), isBase64Encoded: false };
event.requestContext.http.method = "POST";
const result = await handler(event, { awsRequestId: "stranger", getRemainingTimeInMillis: () => 3000 });
if (result.statusCode !== 200 || result.body !== "{\"message\":\"hello, Lambda\"}") { console.error(result); process.exit(1); }
'

echo "stranger: hello on Cloudflare Workers (wrangler bundles src/worker.ts; workerd runs it)"
npx wrangler deploy --dry-run --outdir dist >/dev/null
node -e '
const { Miniflare } = require("miniflare");
const { readFileSync } = require("node:fs");
(async () => {
  const mf = new Miniflare({ modules: true, scriptPath: "dist/worker.js", script: readFileSync("dist/worker.js", "utf8"), compatibilityDate: "2026-04-01" });
  const response = await mf.dispatchFetch("http://hello.test/hello", { method: "POST", body: JSON.stringify({ name: "Workers" }) });
  const text = await response.text();
  await mf.dispose();
  if (response.status !== 200 || text !== "{\"message\":\"hello, Workers\"}") { console.error(response.status, text); process.exit(1); }
})();
'

echo "stranger: hello on Google Cloud Run (src/cloud-run.ts as a server on a free port, then SIGTERM)"
PORT=0 node --import tsx src/cloud-run.ts >server.log &
server=$!
for _ in $(seq 1 300); do grep -q '"port":' server.log 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' server.log | head -1)
answer=$(curl -s -X POST "http://127.0.0.1:$port/hello" -d '{"name":"Cloud Run"}')
kill -TERM "$server"
wait "$server"
if [ "$answer" != '{"message":"hello, Cloud Run"}' ]; then echo "cloud run answered: $answer"; cat server.log; exit 1; fi
echo "stranger: hello on Google Cloud Functions (gcp-build, then the Functions Framework loads main, as Google does)"
npm run gcp-build --silent
port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
# The binary itself, not npx: npx would leave it running when killed (its child outlives it).
./node_modules/.bin/functions-framework --target=hello --port="$port" >function.log 2>&1 &
function=$!
answer=""
for _ in $(seq 1 300); do
  answer=$(curl -s -X POST "http://127.0.0.1:$port/hello" -H 'content-type: application/json' -d '{"name":"Cloud Functions"}' || true)
  [ -n "$answer" ] && break
  sleep 0.1
done
kill -TERM "$function"
wait "$function" || true
if [ "$answer" != '{"message":"hello, Cloud Functions"}' ]; then echo "cloud functions answered: $answer"; cat function.log; exit 1; fi
echo "stranger: examples/hello answered on AWS Lambda, Cloudflare Workers, Google Cloud Run and Google Cloud Functions"
