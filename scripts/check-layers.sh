#!/usr/bin/env bash
# Architecture check (run by the test command):
#   1. views and actions never name a dialect, reach into a dialect's modules or touch the network —
#      the backend knows the dialect, `src/platform/transport.rs` the network;
#   2. no task is spawned outside `src/platform` (an app's tasks go through `AppState::spawn`, which
#      aborts them with the app);
#   3. nothing of an app lives in a `thread_local!` (widgets on one page must share nothing) — but the
#      panic notice's list of mount points, which is the page's;
#   4. nothing in `src/` (state, follower, widget, config too) names a dialect or reaches into a
#      dialect's modules: requests, wire types and run options are the backend's, in the core — but
#      src/actions/dialect_code.rs, the table of the split build's dialect parts, names each dialect
#      (`Dialect::X`) to pick its part, and nothing of a dialect's modules;
#   5. the action modules form no cycle: each uses only those before it in ACTIONS (a new one is
#      placed in the list).
# `--self-test` plants one violation of each kind in a scratch copy and checks that each is caught.
set -euo pipefail
cd "$(dirname "$0")/.."

# The action modules, lowest first.
ACTIONS=(dialect_code queue thread_list assistants assistant_admin store crons insight server_runs branches debugger thread gen_ui threads conversation replay connect inbox)

# grep's lines but the table of dialect parts naming a dialect (`Dialect::X`: allowed there, never a
# dialect module or the transport); fails when none is left.
not_the_parts_table() {
  awk -v f="$1/src/actions/dialect_code.rs:" 'index($0, f) != 1 || /dialects::|transport/' | grep .
}

check() {
  local root=$1 failed=0 found
  if found=$(grep -rn --include='*.rs' -E 'Dialect::|dialects::|transport' "$root/src/views" "$root/src/actions" | not_the_parts_table "$root"); then
    echo "check-layers: views/actions must read capabilities and call the backend, not name a dialect, its modules or the transport:" >&2
    echo "$found" >&2
    failed=1
  fi
  if found=$(grep -rn --include='*.rs' -E '\bspawn_local\(' "$root/src" | grep -v "^$root/src/platform/"); then
    echo "check-layers: tasks are spawned through AppState::spawn (aborted with their app), not spawn_local:" >&2
    echo "$found" >&2
    failed=1
  fi
  if found=$(grep -rn --include='*.rs' -E 'thread_local!' "$root/src" | grep -v "^$root/src/platform/panic.rs:"); then
    echo "check-layers: an app's state lives in its AppState, not in a thread_local! (widgets share the page):" >&2
    echo "$found" >&2
    failed=1
  fi
  if found=$(grep -rn --include='*.rs' -E 'Dialect::|dialects::' "$root/src" | not_the_parts_table "$root"); then
    echo "check-layers: src/ names no dialect and no dialect module (requests, wire types and run options are the core backend's):" >&2
    echo "$found" >&2
    failed=1
  fi
  local i m later f
  for f in "$root"/src/actions/*.rs; do
    m=$(basename "$f" .rs)
    [ "$m" = mod ] && continue
    for i in "${!ACTIONS[@]}"; do [ "${ACTIONS[$i]}" = "$m" ] && break; done
    if [ "${ACTIONS[$i]}" != "$m" ]; then
      echo "check-layers: src/actions/$m.rs is not in ACTIONS (scripts/check-layers.sh): place it above what it uses" >&2
      failed=1
      continue
    fi
    later=$(IFS='|'; echo "${ACTIONS[*]:$i}")
    if found=$(grep -nE "(super|crate::actions)::($later)\b" "$f"); then
      echo "check-layers: src/actions/$m.rs uses an action module at or above it (the order is ACTIONS in scripts/check-layers.sh):" >&2
      echo "$found" >&2
      failed=1
    fi
  done
  return $failed
}

if [ "${1:-}" = "--self-test" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  plant() { rm -rf "$scratch/src"; cp -r src "$scratch/src"; printf '%s\n' "$2" >>"$scratch/src/$1"; }
  for case in "views/app.rs|fn planted() { let _ = Dialect::Yandex; }" \
              "actions/thread.rs|fn planted() { leptos::task::spawn_local(async {}); }" \
              "state/session.rs|thread_local! { static PLANTED: u8 = 0; }" \
              "state/run_options.rs|use agent_console_core::dialects::langgraph::requests::RunOptions;" \
              "follow/subscription.rs|fn planted() -> &'static str { agent_console_core::dialects::thread_protocol::CHANNELS[0] }" \
              "actions/queue.rs|fn planted(s: AppState) { super::thread::open_thread(s, String::new()); }" \
              "actions/thread_list.rs|fn planted(s: AppState) { crate::actions::threads::delete_thread(s, String::new()); }" \
              "actions/dialect_code.rs|use agent_console_core::dialects::langgraph::requests::RunOptions;" \
              "actions/connect.rs|fn planted() { let _ = Dialect::Yandex; }"; do
    plant "${case%%|*}" "${case#*|}"
    if check "$scratch" 2>/dev/null; then
      echo "check-layers --self-test: a planted violation in src/${case%%|*} was not caught" >&2
      exit 1
    fi
  done
  rm -rf "$scratch/src" && cp -r src "$scratch/src"
  check "$scratch" || { echo "check-layers --self-test: the unplanted copy fails" >&2; exit 1; }
  echo "check-layers --self-test: each of 9 planted violations is caught; the tree as it is passes"
  exit 0
fi

check .
echo "check-layers: src/views and src/actions name no dialect (but the table of dialect parts), no dialect module and no transport; the rest of src/ no dialect and no dialect module; no spawn_local outside src/platform; no thread_local! but the panic notice's; the action modules form no cycle"
