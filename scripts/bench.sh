#!/usr/bin/env bash
# The benchmarks (never part of the test command): installs what is missing, starts the real
# LangGraph server with the benchmark graph (tests/servers/langgraph/bench.py: replies of N tokens as
# fast as the server streams), builds the release app, and drives headless Chromium through it
# (tests/bench_page.py): first load, 2,000- and 20,000-token replies, a 10,000-message thread.
# Prints each scenario's figures (medians of $AC_BENCH_REPS, default 3), then every target with
# met / NOT MET and by how much, and writes .run/bench.json.
# With --busy, every core also runs a busy loop while the browser is driven (a busy machine); with
# --native, the criterion benchmarks of the stream engine, of reading a long thread's state and of
# streaming markdown run too.
# With --profile, the app is built keeping its functions' names (no wasm-opt) and the first thread run's
# fling is profiled (CDP): .run/fling.cpuprofile, the first 20,000-token reply's stream:
# .run/stream.cpuprofile, and the first opening of the 10,000-message thread: .run/open.cpuprofile;
# the functions by self time are printed for each.
# With `inbox` in --only (the default has it), two more LangGraph servers run the demo graph with no
# pause between words and the devserver the Agent Protocol stand-in: 1,000 waiting items over the
# three arrive in the Inbox and are walked with `j`.
# Usage: scripts/bench.sh [--busy] [--native] [--profile] [--only load,stream,thread,inbox]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
native=0; busy=0; only="load,stream,thread,inbox"; profile=""; inbox_pids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --native) native=1 ;;
    --profile) profile="$AC_RUN_DIR/fling.cpuprofile" ;;
    --busy) busy=1 ;;
    --only) only="$2"; shift ;;
    *) say "unknown option $1"; exit 2 ;;
  esac
  shift
done
bash scripts/setup.sh
port="${AC_BENCH_PORT:-2152}"
if port_busy "$port"; then say "port $port is taken; set AC_BENCH_PORT"; exit 1; fi
log="$AC_RUN_DIR/langgraph-bench.log"
# From a fresh copy: the benchmark's threads (10,000 messages, 20,000-token replies) must not join
# the demo's, which `langgraph dev` keeps in tests/servers/langgraph/.langgraph_api.
dir=$(graph_copy bench bench.py bench.json requirements.txt)
(cd "$dir" && LANGSMITH_TRACING=false LANGGRAPH_CLI_NO_ANALYTICS=1 exec "$AC_TOOLS/venv/bin/langgraph" dev --no-browser \
  --no-reload --host 127.0.0.1 --port "$port" --config bench.json) >"$log" 2>&1 &
lg_pid=$!
trap 'kill $lg_pid 2>/dev/null || true' EXIT
wait_for_url "http://127.0.0.1:$port/ok" 90 "$log"
say "LangGraph with the benchmark graph: http://127.0.0.1:$port"
inbox_urls=""
if [[ ",$only," == *,inbox,* ]]; then
  inbox_pids=()
  for p in 2156 2157; do
    if port_busy "$p"; then say "port $p is taken (the Inbox case's servers)"; exit 1; fi
    d=$(graph_copy "inbox-$p" graph.py langgraph.json requirements.txt)
    (cd "$d" && DEMO_TOKEN_DELAY_MS=0 LANGSMITH_TRACING=false LANGGRAPH_CLI_NO_ANALYTICS=1 exec "$AC_TOOLS/venv/bin/langgraph" dev \
      --no-browser --no-reload --host 127.0.0.1 --port "$p" --config langgraph.json) >"$AC_RUN_DIR/langgraph-$p.log" 2>&1 &
    inbox_pids+=("$!")
  done
  if port_busy 2163; then say "port 2163 is taken (the Inbox case's stand-in)"; exit 1; fi
  cargo build -q -p agent-console-devserver
  target/debug/devserver --port 2163 >"$AC_RUN_DIR/devserver-bench.log" 2>&1 &
  inbox_pids+=("$!")
  trap 'kill $lg_pid "${inbox_pids[@]}" 2>/dev/null || true' EXIT
  for p in 2156 2157; do wait_for_url "http://127.0.0.1:$p/ok" 90 "$AC_RUN_DIR/langgraph-$p.log"; done
  inbox_urls="http://127.0.0.1:2156,http://127.0.0.1:2157,http://127.0.0.1:2163"
fi
if [ -n "$profile" ]; then
  # A profile needs the functions' names: the release build without wasm-opt (which drops them),
  # its debug names kept. Slower than the real bundle: compare its shares, not its times.
  say "building the release app with names for the profile…"
  sed 's/data-wasm-opt="z"/data-wasm-opt="0" data-keep-debug/' index.html > index.profile.html
  trap 'rm -f index.profile.html; kill $lg_pid 2>/dev/null || true' EXIT
  trunk build --release --dist dist index.profile.html >"$AC_RUN_DIR/trunk-profile.log" 2>&1 \
    || { tail -40 "$AC_RUN_DIR/trunk-profile.log"; exit 1; }
  mv dist/index.profile.html dist/index.html 2>/dev/null || true
  rm -f index.profile.html
else
  say "building the release app, the chat-only widget and that widget for LangGraph alone (scripts/build.sh)…"
  bash scripts/build.sh dist
  AC_DIALECTS=langgraph bash scripts/build.sh dist/langgraph chat
  bundle_sizes dist || say "over the size budget: see above"
fi
burners=()
if [ "$busy" = 1 ]; then
  for _ in $(seq "$(nproc)"); do python3 -c 'while True: pass' & burners+=("$!"); done
  trap 'kill $lg_pid "${burners[@]}" ${inbox_pids[@]:+"${inbox_pids[@]}"} 2>/dev/null || true' EXIT
  say "busy machine: $(nproc) busy loops running"
fi
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" python3 tests/bench_page.py dist "http://127.0.0.1:$port" \
  --reps "${AC_BENCH_REPS:-3}" --only "$only" --json "$AC_RUN_DIR/bench.json" ${inbox_urls:+--inbox "$inbox_urls"} \
  ${profile:+--profile "$profile" --profile-stream "$AC_RUN_DIR/stream.cpuprofile" --profile-open "$AC_RUN_DIR/open.cpuprofile"}
say "figures: $AC_RUN_DIR/bench.json"
if [ "$native" = 1 ]; then
  cargo bench -p agent-console-core --bench pipeline --bench thread_state --bench markdown
fi
