#!/usr/bin/env bash
# Runs Session Translator on its embedded default: one session-server process on SQLite
# (.data/session.db) that also serves the built app. Extra arguments go to session-server,
# e.g. `scripts/run.sh --addr 0.0.0.0:54321` to let a partner on the LAN open it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

scripts/setup.sh run
cargo build --release -p session-server
args=()
if [ -f Trunk.toml ]; then
  scripts/build-app.sh
  args+=(--serve-dir dist)
fi
exec target/release/session-server "${args[@]}" "$@"
