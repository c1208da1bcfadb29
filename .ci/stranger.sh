#!/usr/bin/env bash
# What a stranger does: the packed @fnport/core and @fnport/conformance installed with plain npm in a
# folder outside the workspace, the worked example adapter of docs/adapters.md copied in, and
# `npx fnport-conformance --harness` run on it (matrix and cost table). Run after `pnpm build`.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/fnport-stranger-XXXXXX")
trap 'rm -rf "$work"' EXIT

pnpm --filter @fnport/core --filter @fnport/conformance pack --pack-destination "$work/tarballs" >/dev/null
core=$(ls "$work"/tarballs/fnport-core-*.tgz)
conformance=$(ls "$work"/tarballs/fnport-conformance-*.tgz)

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
