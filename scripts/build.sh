#!/usr/bin/env bash
# The release build (after scripts/setup.sh): the whole app with Trunk into dist/ (the
# Content-Security-Policy hook) and split (scripts/split.sh: the screens beyond the first and each
# dialect's code are parts fetched when first opened or connected; wasm-opt -Oz), then the chat-only
# build (no `full` feature: the chat alone; not split) into dist/chat/ — the same widget element next
# to a smaller wasm, for host pages that embed only the chat.
# Trunk empties its dist folder, so the chat build comes second. Logs: $AC_RUN_DIR/trunk-release*.log.
# AC_DIALECTS (a comma list of langgraph, agent-protocol, yandex, responses, a2a; default: all five)
# narrows both builds to those dialects: a widget for one server's dialect downloads that one alone.
# Usage: [AC_DIALECTS=langgraph] scripts/build.sh [DIST [chat]]   (default dist; `chat`: the chat build alone)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
dist="${1:-dist}"
only="${2:-}"
app=index.html
chat=widget/chat.html
split_pages=() # the page copies made here, removed at the end
trap 'rm -f index.dialects.html widget/chat.dialects.html "${split_pages[@]}"' EXIT
if [ -n "${AC_DIALECTS:-}" ]; then
  for d in ${AC_DIALECTS//,/ }; do
    case "$d" in
      langgraph | agent-protocol | yandex | responses | a2a) ;;
      *) say "AC_DIALECTS: unknown dialect '$d' (use langgraph, agent-protocol, yandex, responses, a2a)"; exit 2 ;;
    esac
  done
  # Trunk reads cargo features from the page's rust link: copies of both pages that name them.
  app=index.dialects.html
  chat=widget/chat.dialects.html
  sed "s/data-bin=\"agent-console\"/& data-cargo-no-default-features data-cargo-features=\"full,$AC_DIALECTS\"/" index.html >"$app"
  sed "s/data-cargo-features=\"[^\"]*\"/data-cargo-features=\"$AC_DIALECTS\"/" widget/chat.html >"$chat"
  grep -q "full,$AC_DIALECTS" "$app" && grep -q "\"$AC_DIALECTS\"" "$chat" \
    || { say "could not name the features in the pages' rust links"; exit 1; }
fi
# split_build PAGE DIST LOG FEATURES...: Trunk builds PAGE into DIST, compiling as the split build does
# (split_env: its flags and target folder, so the wasm is compiled once) and skipping its wasm-opt (a
# page copy says data-wasm-opt="0"); then scripts/split.sh replaces that wasm with the first module
# and the parts (the screens beyond the first, each dialect's code), each shrunk by wasm-opt -Oz.
split_build() {
  local page=$1 out=$2 log=$3
  shift 3
  local copy="${page%.html}.split.html"
  split_pages+=("$copy")
  sed 's/data-wasm-opt="z"/data-wasm-opt="0"/' "$page" >"$copy"
  grep -q 'data-wasm-opt="0"' "$copy" || { say "could not turn off wasm-opt in $copy"; exit 1; }
  split_env trunk build --release --dist "$out" "$copy" >"$AC_RUN_DIR/$log" 2>&1 \
    || { tail -40 "$AC_RUN_DIR/$log"; exit 1; }
  bash scripts/split.sh "$out" "$@"
}
# The cargo features as each page's rust link names them (the same set: the same compile, once).
app_features=()
[ -n "${AC_DIALECTS:-}" ] && app_features=(--no-default-features --features "full,$AC_DIALECTS")
if [ "$only" != chat ]; then
  split_build "$app" "$dist" trunk-release.log "${app_features[@]}"
fi
# The chat build is not split: it has no screen beyond the conversation, and its dialects as parts
# cost more than they save (measured at stop 48: the LangGraph-alone chat's first module split was
# 594.0 KB gz, 77 KB over the whole unsplit one — the first module keeps every function a part calls
# exported, out of wasm-opt's reach).
trunk build --release --dist "$dist/chat" "$chat" >"$AC_RUN_DIR/trunk-release-chat.log" 2>&1 \
  || { tail -40 "$AC_RUN_DIR/trunk-release-chat.log"; exit 1; }
# The example host page is a demo (`trunk serve`), not part of a release: it takes its server from
# its address. Release folders ship without it (scripts/release-smoke.sh serves it beside a copy).
find "$dist" -name embed.html -delete
