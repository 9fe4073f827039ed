#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml), run on Trunk's staging directory before it becomes dist/:
#
# 1. Each interface language's message files as one file, locales/<language>.ftl, which the app
#    fetches when that language is chosen (English is built into the wasm; src/i18n.rs). Each
#    area file is followed by a newline of its own.
# 2. Brotli and gzip copies of the larger static files (scripts/precompress.mjs), which
#    session-server sends to browsers that accept them (crates/server/src/web.rs).
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run by trunk}"
mkdir -p "$staging/locales"
for dir in locales/*/; do
  lang=$(basename "$dir")
  for file in "$dir"*.ftl; do
    cat "$file"
    echo
  done > "$staging/locales/$lang.ftl"
done
node scripts/precompress.mjs "$staging"
