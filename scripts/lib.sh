# Shared helpers for run.sh and test.sh: PATH for installed tools and the demo servers' lifecycle.
AC_TOOLS="${AC_TOOLS:-$HOME/.cache/agent-console}"
export PATH="$HOME/.cargo/bin:$AC_TOOLS/node_modules/binaryen/bin:$PATH"
AC_LANGGRAPH_PORT="${AC_LANGGRAPH_PORT:-2150}"
AC_DEVSERVER_PORT="${AC_DEVSERVER_PORT:-2160}"
AC_PROXY_PORT="${AC_PROXY_PORT:-2170}"
# A second LangGraph server (the inbox watches several servers at once).
AC_LANGGRAPH2_PORT="${AC_LANGGRAPH2_PORT:-2154}"
AC_A2A_PORT="${AC_A2A_PORT:-2180}"
AC_A2A_PROXY_PORT="${AC_A2A_PROXY_PORT:-2185}"
AC_RUN_DIR="${AC_RUN_DIR:-$(pwd)/.run}"
mkdir -p "$AC_RUN_DIR"
AC_PIDS=()

say() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*"; }

stop_servers() {
  for pid in "${AC_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for_url URL SECONDS LOGFILE
wait_for_url() {
  local url=$1 secs=$2 log=$3
  for _ in $(seq 1 "$((secs * 5))"); do
    if curl -sf "$url" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  say "no answer from $url after ${secs}s; its log:"; tail -40 "$log" >&2
  return 1
}

# Starts the real LangGraph server (langgraph dev, in-memory) with the demo graph.
# With an argument (`start_langgraph tests`) the server runs from a fresh copy of the graph under
# $AC_RUN_DIR/langgraph-<arg>, so what the tests make never shows in the demo (the in-memory server keeps
# its threads in .langgraph_api/ of the folder it runs in) and each test run starts empty.
# graph_copy NAME FILE...: a fresh copy of tests/servers/langgraph's FILEs under $AC_RUN_DIR (printed), so
# a server run from it keeps its state there, apart from the demo's own threads.
graph_copy() {
  local dir="$AC_RUN_DIR/langgraph-$1" f
  shift
  rm -rf "$dir" && mkdir -p "$dir"
  for f in "$@"; do cp "tests/servers/langgraph/$f" "$dir/"; done
  echo "$dir"
}

start_langgraph() {
  local port=${2:-$AC_LANGGRAPH_PORT} var=${3:-AC_LANGGRAPH_PORT}
  if port_busy "$port"; then
    say "port $port is taken; set $var to a free port"; return 1
  fi
  local log="$AC_RUN_DIR/langgraph.log" dir=tests/servers/langgraph
  [ "$port" = "$AC_LANGGRAPH_PORT" ] || log="$AC_RUN_DIR/langgraph-$port.log"
  if [ -n "${1:-}" ]; then
    dir=$(graph_copy "$1" graph.py langgraph.json requirements.txt)
  fi
  (cd "$dir" && LANGSMITH_TRACING=false LANGGRAPH_CLI_NO_ANALYTICS=1 \
    exec "$AC_TOOLS/venv/bin/langgraph" dev --no-browser --no-reload --host 127.0.0.1 \
      --port "$port" --config langgraph.json) >"$log" 2>&1 &
  AC_PIDS+=("$!")
  wait_for_url "http://127.0.0.1:$port/ok" 60 "$log"
  python3 tests/servers/langgraph/examples.py "http://127.0.0.1:$port"
  say "LangGraph demo server: http://127.0.0.1:$port (log: $log)"
}

# A second LangGraph server from its own copy of the graph (the inbox's tests watch both).
start_second_langgraph() { start_langgraph tests2 "$AC_LANGGRAPH2_PORT" AC_LANGGRAPH2_PORT; }

# Starts our stand-in server (crates/devserver): the Yandex AI Assistants REST API with demo data.
start_devserver() {
  if port_busy "$AC_DEVSERVER_PORT"; then
    say "port $AC_DEVSERVER_PORT is taken; set AC_DEVSERVER_PORT to a free port"; return 1
  fi
  local log="$AC_RUN_DIR/devserver.log"
  cargo build -q -p agent-console-devserver
  target/debug/devserver --port "$AC_DEVSERVER_PORT" >"$log" 2>&1 &
  AC_PIDS+=("$!")
  for _ in $(seq 1 50); do port_busy "$AC_DEVSERVER_PORT" && break; sleep 0.2; done
  say "$(head -1 "$log")"
}

# Starts the A2A demo agent (tests/servers/a2a/agent.py, on the real a2a-sdk): deterministic, both
# protocol versions on one URL, CORS open.
start_a2a() {
  if port_busy "$AC_A2A_PORT"; then
    say "port $AC_A2A_PORT is taken; set AC_A2A_PORT to a free port"; return 1
  fi
  local log="$AC_RUN_DIR/a2a.log"
  "$AC_TOOLS/venv/bin/python" tests/servers/a2a/agent.py --port "$AC_A2A_PORT" >"$log" 2>&1 &
  AC_PIDS+=("$!")
  wait_for_url "http://127.0.0.1:$AC_A2A_PORT/.well-known/agent-card.json" 30 "$log"
  say "A2A demo agent: http://127.0.0.1:$AC_A2A_PORT (log: $log)"
}

# proxy_to PORT_VAR UPSTREAM_PORT LOG: a fault proxy (devserver --proxy) on the port named by PORT_VAR in
# front of a server on 127.0.0.1:UPSTREAM_PORT; the browser suite's fault tests cut and spoil the real
# server's answers through it (x-ac-fault).
proxy_to() {
  local var=$1 up=$2 log="$AC_RUN_DIR/$3" port=${!1}
  if port_busy "$port"; then
    say "port $port is taken; set $var to a free port"; return 1
  fi
  target/debug/devserver --port "$port" --proxy "http://127.0.0.1:$up" >"$log" 2>&1 &
  AC_PIDS+=("$!")
  for _ in $(seq 1 50); do port_busy "$port" && break; sleep 0.2; done
  say "$(head -1 "$log")"
}

# The fault proxy in front of the LangGraph server, and one in front of the A2A demo agent.
start_fault_proxy() { proxy_to AC_PROXY_PORT "$AC_LANGGRAPH_PORT" fault-proxy.log; }
start_a2a_proxy() { proxy_to AC_A2A_PROXY_PORT "$AC_A2A_PORT" a2a-proxy.log; }

# bundle_sizes DIST: what a first load of the app and of each widget build downloads (gzip -9).
bundle_sizes() {
  local d=$1
  gz() { gzip -9c "$1" | wc -c; }
  # What a host downloads for the widget from folder $1: the element module, the JS glue, the wasm.
  # With the split build, the parts' loader (__wasm_split.js) is imported by the JS glue: part of the
  # first download; the parts (split_*.wasm, chunk_*.wasm) are fetched when first shown.
  loader() { if [ -f "$1/__wasm_split.js" ]; then gz "$1/__wasm_split.js"; else echo 0; fi; }
  download() { echo $(( $(gz "$1/agent-console-element.js") + $(gz "$1/agent-console.js") + $(gz "$1/agent-console_bg.wasm") + $(loader "$1") )); }
  say "bundle: wasm $(stat -c %s "$d/agent-console_bg.wasm") B ($(gz "$d/agent-console_bg.wasm") B gzipped), js $(stat -c %s "$d/agent-console.js") B ($(gz "$d/agent-console.js") B gzipped), parts' loader $(loader "$d") B gzipped"
  # With the split build, each part with the chunks it needs (scripts/parts.py); connecting adds the
  # server's dialect part to the first load: the largest of them is what the budget holds.
  local dialect=0 name size
  if [ -f "$d/__wasm_split.js" ]; then
    local parts
    parts=$(python3 scripts/parts.py "$d") || return 1
    say "parts fetched when first shown, each with the chunks it needs (B gzipped): $(awk '{ printf "%s %s  ", $1, $2 }' <<<"$parts")"
    while read -r name size _; do
      [[ $name == dialect_* ]] && [ "$size" -gt "$dialect" ] && dialect=$size
    done <<<"$parts"
  fi
  local widget=$(( $(download "$d") + dialect ))
  say "widget download (element module + js + wasm + parts' loader + the largest dialect part): $widget B gzipped"
  # The app's first load: the page and all it loads before the composer is usable (with the
  # connected server's dialect, the largest of them; no other part).
  local app=0 f
  for f in index.html app.css stopped.js agent-console.js agent-console_bg.wasm __wasm_split.js; do
    [ -f "$d/$f" ] && app=$(( app + $(gz "$d/$f") ))
  done
  say "app first load (page, css, js, wasm, parts' loader): $app B gzipped; with the connected dialect's part: $(( app + dialect )) B at most"
  app=$(( app + dialect ))
  local over=0
  within_budget app-first-load "$app" || over=1
  within_budget widget-download "$widget" || over=1
  # The chat-only widget, and that widget for LangGraph alone (AC_DIALECTS=langgraph), where built.
  local sub
  for sub in chat langgraph/chat; do
    [ -f "$d/$sub/agent-console_bg.wasm" ] || continue
    say "chat-only widget ($sub/): wasm $(stat -c %s "$d/$sub/agent-console_bg.wasm") B ($(gz "$d/$sub/agent-console_bg.wasm") B gzipped); download $(download "$d/$sub") B gzipped"
    within_budget "${sub//\//-}-widget-download" "$(download "$d/$sub")" || over=1
  done
  return $over
}

# within_budget NAME BYTES: whether BYTES is within NAME's line of size-budget.txt (said either way).
within_budget() {
  local limit
  limit=$(awk -v n="$1" '$1 == n { print $2 }' size-budget.txt)
  if [ -z "$limit" ]; then say "size budget: no line for $1 in size-budget.txt"; return 1; fi
  if [ "$2" -gt "$limit" ]; then
    say "size budget: $1 is $2 B gzipped, over its budget of $limit B by $(( $2 - limit )) B (size-budget.txt)"
    return 1
  fi
  say "size budget: $1 $2 B of $limit B"
}

# The split release build's compile (scripts/split.sh): `--cfg ac_split` makes each `lazy_part!` a
# split point, `--emit-relocs` keeps what wasm-split-cli cuts along. Cargo's config gives
# `--cfg erase_components` to wasm builds; RUSTFLAGS replaces it, so it is named again. Its own target
# folder keeps the plain builds (trunk serve, the tests) from recompiling after it.
SPLIT_TARGET=target/split
split_env() {
  CARGO_TARGET_DIR="$SPLIT_TARGET" RUSTFLAGS="--cfg erase_components --cfg ac_split -C link-args=--emit-relocs" "$@"
}
