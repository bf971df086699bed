#!/usr/bin/env bash
# The README's "Run" command: install what is missing, build, and serve the
# app at http://127.0.0.1:8080/ with an embedded SQLite file (outdial.db here,
# or --database-url / OUTDIAL_DATABASE_URL). Extra arguments go to
# `outdial serve`, e.g. scripts/run.sh --bind 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
scripts/build.sh
exec target/release/outdial serve "$@"
