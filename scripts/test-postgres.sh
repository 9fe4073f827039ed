#!/usr/bin/env bash
# Applies supabase/migrations to a real, throwaway PostgreSQL and runs the authorization matrix
# (supabase/tests/authorization.sql), the abuse limits (abuse_limits.sql), preview_session
# (preview_session.sql), the origin columns of messages (message_origin.sql), the glossary (glossary.sql), plus concurrency checks of seq and of the 2-participant limit.
#
#   scripts/test-postgres.sh            (as root or as any user; needs Debian's `postgresql`)
#
# Each run: initdb into a fresh temp dir, a server listening only on a unix socket inside it,
# bootstrap (Supabase's roles, auth.uid(), realtime.messages …) → harness → migrations → tests,
# then the server is stopped and the dir removed, also on failure or Ctrl-C.
# Prints `postgres: N passed, M failed` and exits non-zero if anything failed.
# Env: PG_BIN=/usr/lib/postgresql/15/bin to choose a version (default: the newest installed);
#      KEEP_PG=1 to keep the temp dir (logs) after the run; VERBOSE=1 to list every check.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

say() { printf '%s\n' "$*"; }
die() { say "postgres: 0 passed, 1 failed ($*)"; exit 1; }

# --- find PostgreSQL ---------------------------------------------------------------------------
if [ -z "${PG_BIN:-}" ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$PG_BIN" ] || PG_BIN=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
fi
[ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/psql" ] \
  || die "PostgreSQL server binaries not found (PG_BIN=$PG_BIN); install Debian's postgresql (scripts/setup.sh)"

# The server refuses to run as root: as root, run initdb/pg_ctl as the `postgres` system user
# (created by the Debian package). psql runs as the caller and connects over the socket as the
# database superuser `postgres` (trust auth; the socket dir is private to the cluster's owner, and
# root).
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' system user"
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/session-translator-pg.XXXXXX")
data=$tmp/data
sock=$tmp/sock
started=0
cleanup() {
  local rc=$?
  if [ "$started" = 1 ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  jobs -p | xargs -r kill 2>/dev/null || true
  if [ "${KEEP_PG:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$sock"
[ "$(id -u)" = 0 ] && chown -R postgres: "$tmp"
chmod 700 "$tmp"

as_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; die "initdb failed"; }

# Only a unix socket (no TCP port to collide with); durability off, it is a throwaway.
# wal_level=logical as on Supabase (publications are meaningful).
port=5432
as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $sock -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=logical -c max_connections=50 -c timezone=UTC" \
  start >/dev/null || { cat "$tmp/server.log" >&2; die "the server did not start"; }
started=1

export PGHOST=$sock PGPORT=$port PGUSER=postgres PGDATABASE=postgres
export PGOPTIONS='-c client_min_messages=warning'
psql_() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

aborted=0          # failures outside of recorded checks (a step that stopped with an error)
abort_notes=()
step() {           # step NAME FILE [psql options] — apply one SQL file; an error counts as one failure
  local name=$1 file=$2; shift 2
  if ! psql_ "$@" -f "$file" >>"$tmp/psql.log" 2>&1; then
    aborted=$((aborted + 1)); abort_notes+=("$name stopped with an error")
    say "--- $name failed:"; tail -n 20 "$tmp/psql.log"
    return 1
  fi
}

summary() {
  local passed=0 failed=0
  if psql_ -Atc "select 1 from pg_namespace where nspname = 'tests'" 2>/dev/null | grep -q 1; then
    read -r passed failed < <(psql_ -AtF ' ' -c "select count(*) filter (where ok), count(*) filter (where not ok) from tests.results")
    if [ "${VERBOSE:-0}" = 1 ]; then
      psql_ -At -c "select case when ok then '  ok   ' else '  FAIL ' end || name || coalesce(' — ' || detail, '') from tests.results order by n"
    else
      psql_ -At -c "select '  FAIL ' || name || coalesce(' — ' || detail, '') from tests.results where not ok order by n"
    fi
  fi
  for note in "${abort_notes[@]+"${abort_notes[@]}"}"; do say "  FAIL $note"; done
  failed=$((failed + aborted))
  say "postgres: $passed passed, $failed failed"
  [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
}

# --- schema ------------------------------------------------------------------------------------
ok_so_far=1
step bootstrap supabase/tests/bootstrap.sql || ok_so_far=0
[ $ok_so_far = 1 ] && { step harness supabase/tests/harness.sql || ok_so_far=0; }
if [ $ok_so_far = 1 ]; then
  shopt -s nullglob
  migrations=(supabase/migrations/*.sql)
  [ ${#migrations[@]} -gt 0 ] || { aborted=$((aborted + 1)); abort_notes+=("no migrations found"); ok_so_far=0; }
  for m in "${migrations[@]}"; do
    # One transaction per file, as `supabase db push` applies them.
    step "migration $(basename "$m")" "$m" --single-transaction || { ok_so_far=0; break; }
  done
fi
if [ $ok_so_far = 0 ]; then summary; exit 1; fi

# --- authorization matrix ----------------------------------------------------------------------
step authorization.sql supabase/tests/authorization.sql || true
step abuse_limits.sql supabase/tests/abuse_limits.sql || true
step preview_session.sql supabase/tests/preview_session.sql || true
step message_origin.sql supabase/tests/message_origin.sql || true
step glossary.sql supabase/tests/glossary.sql || true

# --- concurrency ---------------------------------------------------------------------------------
# Several connections hit one session at the same instant: they wait behind an advisory lock
# held by a "gate" connection, which lets go after a moment.
gate_key=424242
open_gate_later() {
  psql_ -c "select pg_advisory_lock($gate_key)" -c "select pg_sleep(1.5)" >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    [ "$(psql_ -Atc "select count(*) from pg_locks where locktype = 'advisory' and objid = $gate_key and granted")" -ge 1 ] && return 0
    sleep 0.05
  done
  return 1
}
wait_at_gate="select pg_advisory_lock_shared($gate_key); select pg_advisory_unlock_shared($gate_key);"

new_session() {   # A creates a session; prints "<id> <code>"
  psql_ -At <<'SQL'
\o /dev/null
select tests.act_as('A');
\o
select r->>'id' || ' ' || (r->>'code') from (select public.create_session('Alice', 'en') r) x;
SQL
}

run_concurrency() {
  # A creates a session and B joins it; then 6 writers (3 as A, 3 as B) insert 40 messages each.
  local sid code writers=6 per_writer=40 joiners=10 w i who pids=() fails=0
  read -r sid code < <(new_session) || return 1
  [ -n "$code" ] || return 1
  psql_ -c "select tests.act_as('B')" -c "select public.join_session('$code', 'Bob', 'es')" >/dev/null || return 1

  open_gate_later || return 1
  for w in $(seq 1 $writers); do
    if [ $((w % 2)) = 1 ]; then who=A; else who=B; fi
    {
      echo "$wait_at_gate"
      echo "select tests.act_as('$who');"
      for i in $(seq 1 $per_writer); do
        echo "insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang) values (gen_random_uuid(), '$sid', tests.uid('$who'), $((w * 1000 + i)), 'w$w m$i', 'en');"
      done
    } >"$tmp/writer$w.sql"
    psql_ -f "$tmp/writer$w.sql" >"$tmp/writer$w.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
  [ $fails = 0 ] || { say "--- a concurrent writer failed:"; cat "$tmp"/writer*.log | head -n 20; }

  psql_ <<SQL
select tests.eq('concurrent writers: all $writers connections succeeded', $fails, 0);
select tests.eq('concurrent writers: every row stored',
    (select count(*) from public.messages where session_id = '$sid'), $((writers * per_writer))::bigint);
select tests.ok('concurrent writers: seq is exactly 1..$((writers * per_writer)) (no repeats, no gaps)',
    (select count(distinct seq) = count(*) and min(seq) = 1 and max(seq) = count(*)
     from public.messages where session_id = '$sid'));
select tests.ok('concurrent writers: each connection''s messages got increasing seqs in send order',
    not exists (select 1 from (
        select client_seq, seq, lag(seq) over (partition by client_seq / 1000 order by client_seq) prev
        from public.messages where session_id = '$sid') w where seq <= prev));
SQL

  # Race for the second place: A creates a session, 10 users join at once; exactly one gets in.
  # (A lost race shows up often but not on every run; the seq race above shows up every time.)
  read -r sid code < <(new_session) || return 1
  [ -n "$code" ] || return 1
  open_gate_later || return 1
  pids=()
  for w in $(seq 1 $joiners); do
    printf '%s\nselect tests.act_as(%s);\nselect public.join_session(%s, %s, %s);\n' \
      "$wait_at_gate" "'J$w'" "'$code'" "'Joiner $w'" "'fr'" >"$tmp/joiner$w.sql"
    psql_ -f "$tmp/joiner$w.sql" >"$tmp/joiner$w.log" 2>&1 &
    pids+=($!)
  done
  local joined=0 full=0 other=0
  for w in $(seq 1 $joiners); do
    if wait "${pids[$((w - 1))]}"; then joined=$((joined + 1))
    elif grep -q 'session_full' "$tmp/joiner$w.log"; then full=$((full + 1))
    else other=$((other + 1)); cat "$tmp/joiner$w.log"
    fi
  done
  psql_ <<SQL
select tests.eq('simultaneous joins: exactly one of $joiners joiners gets in', $joined, 1);
select tests.eq('simultaneous joins: the other $((joiners - 1)) get session_full', $full, $((joiners - 1)));
select tests.eq('simultaneous joins: no other error', $other, 0);
select tests.eq('simultaneous joins: the session has 2 participants',
    (select count(*) from public.participants where session_id = '$sid'), 2::bigint);
SQL
}
if ! run_concurrency >>"$tmp/concurrency.log" 2>&1; then
  aborted=$((aborted + 1)); abort_notes+=("concurrency checks stopped with an error")
  say "--- concurrency checks failed:"; tail -n 20 "$tmp/concurrency.log"
fi

summary
