#!/usr/bin/env bash
# Builds the release bundle with Trunk (wasm-opt -Oz) and loads it in headless Chromium against the
# LangGraph server at $AC_LANGGRAPH_URL: the page must connect and list threads. Prints bundle sizes.
# Usage (after setup, with the demo server up): scripts/release-smoke.sh [SCREENSHOT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
server="${AC_LANGGRAPH_URL:-http://127.0.0.1:$AC_LANGGRAPH_PORT}"
trunk build --release --dist dist >"$AC_RUN_DIR/trunk-release.log" 2>&1 || { tail -40 "$AC_RUN_DIR/trunk-release.log"; exit 1; }
wasm=$(ls dist/*.wasm); js=$(ls dist/*.js)
say "bundle: wasm $(stat -c %s "$wasm") B ($(gzip -9c "$wasm" | wc -c) B gzipped), js $(stat -c %s "$js") B ($(gzip -9c "$js" | wc -c) B gzipped)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >"$AC_RUN_DIR/static.log" 2>&1 &
static_pid=$!
trap 'kill $static_pid 2>/dev/null || true' EXIT
wait_for_url "http://127.0.0.1:$port/" 10 "$AC_RUN_DIR/static.log"
url="http://127.0.0.1:$port/?server=$server&dialect=langgraph"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" --virtual-time-budget=15000)
dom=$(chromium "${flags[@]}" --dump-dom "$url" 2>"$AC_RUN_DIR/chromium.log")
if ! grep -q 'ac-connection ac-ok' <<<"$dom"; then
  say "the release build did not connect; DOM was:"; head -c 3000 <<<"$dom"; exit 1
fi
say "release build connected: $(grep -o 'Connected[^<]*' <<<"$dom" | head -1); threads listed: $(grep -o 'class="ac-thread"' <<<"$dom" | wc -l)"
if [ -n "${1:-}" ]; then
  chromium "${flags[@]}" --window-size=1280,800 --screenshot="$1" "$url" 2>>"$AC_RUN_DIR/chromium.log"
  say "screenshot: $1"
fi
