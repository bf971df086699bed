#!/usr/bin/env bash
# Runs the native test suites with the machine's clock shifted a year ahead
# and a year back (Debian's libfaketime), to prove that no test depends on
# today's date. Builds the tests first, then runs each test binary directly
# under faketime (cargo itself is not run under a fake clock: it compares
# file times).
#   scripts/test-shifted-clock.sh            both shifts
#   scripts/test-shifted-clock.sh +365d      one shift
# PostgreSQL tests run when OUTDIAL_TEST_POSTGRES_URL is set; the database
# server keeps the real clock, which is the point: a test must not assume
# the two agree with the date either.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
if ! command -v faketime >/dev/null; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq faketime
fi
shifts=("$@")
[ ${#shifts[@]} -gt 0 ] || shifts=(+365d -365d)

skip=()
[ -n "${OUTDIAL_TEST_POSTGRES_URL:-}" ] || skip=(--skip postgres)

binaries=$(cargo test --locked -p outdial-shared -p outdial --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["manifest_path"].rsplit("/", 1)[0] + "\t" + m["executable"])')

for shift in "${shifts[@]}"; do
  printf '\n\033[1m==> native tests with the clock at %s\033[0m (now %s)\n' "$shift" "$(faketime -f "$shift" date -u +%FT%TZ)"
  while IFS=$'\t' read -r dir exe; do
    # Each binary runs from its package's folder, as cargo test runs it.
    (cd "$dir" && faketime -f "$shift" "$exe" -q "${skip[@]}")
  done <<<"$binaries"
done
