#!/usr/bin/env bash
# Builds the operator's page (frontend/) split by page, into Trunk's staging
# folder. Trunk runs it as its post_build hook (Trunk.toml), after it has
# built the rest of dist/ (styles, icon, the CSV check's worker) and written
# index.html; this adds the page's wasm and the script tag that starts it.
#
# Trunk cannot split a wasm (trunk-rs/trunk#1022), so the page's pipeline
# is here:
#   1. cargo builds frontend/ with the `split` feature, keeping the linker's
#      relocations (wasm-split needs them to move functions between files);
#   2. wasm-split cuts it at each `page_chunks` function: the main module,
#      one chunk per page, chunks of code several pages share, and
#      __wasm_split.js, which fetches a chunk when its page first opens;
#   3. wasm-bindgen writes the JS glue for the main module;
#   4. release builds: wasm-opt -Oz on every wasm file, as Trunk did;
#   5. everything goes into dist/page-<hash>/, the hash of its contents, so
#      the server may let browsers cache it for good;
#   6. release builds: a gzip copy of every wasm, JS and CSS file in dist/
#      (zopfli for the page's own files).
# docs/frontend.md, "Split by page", explains the choice and the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

staging=${TRUNK_STAGING_DIR:?"run by 'trunk build' (Trunk.toml's post_build hook)"}
public_url=${TRUNK_PUBLIC_URL:-/}
name=outdial-frontend
target_dir=${CARGO_TARGET_DIR:-target}
if [ "${TRUNK_PROFILE:-release}" = release ]; then
  profile=wasm-release profile_dir=wasm-release
else
  profile=dev profile_dir=debug
fi

cargo rustc --locked -p outdial-frontend --bin "$name" --target wasm32-unknown-unknown \
  --profile "$profile" --features split -- -C link-arg=--emit-relocs

work="$target_dir/page-split/$profile_dir"
rm -rf "$work"
mkdir -p "$work/split" "$work/page"
wasm-split-cli --out-name "$name" \
  "$target_dir/wasm32-unknown-unknown/$profile_dir/$name.wasm" "$work/split"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-dir "$work/page" --out-name "$name" "$work/split/$name.wasm"
rm "$work/split/$name.wasm"
mv "$work/split/"* "$work/page/"

if [ "${TRUNK_PROFILE:-release}" = release ]; then
  # wasm-opt in place. It warns about a names subsection it does not know
  # (one per file, harmless): only its other output is shown. npm's
  # wasm-opt starts in ~1.5 s, so the ~120 files go two at a time.
  optimise() {
    local said
    if ! said=$(wasm-opt -Oz "$1" -o "$1" 2>&1); then
      echo "$said" >&2
      return 1
    fi
    printf '%s\n' "$said" | grep -v -e 'unknown name subsection' -e '^$' >&2 || true
  }
  export -f optimise
  find "$work/page" -name '*.wasm' -print0 | xargs -0 -n 1 -P 2 bash -c 'optimise "$1"' _
fi

hash=$(cd "$work/page" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
folder="page-$hash"
rm -rf "$staging/page-"*
cp -r "$work/page" "$staging/$folder"

# The page starts from index.html. The wasm is preloaded beside its JS, and
# window.wasmBindings keeps the exports reachable for the CSV check's bench
# (tests/bench/csv_check.mjs).
base="${public_url%/}/$folder"
start="<link rel=\"modulepreload\" href=\"$base/$name.js\" crossorigin>\
<link rel=\"preload\" href=\"$base/${name}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
<script type=\"module\">import init, * as bindings from '$base/$name.js';\
await init({ module_or_path: '$base/${name}_bg.wasm' });\
window.wasmBindings = bindings;</script>"
index="$staging/index.html"
grep -q '</head>' "$index" || { echo "build-page.sh: no </head> in $index" >&2; exit 1; }
START="$start" perl -0pi -e 's{</head>}{$ENV{START}</head>}' "$index"
# Release: a gzip copy beside every wasm, JS and CSS file in dist/, which
# the server sends to browsers that take gzip. The page's own files are
# compressed by zopfli: standard gzip that every browser reads, 4-5 %
# smaller than gzip -9, for ~20 s of build. The rest (Trunk's CSS, the CSV
# check's worker, which is not part of the first download) get gzip -9.
if [ "${TRUNK_PROFILE:-release}" = release ]; then
  find "$staging/$folder" -type f \( -name '*.wasm' -o -name '*.js' \) -print0 \
    | xargs -0 -n 4 -P 2 zopfli
  find "$staging" -path "$staging/$folder" -prune -o -type f \
    \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -exec gzip -9 --keep --no-name {} +
fi
echo "build-page.sh: the page is in dist/$folder ($(ls "$work/page" | grep -c '\.wasm$') wasm files)"
