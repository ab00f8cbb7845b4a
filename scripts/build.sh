#!/usr/bin/env bash
# The release build (after scripts/setup.sh): the whole app with Trunk into dist/ (wasm-opt -Oz, the
# Content-Security-Policy hook) and split (scripts/split.sh: the screens beyond the first are parts
# fetched when first opened), then the chat-only build (no `full` feature: the chat alone) into
# dist/chat/ — the same widget element next to a smaller wasm, for host pages that embed only the chat.
# Trunk empties its dist folder, so the chat build comes second. Logs: $AC_RUN_DIR/trunk-release*.log.
# AC_DIALECTS (a comma list of langgraph, agent-protocol, yandex, responses; default: all four)
# narrows both builds to those dialects: a widget for one server's dialect downloads that one alone.
# Usage: [AC_DIALECTS=langgraph] scripts/build.sh [DIST [chat]]   (default dist; `chat`: the chat build alone)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
dist="${1:-dist}"
only="${2:-}"
app=index.html
chat=widget/chat.html
if [ -n "${AC_DIALECTS:-}" ]; then
  for d in ${AC_DIALECTS//,/ }; do
    case "$d" in
      langgraph | agent-protocol | yandex | responses) ;;
      *) say "AC_DIALECTS: unknown dialect '$d' (use langgraph, agent-protocol, yandex, responses)"; exit 2 ;;
    esac
  done
  # Trunk reads cargo features from the page's rust link: copies of both pages that name them.
  app=index.dialects.html
  chat=widget/chat.dialects.html
  trap 'rm -f index.dialects.html widget/chat.dialects.html' EXIT
  sed "s/data-bin=\"agent-console\"/& data-cargo-no-default-features data-cargo-features=\"full,$AC_DIALECTS\"/" index.html >"$app"
  sed "s/data-cargo-features=\"[^\"]*\"/data-cargo-features=\"$AC_DIALECTS\"/" widget/chat.html >"$chat"
  grep -q "full,$AC_DIALECTS" "$app" && grep -q "\"$AC_DIALECTS\"" "$chat" \
    || { say "could not name the features in the pages' rust links"; exit 1; }
fi
if [ "$only" != chat ]; then
  # Trunk compiles the app as the split build does (split_env: its flags and target folder), so the
  # wasm is compiled once; its wasm-opt is skipped (a page copy says data-wasm-opt="0"): split.sh
  # replaces that wasm with the first module and the parts, each shrunk by wasm-opt -Oz.
  split_page="${app%.html}.split.html"
  trap 'rm -f index.dialects.html widget/chat.dialects.html "$split_page"' EXIT
  sed 's/data-wasm-opt="z"/data-wasm-opt="0"/' "$app" >"$split_page"
  grep -q 'data-wasm-opt="0"' "$split_page" || { say "could not turn off wasm-opt in $split_page"; exit 1; }
  split_env trunk build --release --dist "$dist" "$split_page" >"$AC_RUN_DIR/trunk-release.log" 2>&1 \
    || { tail -40 "$AC_RUN_DIR/trunk-release.log"; exit 1; }
  # The app's screens beyond the first are parts fetched when first opened: the split build
  # (scripts/split.sh) replaces Trunk's single wasm with the first module and the parts.
  features=()
  [ -n "${AC_DIALECTS:-}" ] && features=(--no-default-features --features "full,$AC_DIALECTS")
  bash scripts/split.sh "$dist" "${features[@]}"
fi
trunk build --release --dist "$dist/chat" "$chat" >"$AC_RUN_DIR/trunk-release-chat.log" 2>&1 \
  || { tail -40 "$AC_RUN_DIR/trunk-release-chat.log"; exit 1; }
# The example host page is a demo (`trunk serve`), not part of a release: it takes its server from
# its address. Release folders ship without it (scripts/release-smoke.sh serves it beside a copy).
find "$dist" -name embed.html -delete
