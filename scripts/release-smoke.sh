#!/usr/bin/env bash
# Builds the release bundles (scripts/build.sh: the app, the chat-only widget in dist/chat/, and that
# widget for LangGraph alone in dist/langgraph/chat/) and loads them in headless Chromium against the
# LangGraph server at $AC_LANGGRAPH_URL: the page must connect and list threads; then the example host
# page (examples/embed.html beside a copy of each build: two <agent-console> widgets under hostile CSS) is driven through WebDriver
# (tests/embed_page.py); the split build's parts are opened one by one and one is made to fail, in
# Chromium and Firefox (tests/parts_page.py), and a real wasm trap must say "stopped" in the app and in
# both widgets (tests/stopped_page.py); every screen passes axe-core at three sizes in both themes
# (tests/a11y_page.py; with $AC_SHOTS, the thread at each size and theme is saved there); with $AC_YANDEX_URL set, the app is driven against the Yandex stand-in and the
# Agent Protocol reference server (the same devserver) too (tests/yandex_page.py, tests/agent_protocol_page.py). Prints bundle sizes: the app's and what a host downloads for the widget.
# Usage (after setup, with the demo servers up):
#   scripts/release-smoke.sh [SCREENSHOT.png [EMBED-SCREENSHOT.png [YANDEX-SCREENSHOT.png [AP-SCREENSHOT.png]]]]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
server="${AC_LANGGRAPH_URL:-http://127.0.0.1:$AC_LANGGRAPH_PORT}"
bash scripts/build.sh dist
# The chat build for LangGraph alone (AC_DIALECTS): what a host that embeds one server's chat ships.
AC_DIALECTS=langgraph bash scripts/build.sh dist/langgraph chat
bundle_sizes dist

# A release ships without the example host page; the smoke serves a copy of dist/ with it beside
# each build's element.
if find dist -name embed.html | grep -q .; then say "dist/ holds the example page embed.html"; exit 1; fi
site="$AC_RUN_DIR/site"
rm -rf "$site" && cp -r dist "$site"
for d in "$site" "$site/chat" "$site/langgraph/chat"; do cp examples/embed.html "$d/"; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >"$AC_RUN_DIR/static.log" 2>&1 &
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
say "release build connected: $(grep -o 'ac-connection ac-ok">Connected[^<]*' <<<"$dom" | head -1 | cut -d'>' -f2); threads listed: $(grep -o 'class="ac-thread"' <<<"$dom" | wc -l)"
# The page runs under its Content-Security-Policy (scripts/csp.py), and the policy holds: an inline
# script it does not list, put in a copy of the page, does not run.
grep -q 'http-equiv="Content-Security-Policy"' dist/index.html || { say "dist/index.html has no CSP"; exit 1; }
AC_SITE="$site" python3 - <<'PY'
import os
site = os.environ["AC_SITE"]
s = open(f"{site}/index.html", encoding="utf-8").read()
s = s.replace("<body>", '<body><script>document.title = "csp-broken"</script>', 1)
open(f"{site}/csp-check.html", "w", encoding="utf-8").write(s)
PY
csp_dom=$(chromium "${flags[@]}" --dump-dom "http://127.0.0.1:$port/csp-check.html?server=$server&dialect=langgraph" 2>>"$AC_RUN_DIR/chromium.log")
rm -f "$site/csp-check.html"
if grep -q 'csp-broken' <<<"$(grep -o '<title>[^<]*' <<<"$csp_dom")" || ! grep -q 'ac-connection ac-ok' <<<"$csp_dom"; then
  say "the Content-Security-Policy let an unlisted inline script run, or stopped the app"; exit 1
fi
say "Content-Security-Policy: the app runs under it; an unlisted inline script does not"
say "example host page with two widgets, driven in headless Chromium:"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" python3 tests/embed_page.py \
  "http://127.0.0.1:$port/embed.html?server=$server" ${2:+"$2"}
say "the same host page on the chat-only build (dist/chat/: mode=full shows the chat alone):"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" AC_CHAT_BUILD=1 python3 tests/embed_page.py \
  "http://127.0.0.1:$port/chat/embed.html?server=$server"
say "the same host page on the chat build for LangGraph alone (dist/langgraph/chat/): a Yandex widget is told no:"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" AC_CHAT_BUILD=1 AC_ONLY_DIALECT=langgraph python3 tests/embed_page.py \
  "http://127.0.0.1:$port/langgraph/chat/embed.html?server=$server"
say "the split build's parts (each tab fetched when first opened; a part not sent, then Retry), Chromium and Firefox:"
for browser in chromium firefox; do
  CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" GECKODRIVER="${GECKODRIVER:-$(command -v geckodriver)}" \
    python3 tests/parts_page.py "http://127.0.0.1:$port/?server=$server&dialect=langgraph" "$site" "$browser"
done
say "a wasm trap says \"stopped\" in the app and in both widgets of the host page, Chromium and Firefox:"
for browser in chromium firefox; do
  CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" GECKODRIVER="${GECKODRIVER:-$(command -v geckodriver)}" \
    python3 tests/stopped_page.py "http://127.0.0.1:$port/?server=$server&dialect=langgraph" \
    "http://127.0.0.1:$port/embed.html?server=$server" "$site" "$browser"
done
say "accessibility (axe-core: no serious or critical violation) and screen sizes (360, 768, 1280 px; no sideways scrolling, the drawer below 900 px), light and dark:"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" python3 tests/a11y_page.py \
  "http://127.0.0.1:$port/" "$server" "${AC_YANDEX_URL:-}" ${AC_SHOTS:+"$AC_SHOTS"}
if [ -n "${AC_YANDEX_URL:-}" ]; then
  say "the app against the Yandex stand-in ($AC_YANDEX_URL), driven in headless Chromium:"
  CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" python3 tests/yandex_page.py \
    "http://127.0.0.1:$port/?server=$AC_YANDEX_URL&dialect=yandex&folder=b1gdemofolder0000001" ${3:+"$3"}
  say "the app against the Agent Protocol reference server ($AC_YANDEX_URL), driven in headless Chromium:"
  CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" python3 tests/agent_protocol_page.py \
    "http://127.0.0.1:$port/?server=$AC_YANDEX_URL&dialect=agent-protocol" ${4:+"$4"}
fi
if [ -n "${1:-}" ]; then
  chromium "${flags[@]}" --window-size=1280,800 --screenshot="$1" "$url" 2>>"$AC_RUN_DIR/chromium.log"
  say "screenshot: $1"
fi
