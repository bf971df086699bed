#!/usr/bin/env bash
# The API contract check, run by scripts/test.sh after the release build:
#   1. openapi-spec-validator on GET /api/openapi.json (the document is valid
#      OpenAPI 3.1: unique operation ids, resolvable references, …);
#   2. a bounded schemathesis run against the real server: generated valid
#      and invalid requests to every operation, each response checked against
#      the document (status documented, body matches its schema, valid data
#      accepted, invalid data rejected, no 5xx, auth not ignored, …).
# Either failing on any finding fails the script. The false positives that
# are configured away are listed and explained in
# scripts/api-contract/schemathesis.toml.
#
# The server is target/release/outdial (OUTDIAL_BINARY to use another, e.g.
# a debug build) on a free port with a throw-away SQLite file. The tools are
# the pinned versions in scripts/api-contract/requirements.txt, installed by
# scripts/setup.sh into .venv-api/.
#
#   OUTDIAL_CONTRACT_SECONDS  schemathesis's time budget (default 60)
#   OUTDIAL_CONTRACT_SEED     its seed (default fixed, so runs repeat)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh contract
source scripts/env.sh

venv=.venv-api
binary=${OUTDIAL_BINARY:-${CARGO_TARGET_DIR:-target}/release/outdial}
budget=${OUTDIAL_CONTRACT_SECONDS:-60}
seed=${OUTDIAL_CONTRACT_SEED:-11}
[ -x "$binary" ] || { echo "api-contract: no server binary at $binary (run scripts/build.sh, or set OUTDIAL_BINARY)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/outdial-contract.XXXXXX")
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

password=contract-admin-password
RUST_LOG=warn OUTDIAL_ADMIN_PASSWORD=$password \
  "$binary" serve --bind 127.0.0.1:0 --database-url "sqlite://$work/contract.db" --no-demo \
  >"$work/stdout" 2>"$work/stderr" &
server=$!
url=""
for _ in $(seq 1 200); do
  url=$(sed -n 's|.*running at \(http://[^ /]*\)/.*|\1|p' "$work/stdout" | head -1)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/stderr" >&2; echo "api-contract: the server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/stderr" >&2; echo "api-contract: the server did not start" >&2; exit 1; }
echo "server: $url ($binary)"

# An API token for schemathesis: tokens are created with a session.
curl -fsS -c "$work/jar" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$url/api/auth/login" >/dev/null
token=$(curl -fsS -b "$work/jar" -H 'content-type: application/json' \
  -d '{"name":"schemathesis"}' "$url/api/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')

# Fixtures, so generated requests reach more than 404s: schemathesis.toml
# points ids at them (each kind's first row is id 1 on a fresh database).
api() { # METHOD PATH [JSON]
  curl -fsS -X "$1" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    ${3:+-d "$3"} "$url$2" >/dev/null
}
api POST /api/bots '{"name":"Fixture bot","ready":true,"callback_enabled":true}'
api POST /api/carriers '{"name":"Fixture carrier","cps_limit":5}'
api POST /api/carriers/1/numbers '{"number":"+14155552671","label":"Fixture"}'
for name in "Fixture draft" "Fixture running"; do
  api POST /api/campaigns "{\"name\":\"$name\",\"bot_id\":1,\"number_ids\":[1],\"window\":{\"timezone\":\"UTC\",\"start\":\"00:00\",\"end\":\"23:59\"}}"
done
for campaign in 1 2; do
  printf 'phone_number,first_name\n+14155550100,Ada\n+14155550101,Grace\n' |
    curl -fsS -X PUT -H "Authorization: Bearer $token" -H 'content-type: text/csv' \
      --data-binary @- "$url/api/campaigns/$campaign/contacts" >/dev/null
done
api POST /api/campaigns/2/start
api POST /api/campaigns/1/exclusions '{"phone_numbers":["+14155550101"]}'

curl -fsS "$url/api/openapi.json" -o "$work/openapi.json"
echo "==> openapi-spec-validator"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"

echo "==> schemathesis (${budget}s budget, seed $seed)"
status=0
"$venv/bin/schemathesis" --config-file scripts/api-contract/schemathesis.toml run "$url/api/openapi.json" \
  --header "Authorization: Bearer $token" \
  --max-time "$budget" --seed "$seed" \
  --report-dir "$work/report" || status=$?
if grep -q "panicked\|request failed" "$work/stderr"; then
  echo "api-contract: the server logged errors:" >&2
  grep "panicked\|request failed" "$work/stderr" | head -20 >&2
  status=1
fi
exit "$status"
