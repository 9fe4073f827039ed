#!/usr/bin/env bash
# Builds the web app into dist/ with Trunk (release, size-optimised).
#
#   scripts/build-app.sh            # release build into dist/
#   scripts/build-app.sh --dev      # debug build (faster, larger, no wasm-opt)
#   extra arguments are passed to `trunk build`.
#
# Needs: cargo with the wasm32-unknown-unknown target, trunk 0.21 and wasm-bindgen-cli at the
# version Cargo.lock pins on PATH (scripts/setup.sh installs them), node + npm. Idempotent:
# runs `npm ci` only when package-lock.json changed since the last install. wasm-opt comes from the npm
# package binaryen (never Debian's binaryen, whose wasm-opt corrupts this build).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=(--release)
if [[ "${1:-}" == "--dev" ]]; then
  mode=()
  shift
fi

source scripts/lib.sh
# wasm-opt must come from npm's binaryen: a node_modules without it is reinstalled.
[[ -x node_modules/.bin/wasm-opt ]] || rm -f node_modules/.lock-hash
npm_ci_if_changed .
export PATH="$PWD/node_modules/.bin:$PATH"

for tool in trunk wasm-bindgen; do
  command -v "$tool" >/dev/null || { echo "build-app: $tool not found on PATH" >&2; exit 1; }
done
want=$(locked_wasm_bindgen_version)
have=$(wasm-bindgen --version | awk '{print $2}')
if [[ "$have" != "$want" ]]; then
  echo "build-app: wasm-bindgen $have on PATH, Cargo.lock pins $want" >&2
  exit 1
fi

# Trunk.toml says offline (so Trunk never downloads tools), which also makes its cargo call
# offline: fetch the crates first (a no-op when they are cached).
cargo fetch --target wasm32-unknown-unknown --quiet

# Panic locations carry source paths into the wasm. Shorten those of the crate registry and of
# this checkout: they name the build machine's folders, mean nothing in a browser, and cost
# 4,072 bytes of the wasm (docs/app.md, Measurements). The standard library's are fixed when it
# is built, so a remap cannot shorten them.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
remap=("--remap-path-prefix=$PWD/=")
for registry in "$cargo_home"/registry/src/*/; do remap+=("--remap-path-prefix=$registry="); done
export RUSTFLAGS="${RUSTFLAGS:-} ${remap[*]}"

trunk build "${mode[@]}" "$@"
ls -l dist/*.wasm dist/*.js dist/vendor/*.js 2>/dev/null || true
