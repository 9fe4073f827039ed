#!/usr/bin/env bash
# Runs every test of the project from a clean clone: installs what is missing, then
#   0. the lint: rustfmt and clippy (warnings are errors), natively and for the wasm app,
#   1. the Rust tests (sync engine, server units and integration, release profile),
#   2. the migrations against a real PostgreSQL,
#   3. the supabase-js conformance suite against session-server,
#   4. the Playwright end-to-end suite against the release build of the app.
# Every stage runs even if an earlier one failed; the last line sums them up.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
logs=artifacts/logs
mkdir -p "$logs"

scripts/setup.sh all || { echo "setup failed"; exit 1; }

passed=0 failed=0 failed_stages=()
stage() {
  local name="$1"; shift
  printf '\n\033[1;34m=== %s ===\033[0m\n' "$name"
  local start=$SECONDS
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  printf '=== %s: exit %s in %ss ===\n' "$name" "$rc" $((SECONDS - start))
  [ "$rc" = 0 ] || failed_stages+=("$name")
}
# Sums a stage's counts out of its log, whatever runner wrote it, and holds the stage to a
# minimum number of passed tests: a runner that found no tests, or lost a file of them, must not
# read as green. Skipped (and, for Playwright, flaky) tests count as failures: every test needs
# its real parts here, so a skip means one is missing.
count() {
  local name="$1" log="$logs/$1.log" kind="$2" min="$3" p f s
  case "$kind" in
    cargo) p=$(grep -oE 'test result: .* ([0-9]+) passed' "$log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
           f=$(grep -oE '; ([0-9]+) failed' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}')
           s=$(grep -oE '; ([0-9]+) ignored' "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}') ;;
    tap)   p=$(grep -E '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
           f=$(grep -E '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
           s=$(grep -E '^# (skipped|todo|cancelled) [0-9]+' "$log" | awk '{s+=$3} END {print s+0}') ;;
    plain) p=$(grep -oE '([0-9]+) passed' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
           f=$(grep -oE '([0-9]+) failed' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
           s=$(grep -oE '([0-9]+) (skipped|flaky|did not run|interrupted)' "$log" | grep -oE '^[0-9]+' | awk '{s+=$1} END {print s+0}') ;;
  esac
  p=${p:-0} f=${f:-0} s=${s:-0}
  if [ "$s" -gt 0 ]; then
    echo "$name: $s test(s) skipped, flaky or not run: counted as failed"
    f=$((f + s))
  fi
  if [ "$p" -lt "$min" ]; then
    echo "$name: only $p tests passed, fewer than the $min this stage has"
    f=$((f + 1))
    failed_stages+=("$name(count)")
  fi
  passed=$((passed + p)); failed=$((failed + f))
}

stage build cargo build --release -p session-server
# Native clippy sees the app's pure logic only (its UI is wasm-only), so the app is linted
# again for wasm32, where Leptos, web-sys and the supabase-js bridge compile.
stage lint bash -c 'cargo fmt --all --check &&
  cargo clippy --workspace --all-targets -- -D warnings &&
  cargo clippy --target wasm32-unknown-unknown -p session-translator -- -D warnings'
# --no-fail-fast: every test binary runs even when an earlier one failed.
stage rust cargo test --release --workspace --no-fail-fast
count rust cargo 471

if compgen -G 'supabase/migrations/*.sql' >/dev/null; then
  stage postgres scripts/test-postgres.sh
  count postgres plain 294
fi

if [ -f tests/conformance/package.json ]; then
  stage conformance bash -c 'cd tests/conformance && SESSION_SERVER_BIN="$PWD/../../target/release/session-server" npm test'
  count conformance tap 78
fi

if [ -f Trunk.toml ] && [ -f end2end/package.json ]; then
  stage app-build scripts/build-app.sh
  stage end2end bash -c 'cd end2end && npx playwright test'
  count end2end plain 64
fi

echo
if [ ${#failed_stages[@]} -gt 0 ]; then
  echo "failed stages: ${failed_stages[*]}"
  [ "$failed" -gt 0 ] || failed=${#failed_stages[@]}
fi
echo "all: $passed passed, $failed failed"
[ ${#failed_stages[@]} = 0 ]
