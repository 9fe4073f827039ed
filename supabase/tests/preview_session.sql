-- rpc('preview_session') (migration 20261128130000_preview_session.sql): what a join would
-- answer, without joining, and the join lockout it shares. Run by scripts/test-postgres.sh after
-- abuse_limits.sql; the same cases run against session-server in
-- tests/conformance/rest.test.mjs ("preview_session").

select tests.act_as('super');
select tests.ok('preview_session is executable by authenticated only',
    has_function_privilege('authenticated', 'public.preview_session(text)', 'execute')
    and not has_function_privilege('anon', 'public.preview_session(text)', 'execute'));

-- The answer of one preview as `who`: status and the other three fields (or `-` for null), or
-- the raised SQLSTATE, message and detail.
create function tests.preview_as(who text, code text)
returns text
language plpgsql
as $$
declare
    r json;
    st text;
    msg text;
    det text;
begin
    perform tests.act_as(who);
    r := public.preview_session(code);
    perform tests.act_as('super');
    return concat_ws(' ', r->>'status', coalesce(r->>'inviter_name', '-'), coalesce(r->>'inviter_language', '-'),
                     case when r->>'expires_at' is null then '-' else 'expires' end);
exception when others then
    get stacked diagnostics st = returned_sqlstate, msg = message_text, det = pg_exception_detail;
    perform tests.act_as('super');
    return st || ' ' || msg || coalesce(' ' || nullif(det, ''), '');
end;
$$;

select tests.act_as('PA');
select tests.put('pa', r->>'code') from (select public.create_session('Ana', 'en') r) x;
select tests.act_as('PB');
select tests.put('pb', r->>'code') from (select public.create_session('Bea', 'de') r) x;
select tests.act_as('super');
select tests.put('pwrong', case when 'ZZZZZZ' in (tests.get('pa'), tests.get('pb')) then 'YYYYYY' else 'ZZZZZZ' end);

select tests.eq('an open session shows who invites, in which language, and its end',
    tests.preview_as('PX', tests.get('pa')), 'open Ana en expires');
select tests.eq('the code is matched as join_session matches it (case, spaces)',
    tests.preview_as('PX', '  ' || lower(tests.get('pa')) || ' '), 'open Ana en expires');
select tests.act_as('PX');
select tests.put('pkeys', (select string_agg(k, ',' order by k) from json_object_keys(public.preview_session(tests.get('pa'))) k));
select tests.act_as('super');
select tests.eq('the answer has exactly the four fields', tests.get('pkeys'),
    'expires_at,inviter_language,inviter_name,status');
select tests.eq('a preview joins nobody',
    (select count(*) from public.participants p join public.sessions s on s.id = p.session_id
      where s.code = tests.get('pa')), 1::bigint);
select tests.eq('an empty code raises invalid_input', tests.preview_as('PX', ' '), 'P0001 invalid_input');
select tests.ok('an anonymous caller may not preview',
    tests.preview_as('anon', tests.get('pa')) like '42501 %');

-- Full: nothing about who is in it, except for a participant, whose join is a rejoin.
select tests.act_as('PY');
select public.join_session(tests.get('pa'), 'Yan', 'fr');
select tests.eq('a full session says only full', tests.preview_as('PX', tests.get('pa')), 'full - - -');
select tests.eq('to a participant it is open (a rejoin)', tests.preview_as('PY', tests.get('pa')), 'open Ana en expires');

-- Expired (or ended): nothing else.
update public.sessions set expires_at = now() - interval '1 minute' where code = tests.get('pb');
select tests.eq('an expired session says only expired', tests.preview_as('PX', tests.get('pb')), 'expired - - -');
select tests.eq('full and expired are no failed guesses',
    (select count(*) from public.join_lockouts where user_id = tests.uid('PX')), 0::bigint);

-- Misses: recorded as failed joins, on the join's lockout.
select tests.eq('an unknown code says only not_found', tests.preview_as('PG', tests.get('pwrong')), 'not_found - - -');
select tests.eq('a string that can never be a code is not_found', tests.preview_as('PG', 'nope'), 'not_found - - -');
select tests.eq('both misses were recorded as failed joins',
    (select failures from public.join_lockouts where user_id = tests.uid('PG')), 2);
select tests.act_as('PG');
select public.join_session(tests.get('pwrong'), 'Gus', 'fr');
select tests.act_as('super');
select tests.eq('a join''s miss adds to the same count',
    (select failures from public.join_lockouts where user_id = tests.uid('PG')), 3);
select tests.eq('three more previews miss',
    (select count(*) from generate_series(1, 3) n where tests.preview_as('PG', tests.get('pwrong')) = 'not_found - - -'),
    3::bigint);
select tests.ok('after 5 free misses and the one that starts the lockout: PT429 too_many_attempts',
    tests.preview_as('PG', tests.get('pa')) like 'PT429 too_many_attempts retry_after_ms=%');
select tests.ok('a locked-out join is refused as well',
    tests.join_as('PG', tests.get('pa')) like 'PT429 too_many_attempts retry_after_ms=%');
select tests.eq('the refusals were not counted',
    (select failures from public.join_lockouts where user_id = tests.uid('PG')), 6);
select tests.eq('a participant is never refused', tests.preview_as('PA', tests.get('pa')), 'open Ana en expires');
