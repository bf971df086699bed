#!/usr/bin/env bash
# Installs what Outdial needs and is missing, pinned to the versions that
# work together here (see ../shared/TOOLCHAIN.md). Safe to run again: each
# step checks first and does nothing when the tool is already there.
#
#   scripts/setup.sh run    tools to build and run the app
#   scripts/setup.sh test   the above, plus Chromium and its driver for tests
#                           and the API contract tools
#   scripts/setup.sh contract   only the API contract tools (a Python venv)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal wasm-bindgen in Cargo.lock
# wasm-split-cli splits the page by page (scripts/build-page.sh); its
# format must match wasm_split_helpers in Cargo.lock (0.2.x).
WASM_SPLIT_VERSION=0.2.4
# zopfli writes the page's gzip copies (scripts/build-page.sh).
ZOPFLI_VERSION=0.8.1
purpose=${1:-run}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The API contract tools (openapi-spec-validator, schemathesis), pinned with
# everything they pull in, in a virtual environment of their own. The venv
# records the requirements it was made from, so a changed pin reinstalls.
contract_tools() {
  local venv=.venv-api requirements=scripts/api-contract/requirements.txt
  if ! cmp -s "$requirements" "$venv/installed-requirements.txt" 2>/dev/null; then
    say "installing the API contract tools into $venv (about a minute, once)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    # --no-deps: the file pins every package, so nothing unpinned comes in.
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
    cp "$requirements" "$venv/installed-requirements.txt"
  fi
}

if [ "$purpose" = contract ]; then
  contract_tools
  exit 0
fi

# The toolchain and wasm target come from rust-toolchain.toml; asking rustc
# for its version makes rustup install them when they are missing.
rustc --version >/dev/null
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # Not --locked: its lockfile wants a crate version this registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked \
    --features build-binary
fi

if ! cargo install --list | grep -qx "zopfli v$ZOPFLI_VERSION:"; then
  say "installing zopfli $ZOPFLI_VERSION (a few seconds, once)"
  cargo install zopfli --version "$ZOPFLI_VERSION" --locked
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  say "installing node tools (binaryen's wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund
fi

if [ "$purpose" = test ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Chromium and ChromeDriver from Debian"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver
  fi
  contract_tools
fi

cargo fetch --locked >/dev/null
