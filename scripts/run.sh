#!/usr/bin/env bash
# The run command: installs what is missing, starts the demo LangGraph server and `trunk serve`, and
# prints the URL. The app opens connected to the demo server through Trunk's /api proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-browsers
source scripts/lib.sh
trap stop_servers EXIT INT TERM
start_langgraph
start_devserver
start_a2a
AC_APP_PORT="${AC_APP_PORT:-8080}"
say "building the app (first build takes a minute or two)…"
say "open http://127.0.0.1:$AC_APP_PORT/ when Trunk reports it is serving (Ctrl-C stops everything)"
say "the widget, embedded twice in a host page: http://127.0.0.1:$AC_APP_PORT/embed.html"
say "the Agent Protocol reference server: http://127.0.0.1:$AC_APP_PORT/?dialect=agent-protocol&server=/ap-demo"
say "the Responses API stand-in (key demo-api-key): http://127.0.0.1:$AC_APP_PORT/?dialect=responses&server=/responses-demo/v1"
say "  … and without conversations (threads are response chains): http://127.0.0.1:$AC_APP_PORT/?dialect=responses&server=/responses-demo/chain/v1"
say "the A2A demo agent: http://127.0.0.1:$AC_APP_PORT/?dialect=a2a&server=http://127.0.0.1:$AC_A2A_PORT"
say "  … and the LangGraph demo's assistants over A2A: ?dialect=a2a&server=http://127.0.0.1:$AC_LANGGRAPH_PORT/a2a/{assistant id}"
if [ "$AC_LANGGRAPH_PORT" != 2150 ]; then
  say "note: Trunk.toml proxies /api to port 2150; with another port open ?server=http://127.0.0.1:$AC_LANGGRAPH_PORT"
fi
trunk serve --port "$AC_APP_PORT"
