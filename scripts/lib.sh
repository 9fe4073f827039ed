# Shared by scripts/setup.sh and scripts/build-app.sh; source it, don't run it.

# The wasm-bindgen version Cargo.lock pins: the CLI that Trunk runs must be exactly this one.
locked_wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock
}

# `npm ci` in $1 once per package-lock.json: redone only when the lockfile changes (a hash is
# kept in node_modules) or node_modules lost its tools.
npm_ci_if_changed() {
  local dir="$1" stamp="$1/node_modules/.lock-hash" hash
  [ -f "$dir/package-lock.json" ] || return 0
  hash=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ] || [ ! -d "$dir/node_modules/.bin" ]; then
    printf '\033[1;34msetup:\033[0m npm ci in %s\n' "$dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$hash" > "$stamp"
  fi
}
