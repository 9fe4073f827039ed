-- Abuse limits (issue #9 item 4), the hosted side of session-server's `--join-*` and
-- `--create-*` flags, per auth.uid() (hosted Auth rate-limits anonymous sign-ins per IP itself):
--
--   * Failed joins: 5 wrong codes free, then each further one locks the user's joins for 1 s,
--     doubling up to 5 min; forgotten after an hour without one. A locked-out join, even with
--     the right code, raises SQLSTATE PT429 (PostgREST: HTTP 429) with message
--     `too_many_attempts` and detail `retry_after_ms=N`; a participant's rejoin is never
--     limited. Expired and full sessions are no failed guess (their codes exist).
--   * create_session: a burst of 10 per user, then 60 an hour; over it PT429
--     `too_many_sessions` with `retry_after_ms=N`.
--
-- A miss must be recorded although the call fails, and a raise would roll the record back, so
-- join_session now returns json (the same object PostgREST made of the sessions row) and
-- answers a miss with PostgREST's error body and `response.status` 400 instead of raising.
--
-- Hosted Auth (GoTrue) already revokes a refresh-token family on reuse (with its reuse
-- interval) and bounds user metadata, so those limits of session-server have no SQL side.

-- The limiters' state: service role only (RLS on, no policies, no grants to clients).
create table public.join_lockouts (
    user_id         uuid        primary key,
    failures        integer     not null,
    last_failure_at timestamptz not null,
    locked_until    timestamptz not null
);
create index join_lockouts_last_failure on public.join_lockouts (last_failure_at);

create table public.session_create_buckets (
    user_id    uuid             primary key,
    tokens     double precision not null,
    updated_at timestamptz      not null
);

alter table public.join_lockouts enable row level security;
alter table public.session_create_buckets enable row level security;
revoke all on table public.join_lockouts, public.session_create_buckets from public, anon, authenticated;
grant all on table public.join_lockouts, public.session_create_buckets to service_role;

-- Milliseconds `uid` must still wait before joining, or null.
create function public.join_lockout_wait_ms(uid uuid)
returns bigint
language sql
stable
set search_path = ''
as $$
    select ceil(extract(epoch from (l.locked_until - now())) * 1000)::bigint
      from public.join_lockouts l
     where l.user_id = uid and l.locked_until > now()
$$;

-- One more wrong code of `uid`; quiet keys are pruned on the way.
create function public.record_join_failure(uid uuid)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    free_failures constant integer := 5;
    first_lockout_ms constant double precision := 1000;
    max_lockout_ms constant double precision := 300000;
    quiet constant interval := interval '1 hour';
    l public.join_lockouts;
    n integer;
    lockout_ms double precision := 0;
begin
    select * into l from public.join_lockouts where user_id = uid for update;
    if l.user_id is null or (l.last_failure_at <= now() - quiet and l.locked_until <= now()) then
        n := 1;
    else
        n := l.failures + 1;
    end if;
    if n > free_failures then
        lockout_ms := least(max_lockout_ms, first_lockout_ms * power(2, least(n - free_failures - 1, 40)));
    end if;
    insert into public.join_lockouts (user_id, failures, last_failure_at, locked_until)
    values (uid, n, now(), now() + make_interval(secs => lockout_ms / 1000))
    on conflict (user_id) do update
        set failures = excluded.failures,
            last_failure_at = excluded.last_failure_at,
            locked_until = excluded.locked_until;
    delete from public.join_lockouts where last_failure_at < now() - quiet and locked_until < now();
end;
$$;

-- Takes one session creation from `uid`'s bucket: null when allowed, else milliseconds until
-- one is back (nothing taken).
create function public.take_session_create(uid uuid)
returns bigint
language plpgsql
volatile
set search_path = ''
as $$
declare
    burst constant double precision := 10;
    per_second constant double precision := 60.0 / 3600;
    b public.session_create_buckets;
    available double precision;
begin
    select * into b from public.session_create_buckets where user_id = uid for update;
    if b.user_id is null then
        available := burst;
    else
        available := least(burst, b.tokens + greatest(0, extract(epoch from (now() - b.updated_at))) * per_second);
    end if;
    if available < 1 then
        return ceil((1 - available) / per_second * 1000)::bigint;
    end if;
    insert into public.session_create_buckets (user_id, tokens, updated_at)
    values (uid, available - 1, now())
    on conflict (user_id) do update set tokens = excluded.tokens, updated_at = excluded.updated_at;
    return null;
end;
$$;

revoke all on function
    public.join_lockout_wait_ms(uuid),
    public.record_join_failure(uuid),
    public.take_session_create(uuid)
from public, anon, authenticated;

-- create_session as before, with the creation limit.
create or replace function public.create_session(display_name text, language text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
    uid uuid := auth.uid();
    s public.sessions;
    violated text;
    wait_ms bigint;
begin
    if uid is null then
        raise exception 'not signed in' using errcode = 'insufficient_privilege';
    end if;
    if create_session.display_name is null
       or char_length(btrim(create_session.display_name)) not between 1 and 64
       or create_session.language is null
       or create_session.language !~ '^[a-z]{2}$' then
        raise exception 'invalid_input';
    end if;
    wait_ms := public.take_session_create(uid);
    if wait_ms is not null then
        raise exception using errcode = 'PT429', message = 'too_many_sessions',
            detail = format('retry_after_ms=%s', wait_ms);
    end if;

    -- 31^6 ≈ 8.9e8 codes: a collision is rare; retry a few times on the unique index.
    for attempt in 1..10 loop
        begin
            insert into public.sessions (code, created_by, expires_at)
            values (public.new_session_code(), uid, now() + interval '24 hours')
            returning * into s;
            exit;
        exception when unique_violation then
            get stacked diagnostics violated = constraint_name;
            if violated is distinct from 'sessions_code_key' or attempt = 10 then
                raise;
            end if;
        end;
    end loop;

    insert into public.participants (session_id, user_id, display_name, language)
    values (s.id, uid, btrim(create_session.display_name), create_session.language);

    return json_build_object('id', s.id, 'code', s.code, 'expires_at', s.expires_at);
end;
$$;

-- join_session with the failed-join lockout; json instead of the sessions row (see above), so
-- it is dropped and created again with the same privileges.
drop function public.join_session(text, text, text);
create function public.join_session(code text, display_name text, language text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
    uid uuid := auth.uid();
    wanted text := upper(btrim(join_session.code));
    s public.sessions;
    wait_ms bigint;
begin
    if uid is null then
        raise exception 'not signed in' using errcode = 'insufficient_privilege';
    end if;
    if wanted is null or wanted = ''
       or join_session.display_name is null
       or char_length(btrim(join_session.display_name)) not between 1 and 64
       or join_session.language is null
       or join_session.language !~ '^[a-z]{2}$' then
        raise exception 'invalid_input';
    end if;

    -- The row lock serialises joins of one session, so two simultaneous joiners cannot both
    -- see one participant and become the second and third. A string that can never be a code
    -- (domain.rs normalize_code → None) names no session, as in session-server.
    if wanted ~ '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$' then
        select * into s from public.sessions where code = wanted for update;
    end if;

    -- Rejoin (reload, second tab, after leaving) is never limited: keep name and language,
    -- clear left_at.
    if s.id is not null
       and exists (select 1 from public.participants where session_id = s.id and user_id = uid) then
        if s.ended_at is not null or s.expires_at <= now() then
            raise exception 'session_expired';
        end if;
        update public.participants
           set left_at = null
         where session_id = s.id and user_id = uid and left_at is not null;
        return row_to_json(s);
    end if;

    -- Everyone else waits out a lockout, whatever the code.
    wait_ms := public.join_lockout_wait_ms(uid);
    if wait_ms is not null then
        raise exception using errcode = 'PT429', message = 'too_many_attempts',
            detail = format('retry_after_ms=%s', wait_ms);
    end if;
    if s.id is null then
        -- Not raised: a raise would roll the recorded failure back. The transaction commits
        -- and PostgREST answers 400 with this body (response.status), the same error
        -- supabase-js reads from a raise.
        perform public.record_join_failure(uid);
        perform set_config('response.status', '400', true);
        return json_build_object('code', 'P0001', 'details', null, 'hint', null, 'message', 'session_not_found');
    end if;
    if s.ended_at is not null or s.expires_at <= now() then
        raise exception 'session_expired';
    end if;

    -- A participant who left still holds their place (they may rejoin), so count every row.
    if (select count(*) from public.participants where session_id = s.id) >= 2 then
        raise exception 'session_full';
    end if;

    insert into public.participants (session_id, user_id, display_name, language)
    values (s.id, uid, btrim(join_session.display_name), join_session.language);
    return row_to_json(s);
end;
$$;

revoke all on function public.join_session(text, text, text) from public, anon, authenticated;
grant execute on function public.join_session(text, text, text) to authenticated, service_role;
