#!/usr/bin/env bash
# Builds the web app into dist/ with Trunk (release, size-optimised).
#
#   scripts/build-app.sh            # release build into dist/
#   scripts/build-app.sh --dev      # debug build (faster, larger, no wasm-opt)
#   extra arguments are passed to `trunk build`.
#
# Needs: cargo with the wasm32-unknown-unknown target, trunk 0.21 and wasm-bindgen-cli 0.2.130
# on PATH (cargo install --locked trunk --version ~0.21; cargo install --locked
# wasm-bindgen-cli --version 0.2.130), node + npm. Idempotent: runs `npm ci` only when
# package-lock.json changed since the last install. wasm-opt comes from the npm
# package binaryen (never Debian's binaryen, whose wasm-opt corrupts this build).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=(--release)
if [[ "${1:-}" == "--dev" ]]; then
  mode=()
  shift
fi

# Same stamp as scripts/setup.sh: one `npm ci` per lockfile.
hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$hash" || ! -x node_modules/.bin/wasm-opt ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$hash" > node_modules/.lock-hash
fi
export PATH="$PWD/node_modules/.bin:$PATH"

for tool in trunk wasm-bindgen; do
  command -v "$tool" >/dev/null || { echo "build-app: $tool not found on PATH" >&2; exit 1; }
done
want=0.2.130
have=$(wasm-bindgen --version | awk '{print $2}')
if [[ "$have" != "$want" ]]; then
  echo "build-app: wasm-bindgen $have on PATH, the app pins $want" >&2
  exit 1
fi

# Trunk.toml says offline (so Trunk never downloads tools), which also makes its cargo call
# offline: fetch the crates first (a no-op when they are cached).
cargo fetch --target wasm32-unknown-unknown --quiet

trunk build "${mode[@]}" "$@"
ls -l dist/*.wasm dist/*.js dist/vendor/*.js 2>/dev/null || true
