#!/usr/bin/env bash
# The forecast's time (issue 13's target: a 500,000-contact campaign in
# ≤ 2 s): the release server on a throw-away SQLite file with the demo
# workspace (its 5 CPS carrier and two outbound numbers), POST /api/forecast
# five times each for 2,000 contacts (simulated whole) and 500,000 (sampled),
# printing min and median of the server's own `took_ms` and of the request.
# Needs target/release/outdial (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=target/release/outdial
[ -x "$binary" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
dir=$(mktemp -d)
port=${OUTDIAL_BENCH_PORT:-8937}
OUTDIAL_ADMIN_PASSWORD=bench-forecast-password RUST_LOG=warn \
  "$binary" serve --bind "127.0.0.1:$port" --database-url "sqlite://$dir/bench.db" >"$dir/log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.2; done
curl -sf -c "$dir/jar" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"bench-forecast-password"}' \
  "http://127.0.0.1:$port/api/auth/login" >/dev/null
for contacts in 2000 500000; do
  for _ in 1 2 3 4 5; do
    curl -sf -b "$dir/jar" -H 'content-type: application/json' -w ' %{time_total}\n' \
      -d "{\"campaign\":{\"name\":\"Bench\",\"bot_id\":1,\"number_ids\":[1,2],\"mode\":\"multi_day\",\"concurrency_limit\":50,\"window\":{\"start\":\"09:00\",\"end\":\"18:00\",\"timezone\":\"Asia/Kolkata\"},\"working_days\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"],\"max_attempts\":3,\"retry_delay_minutes\":30,\"retry_on_system_dispositions\":[\"no_answer\"]},\"contacts\":$contacts}" \
      "http://127.0.0.1:$port/api/forecast"
  done | python3 -c "
import json, statistics, sys
took, total = [], []
for line in sys.stdin:
    body, _, seconds = line.rstrip().rpartition(' ')
    took.append(json.loads(body)['took_ms'] / 1000)
    total.append(float(seconds))
print(f'$contacts contacts: forecast {min(took):.2f} / {statistics.median(took):.2f} s, request {min(total):.2f} / {statistics.median(total):.2f} s (min / median of {len(took)})')
"
done
