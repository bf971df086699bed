#!/usr/bin/env bash
# The ingest benchmark: the spec's limit (500,000 rows, ~99 MB) and a short
# 21 MB file, uploaded then replaced through the real route, on SQLite and
# (when OUTDIAL_TEST_POSTGRES_URL is set) PostgreSQL, engines alternated
# round by round. OUTDIAL_BENCH_ROUNDS (default 5) rounds; prints min and
# median per engine. Figures: docs/api.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if [ -z "${OUTDIAL_TEST_POSTGRES_URL:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export OUTDIAL_TEST_POSTGRES_URL=postgres://root@127.0.0.1:5432/test
fi
exec cargo test --locked --release -p outdial --test api ingest_bench -- --ignored --nocapture --test-threads 1
