#!/usr/bin/env bash
# `pnpm release`: versions every publishable package from the pending changesets (package.json versions and
# CHANGELOG.md, `changeset version`), builds, packs each into .release/tarballs and publishes them.
# `pnpm release --dry-run`: the same in a throwaway git worktree of HEAD, without publishing: it prints the
# versions it would release and leaves the tarballs in .release/tarballs (CI installs them as a stranger would).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
out="$repo/.release"
dry=false
[ "${1:-}" = "--dry-run" ] && dry=true

if $dry; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/fnport-release-XXXXXX")
  trap 'cd "$repo"; git worktree remove --force "$work" >/dev/null 2>&1 || rm -rf "$work"' EXIT
  git worktree add --quiet --detach "$work" HEAD
  cd "$work"
  # Every package is in the store already (pnpm install ran in the checkout): no download.
  pnpm install --frozen-lockfile --offline --silent
else
  if [ -n "$(git status --porcelain)" ]; then
    echo "release: commit or stash your changes first (the version bump is a commit of its own)" >&2
    exit 1
  fi
fi

pending=$(find .changeset -name '*.md' ! -name README.md | wc -l)
echo "release: $pending pending changesets"
pnpm changeset version
# Every publishable package leaves with a version of at least 0.1.0 and a CHANGELOG.md (a first release at
# 0.0.x would say "not ready" to anyone who installs it): a package at 0.0.0 needs a minor changeset.
node -e '
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const folders = [...readdirSync("packages").map((name) => `packages/${name}`), "conformance"];
const wrong = [];
for (const path of folders) {
  if (!existsSync(`${path}/package.json`)) continue;
  const pkg = JSON.parse(readFileSync(`${path}/package.json`, "utf8"));
  if (pkg.private) continue;
  const [major, minor] = pkg.version.split(".").map(Number);
  if (major === 0 && minor === 0) wrong.push(`${pkg.name}@${pkg.version}: below 0.1.0 (name it in a minor changeset)`);
  if (!existsSync(`${path}/CHANGELOG.md`)) wrong.push(`${pkg.name}: no CHANGELOG.md`);
}
if (wrong.length > 0) { console.error(`release: ${wrong.join("; ")}`); process.exit(1); }
'
pnpm build >/dev/null
rm -rf "$out/tarballs"
mkdir -p "$out/tarballs"
pnpm -r --filter "./packages/**" --filter ./conformance pack --pack-destination "$out/tarballs" >/dev/null
node -e '
const { readdirSync } = require("node:fs");
const tarballs = readdirSync(process.argv[1]).sort();
console.log(`release: ${tarballs.length} packages\n${tarballs.map((name) => `  ${name}`).join("\n")}`);
' "$out/tarballs"

if $dry; then
  echo "release: dry run, nothing published (the versions and CHANGELOGs above are in a throwaway worktree)"
else
  pnpm changeset publish
  echo "release: published; commit the version bump and CHANGELOGs, then push the tags (git push --follow-tags)"
fi
