#!/usr/bin/env bash
# Proves the README's start command: `npm start` on a fresh SQLite file serves the API, registers a
# user over HTTP and serves the OpenAPI document; and a bad setting stops it with one clear line.
set -euo pipefail
tmp="$(mktemp -d)"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
log="$tmp/server.log"
pid=""
cleanup() {
  # npm does not pass signals on to the server it started: stop the whole process group.
  if [ -n "$pid" ]; then
    kill -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

out="$(PORT=not-a-port npm start --silent 2>&1 || true)"
echo "$out" | grep -qx 'Invalid environment: PORT must be an integer number' || {
  echo "expected one clear line for a bad PORT, got:"; echo "$out"; exit 1; }

DB_PATH="$tmp/data/conduit.sqlite" PORT="$port" HOST=127.0.0.1 setsid npm start --silent >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/docs-json" -o "$tmp/openapi.json" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done
test -s "$tmp/openapi.json" || { echo "server did not come up"; cat "$log"; exit 1; }
test -f "$tmp/data/conduit.sqlite" || { echo "no SQLite file created"; exit 1; }

status="$(curl -s -o "$tmp/user.json" -w '%{http_code}' -X POST "http://127.0.0.1:$port/api/users" \
  -H 'Content-Type: application/json' \
  -d '{"user":{"username":"smoke","email":"smoke@example.com","password":"smoke-password"}}')"
[ "$status" = 201 ] || { echo "register answered $status"; cat "$tmp/user.json"; exit 1; }
token="$(node -p "require('$tmp/user.json').user.token")"
curl -fs "http://127.0.0.1:$port/api/user" -H "Authorization: Token $token" | grep -q '"username":"smoke"'
node -e "const d=require('$tmp/openapi.json'); if (!d.paths['/api/users'] || !d.components.securitySchemes.Bearer) process.exit(1)"
echo "smoke OK: npm start served register, current user and /docs-json on a fresh SQLite file"
