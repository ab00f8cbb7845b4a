#!/usr/bin/env bash
# The split release build of one page Trunk built into DIST: the same app compiled with
# `--cfg ac_split` (each `lazy_part!` a split point) and `--emit-relocs`, cut by wasm-split-cli into
# the first module and one module per part, bound by wasm-bindgen (`--keep-lld-exports`: the parts
# link against the first module's functions), each module shrunk by wasm-opt -Oz; then the first
# module and its JS replace Trunk's in DIST, the parts and their loader (`__wasm_split*.js`) go beside
# them, and the page's integrity hashes are written anew. A part is fetched the first time it is shown.
# Usage: scripts/split.sh DIST [cargo feature args...]   (after `trunk build --release` into DIST)
# scripts/build.sh has Trunk compile with the same flags and target folder (split_env, scripts/lib.sh),
# so the cargo build below finds the wasm built and only the cut, the binding and wasm-opt run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
dist=$1
shift
name=agent-console
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
split_env cargo build --release --target wasm32-unknown-unknown --bin "$name" "$@" \
  >"$AC_RUN_DIR/split-cargo.log" 2>&1 || { tail -30 "$AC_RUN_DIR/split-cargo.log"; exit 1; }
wasm-split-cli "$SPLIT_TARGET/wasm32-unknown-unknown/release/$name.wasm" "$work/split" --target web --out-name "$name" \
  >"$AC_RUN_DIR/split-cli.log" 2>&1 || { tail -30 "$AC_RUN_DIR/split-cli.log"; exit 1; }
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript --out-name "$name" \
  --out-dir "$work/bound" "$work/split/$name.wasm"
# wasm-opt warns of the name subsections wasm-split-cli writes (it does not know id 3): logged, harmless.
opt() { wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals "$1" -o "$2" 2>>"$AC_RUN_DIR/split-opt.log"; }
: >"$AC_RUN_DIR/split-opt.log"
opt "$work/bound/${name}_bg.wasm" "$dist/${name}_bg.wasm"
cp "$work/bound/$name.js" "$dist/$name.js"
rm -f "$dist"/split_*.wasm "$dist"/chunk_*.wasm "$dist"/__wasm_split*.js
for part in "$work"/split/*.wasm; do
  [ "$(basename "$part")" = "$name.wasm" ] && continue
  opt "$part" "$dist/$(basename "$part")"
done
cp "$work"/split/*.js "$dist/"
python3 scripts/integrity.py "$dist/index.html"
