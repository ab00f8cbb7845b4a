#!/usr/bin/env bash
# The release build (after scripts/setup.sh): the whole app with Trunk into dist/ (wasm-opt -Oz, the
# Content-Security-Policy hook), then the chat-only build (no `full` feature: the chat alone) into
# dist/chat/ — the same widget element next to a smaller wasm, for host pages that embed only the chat.
# Trunk empties its dist folder, so the chat build comes second. Logs: $AC_RUN_DIR/trunk-release*.log.
# Usage: scripts/build.sh [DIST]   (default dist)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
dist="${1:-dist}"
trunk build --release --dist "$dist" >"$AC_RUN_DIR/trunk-release.log" 2>&1 \
  || { tail -40 "$AC_RUN_DIR/trunk-release.log"; exit 1; }
trunk build --release --dist "$dist/chat" widget/chat.html >"$AC_RUN_DIR/trunk-release-chat.log" 2>&1 \
  || { tail -40 "$AC_RUN_DIR/trunk-release-chat.log"; exit 1; }
