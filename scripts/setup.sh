#!/usr/bin/env bash
# Installs, idempotently, everything agent-console needs on a machine that has only rustup stable,
# Python 3.11, node/npm and apt. Each step checks first and skips what is already present, so CI can
# run it on every build of a reused machine. Tools outside cargo's own bin dir live in $AC_TOOLS.
#
# Usage: scripts/setup.sh [--no-browsers] [--no-firefox]
set -euo pipefail

AC_TOOLS="${AC_TOOLS:-$HOME/.cache/agent-console}"
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
WASM_SPLIT_VERSION=0.2.4       # wasm_split_cli_support: its CLI cuts the release wasm into parts (scripts/split.sh)
GECKODRIVER_VERSION=0.37.1
BINARYEN_VERSION=132
# The accessibility engine the release check runs in the page (tests/a11y_page.py).
AXE_VERSION=4.14.1
LANGGRAPH_CLI_SPEC='langgraph-cli[inmem]==0.4.40'

want_browsers=1
want_firefox=1
for arg in "$@"; do
  case "$arg" in
    --no-browsers) want_browsers=0; want_firefox=0 ;;
    --no-firefox) want_firefox=0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '[setup] %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$AC_TOOLS/node_modules/binaryen/bin:$PATH"
mkdir -p "$AC_TOOLS"

# Root runs apt directly; a non-root user goes through sudo when it has it.
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ ! -f "$AC_TOOLS/.apt-updated" ]; then
    $sudo apt-get update -qq && touch "$AC_TOOLS/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32 target present"
else
  say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown
fi

if trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "trunk $TRUNK_VERSION present"
else
  say "installing trunk $TRUNK_VERSION (6-12 min on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION" \
   && command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
else
  # --locked fails on a yanked dependency of this release, so it is left off.
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The crate is wasm_split_cli_support (its binary wasm-split-cli); the crate named wasm-split-cli is
# another tool. About 1 min on 2 cores.
if [ "$(cat "$AC_TOOLS/wasm-split-cli.version" 2>/dev/null)" = "$WASM_SPLIT_VERSION" ] \
   && command -v wasm-split-cli >/dev/null; then
  say "wasm-split-cli $WASM_SPLIT_VERSION present"
else
  say "installing wasm-split-cli $WASM_SPLIT_VERSION"
  cargo install --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary --force
  echo "$WASM_SPLIT_VERSION" >"$AC_TOOLS/wasm-split-cli.version"
fi

if wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "wasm-opt $BINARYEN_VERSION present"
else
  # Debian's binaryen 108 is too old: its output fails at start-up in the browser.
  say "installing binaryen@$BINARYEN_VERSION from npm"
  (cd "$AC_TOOLS" && npm install --silent --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null)
fi

if [ -f "$AC_TOOLS/node_modules/axe-core/axe.min.js" ] \
   && grep -q "\"version\": \"$AXE_VERSION\"" "$AC_TOOLS/node_modules/axe-core/package.json"; then
  say "axe-core $AXE_VERSION present"
else
  say "installing axe-core@$AXE_VERSION from npm"
  (cd "$AC_TOOLS" && npm install --silent --no-audit --no-fund "axe-core@$AXE_VERSION" >/dev/null)
fi

if [ "$want_browsers" = 1 ]; then
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    say "chromium + chromedriver present"
  else
    say "installing chromium + chromedriver"; apt_install chromium chromium-driver
  fi
fi
if [ "$want_firefox" = 1 ]; then
  if command -v firefox-esr >/dev/null || command -v firefox >/dev/null; then
    say "firefox present"
  else
    say "installing firefox-esr"; apt_install firefox-esr
  fi
  if geckodriver --version 2>/dev/null | grep -q "$GECKODRIVER_VERSION"; then
    say "geckodriver $GECKODRIVER_VERSION present"
  else
    say "installing geckodriver $GECKODRIVER_VERSION"
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
  fi
fi

venv="$AC_TOOLS/venv"
# The Python servers' venv: the langgraph CLI plus tests/servers/langgraph/requirements.txt (langgraph-api,
# and a2a-sdk for the A2A test agent). The stamp holds the CLI spec and the requirements' lines, so a
# change to either installs again into the same venv.
venv_reqs="$(dirname "$0")/../tests/servers/langgraph/requirements.txt"
venv_spec="$LANGGRAPH_CLI_SPEC $(grep -v '^[[:space:]]*#' "$venv_reqs" | xargs)"
if [ -x "$venv/bin/langgraph" ] && [ -f "$venv/.spec" ] && [ "$(cat "$venv/.spec")" = "$venv_spec" ]; then
  say "langgraph venv present"
else
  say "creating the langgraph venv ($venv_spec)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip >/dev/null
  "$venv/bin/pip" install -q "$LANGGRAPH_CLI_SPEC" -r "$venv_reqs"
  echo "$venv_spec" > "$venv/.spec"
fi
say "done"
