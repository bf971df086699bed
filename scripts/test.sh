#!/usr/bin/env bash
# The README's "Test" command: every suite, failing if any fails.
#   1. formatting and lints (cargo fmt --check, clippy -D warnings, native and wasm)
#   2. native unit and integration tests (SQLite, and PostgreSQL when
#      OUTDIAL_TEST_POSTGRES_URL is set; otherwise those tests are listed as skipped)
#   3. wasm tests in headless Chromium (wasm-bindgen-test)
#   4. the release build, then the API contract check (openapi-spec-validator
#      and schemathesis, scripts/api-contract.sh) and end-to-end tests in
#      Chromium against the real binary
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh

started=$SECONDS
step() { printf '\n\033[1m==> %s\033[0m (%ss)\n' "$*" "$((SECONDS - started))"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --locked -p outdial-shared -p outdial --all-targets -- -D warnings
# Benches use criterion, which is native-only: lint them natively only.
# The page as it ships (split by page, frontend's `split` feature); the
# unsplit variant differs only in how the `split_fn!` functions (src/split.rs)
# are declared.
step "clippy (wasm32)"
cargo clippy --locked -p outdial-shared -p outdial-frontend -p outdial-csv-worker --lib --bins --tests \
  --features outdial-frontend/split --target wasm32-unknown-unknown -- -D warnings

step "native tests"
if [ -n "${OUTDIAL_TEST_POSTGRES_URL:-}" ]; then
  echo "PostgreSQL tests run against \$OUTDIAL_TEST_POSTGRES_URL"
  cargo test --locked -p outdial-shared -p outdial
else
  echo "OUTDIAL_TEST_POSTGRES_URL is not set: these PostgreSQL tests are SKIPPED:"
  cargo test --locked -p outdial -- --list postgres 2>/dev/null | grep ': test$' | sed 's/: test$//; s/^/  skipped: /'
  cargo test --locked -p outdial-shared -p outdial -- --skip postgres
fi

step "wasm tests in headless Chromium"
cargo test --locked --target wasm32-unknown-unknown -p outdial-shared -p outdial-frontend

step "release build (frontend, then the server that embeds it)"
scripts/build.sh

step "API contract: openapi-spec-validator and schemathesis against target/release/outdial"
scripts/api-contract.sh

step "end-to-end tests in Chromium against target/release/outdial"
node --test tests/e2e/

step "all suites passed"
