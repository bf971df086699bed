#!/usr/bin/env bash
# Builds the release app: the frontend first (Trunk → dist/), then the
# `outdial` binary, which embeds dist/ at compile time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline=true
cargo build --release --locked --bin outdial
