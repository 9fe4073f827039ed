-- Tiny test harness for the PostgreSQL tests (scripts/test-postgres.sh). Run as superuser after
-- bootstrap.sql. Every check appends one row to tests.results; a failing check also prints a
-- WARNING. The runner counts the rows, so a check that fails does not stop the ones after it,
-- while an unexpected error outside a check stops psql (ON_ERROR_STOP) and counts as a failure.

create schema tests;
grant usage on schema tests to public;

create table tests.results (
    n      serial  primary key,
    name   text    not null,
    ok     boolean not null,
    detail text
);

-- Records one outcome. SECURITY DEFINER because checks run as anon/authenticated.
create function tests.report(name text, ok boolean, detail text default null)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
    insert into tests.results (name, ok, detail) values (report.name, coalesce(report.ok, false), report.detail);
    if not coalesce(report.ok, false) then
        raise warning 'FAIL: % — %', report.name, coalesce(report.detail, 'condition was false or null');
    end if;
    return coalesce(report.ok, false);
end;
$$;

create function tests.ok(name text, cond boolean, detail text default null)
returns boolean
language sql
as $$ select tests.report(name, cond, detail) $$;

create function tests.eq(name text, got anyelement, want anyelement)
returns boolean
language sql
as $$
    select tests.report(name, got is not distinct from want,
                        format('got %s, want %s', coalesce(got::text, 'NULL'), coalesce(want::text, 'NULL')))
$$;

-- Runs stmt as the current role; passes when it fails with SQLSTATE want_state (and, if given,
-- exactly the message want_message).
create function tests.throws(name text, stmt text, want_state text, want_message text default null)
returns boolean
language plpgsql
as $$
declare
    st text;
    msg text;
begin
    execute stmt;
    return tests.report(name, false, format('succeeded; wanted %s %s', want_state, coalesce(want_message, '')));
exception when others then
    get stacked diagnostics st = returned_sqlstate, msg = message_text;
    return tests.report(name,
                        st = want_state and (want_message is null or msg = want_message),
                        format('got %s "%s"; wanted %s %s', st, msg, want_state, coalesce('"' || want_message || '"', '')));
end;
$$;

-- Runs stmt as the current role; passes when it does not fail.
create function tests.lives(name text, stmt text)
returns boolean
language plpgsql
as $$
declare
    st text;
    msg text;
begin
    execute stmt;
    return tests.report(name, true);
exception when others then
    get stacked diagnostics st = returned_sqlstate, msg = message_text;
    return tests.report(name, false, format('failed with %s "%s"', st, msg));
end;
$$;

-- Deterministic user ids: tests.uid('A') is always the same uuid.
create function tests.uid(who text)
returns uuid
language sql
immutable
as $$ select md5('session-translator-test-user:' || who)::uuid $$;

-- Becomes a caller the way PostgREST does per request: role + JWT claims.
--   'super'  → back to the superuser (no claims)
--   'anon'   → role anon, claims {"role":"anon"}
--   anything else → role authenticated with sub = tests.uid(who), as an anonymous sign-in.
create function tests.act_as(who text)
returns void
language plpgsql
as $$
begin
    if who = 'super' then
        execute 'reset role';
        perform set_config('request.jwt.claims', '', false);
    elsif who = 'anon' then
        execute 'set role anon';
        perform set_config('request.jwt.claims', '{"role":"anon"}', false);
    else
        execute 'set role authenticated';
        perform set_config('request.jwt.claims',
            json_build_object('sub', tests.uid(who), 'role', 'authenticated', 'is_anonymous', true)::text,
            false);
    end if;
end;
$$;

-- Values carried between statements (psql variables do not reach into DO blocks).
create function tests.put(key text, value text)
returns void
language sql
as $$ select set_config('tests.' || key, value, false) $$;

create function tests.get(key text)
returns text
language sql
stable
as $$ select current_setting('tests.' || key) $$;

-- Simulates Realtime's private-channel checks (server_auth.md §2.1/§2.2) for one user and topic:
-- read = probe rows inserted by the system are selectable by the user with realtime.topic set;
-- write = the user may insert a row for that topic. Returns 'read+write', 'read', 'write' or
-- 'none'; probe rows are removed afterwards (Realtime rolls them back).
create function tests.realtime_access(who text, topic text)
returns text
language plpgsql
as $$
declare
    probe_b uuid := gen_random_uuid();
    probe_p uuid := gen_random_uuid();
    seen int;
    can_read boolean;
    can_write boolean;
begin
    perform tests.act_as('super');
    insert into realtime.messages (id, topic, extension, private)
    values (probe_b, realtime_access.topic, 'broadcast', true),
           (probe_p, realtime_access.topic, 'presence', true);

    perform tests.act_as(who);
    perform set_config('realtime.topic', coalesce(realtime_access.topic, ''), false);
    select count(*) into seen from realtime.messages m where m.id in (probe_b, probe_p);
    can_read := seen = 2;
    if seen not in (0, 2) then
        raise exception 'realtime_access: % saw % of 2 probes', who, seen;
    end if;

    begin
        insert into realtime.messages (topic, extension, event, payload, private)
        values (realtime_access.topic, 'broadcast', 'typing', '{"state":"typing"}', true);
        can_write := true;
    exception when insufficient_privilege then
        can_write := false;
    end;

    perform set_config('realtime.topic', '', false);
    perform tests.act_as('super');
    delete from realtime.messages m where m.topic is not distinct from realtime_access.topic;

    return case
        when can_read and can_write then 'read+write'
        when can_read then 'read'
        when can_write then 'write'
        else 'none'
    end;
end;
$$;

grant execute on all functions in schema tests to public;
