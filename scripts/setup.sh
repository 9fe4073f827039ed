#!/usr/bin/env bash
# Installs whatever this project needs and is missing, on Debian as root (or with sudo).
# Idempotent: a second run finds everything present and does nothing but check.
#
#   scripts/setup.sh            everything (run + test)
#   scripts/setup.sh run        only what running the app needs
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
what="${1:-all}"

log() { printf '\033[1;34msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages ---------------------------------------------------------------------------
# apertium and its pairs: the offline translation engine; the pairs connect English, Spanish,
# French, Portuguese, Italian, Catalan and Galician, directly or through a pivot
# (docs/features/translation.md, "Routes"). chromium(+driver): the end-to-end suite's browser.
# postgresql: the migration test's real database.
need_pkgs=()
want_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$1"); }
want_pkg apertium
for pair in eng-spa eng-cat en-gl fr-es fra-cat es-pt por-cat pt-gl spa-cat spa-ita cat-ita es-gl; do
  want_pkg "apertium-$pair"
done
if [ "$what" = all ]; then
  want_pkg chromium
  want_pkg chromium-driver
  want_pkg postgresql
  want_pkg ca-certificates
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_pkgs[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# --- Rust toolchain pieces ---------------------------------------------------------------------
export PATH="$HOME/.cargo/bin:$PATH"
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# The lint stage of scripts/test.sh runs both.
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    log "adding the $component component"
    rustup component add "$component"
  fi
done

if [ -f Trunk.toml ]; then
  # Trunk 0.22 needs a newer rustc than this toolchain; 0.21 builds here.
  if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
    log "installing trunk 0.21 (takes ~11 minutes on 2 cores)"
    cargo install --locked trunk --version '~0.21'
  fi
  # Trunk runs offline and uses the wasm-bindgen on PATH, which must equal the crate's version.
  wb_version=$(locked_wasm_bindgen_version)
  if [ -n "$wb_version" ] && ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
    log "installing wasm-bindgen-cli $wb_version (takes ~7 minutes)"
    # Not --locked: the registry lacks one of its locked dependencies.
    cargo install wasm-bindgen-cli --version "$wb_version"
  fi
fi

# --- npm packages (one install per lockfile, redone when the lockfile changes) ----------------
npm_ci_if_changed .
if [ "$what" = all ]; then
  npm_ci_if_changed tests/conformance
  npm_ci_if_changed end2end
fi
log "ready"
