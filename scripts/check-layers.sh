#!/usr/bin/env bash
# Architecture check (run by the test command): views and actions never name a dialect, reach into a
# dialect's modules or touch the network — the backend knows the dialect, `src/platform/transport.rs` the
# network.
set -euo pipefail
cd "$(dirname "$0")/.."
if found=$(grep -rn --include='*.rs' -E 'Dialect::|dialects::|transport' src/views src/actions); then
  echo "check-layers: views/actions must read capabilities and call the backend, not name a dialect, its modules or the transport:" >&2
  echo "$found" >&2
  exit 1
fi
echo "check-layers: src/views and src/actions name no dialect, no dialect module and no transport"
