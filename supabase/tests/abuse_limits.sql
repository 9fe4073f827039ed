-- Abuse limits of the hosted RPCs (migration 20261128000000_abuse_limits.sql): the failed-join
-- lockout and the create_session rate, per auth.uid(). Run by scripts/test-postgres.sh after
-- authorization.sql. Time passing is simulated by moving the limiters' rows into the past.

select tests.act_as('super');

-- The limiters' tables: RLS on, nothing for clients; their functions not callable by clients.
select tests.ok(format('%s has RLS on and no client privileges', t),
    (select relrowsecurity from pg_class where oid = t::regclass)
    and not has_table_privilege('anon', t, 'select,insert,update,delete')
    and not has_table_privilege('authenticated', t, 'select,insert,update,delete'))
from unnest(array['public.join_lockouts', 'public.session_create_buckets']) t;
select tests.ok(format('%s is not callable by clients', f),
    not has_function_privilege('authenticated', f, 'execute') and not has_function_privilege('anon', f, 'execute'))
from unnest(array['public.join_lockout_wait_ms(uuid)', 'public.record_join_failure(uuid)',
                  'public.take_session_create(uuid)']) f;
select tests.ok('join_session is executable by authenticated only',
    has_function_privilege('authenticated', 'public.join_session(text, text, text)', 'execute')
    and not has_function_privilege('anon', 'public.join_session(text, text, text)', 'execute'));

-- The answer of one join as `who`: the session code, the error body's message with
-- response.status, or the raised SQLSTATE, message and detail.
create function tests.join_as(who text, code text)
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
    r := public.join_session(code, who, 'fr');
    perform tests.act_as('super');
    if r->>'message' is not null then
        return (r->>'message') || ' ' || current_setting('response.status', true);
    end if;
    return 'joined ' || (r->>'code');
exception when others then
    get stacked diagnostics st = returned_sqlstate, msg = message_text, det = pg_exception_detail;
    perform tests.act_as('super');
    return st || ' ' || msg || coalesce(' ' || nullif(det, ''), '');
end;
$$;

-- The wait a refused join announces, in milliseconds.
create function tests.wait_ms(answer text)
returns bigint
language sql
as $$ select substring(answer from 'retry_after_ms=(\d+)')::bigint $$;

select tests.act_as('L1');
select tests.put('l1', r->>'code') from (select public.create_session('Lena', 'en') r) x;
select tests.act_as('L2');
select tests.put('l2', r->>'code') from (select public.create_session('Lars', 'en') r) x;
select tests.act_as('super');
select tests.put('wrong', case when tests.get('l1') = 'ZZZZZZ' or tests.get('l2') = 'ZZZZZZ' then 'YYYYYY' else 'ZZZZZZ' end);

-- G joins one session, then guesses.
select tests.eq('G joins L1''s session', tests.join_as('G', tests.get('l1')), 'joined ' || tests.get('l1'));
select tests.eq(format('wrong code %s is answered session_not_found with 400', n),
    tests.join_as('G', tests.get('wrong')), 'session_not_found 400')
from generate_series(1, 6) n;
select tests.eq('the misses were recorded (committed despite the error answer)',
    (select failures from public.join_lockouts where user_id = tests.uid('G')), 6);
select tests.put('a1', tests.join_as('G', tests.get('wrong')));
select tests.ok('after 5 free misses and the one that starts the lockout: PT429 too_many_attempts',
    tests.get('a1') like 'PT429 too_many_attempts retry_after_ms=%', tests.get('a1'));
select tests.ok('the first lockout is about a second',
    tests.wait_ms(tests.get('a1')) between 1 and 1000, tests.get('a1'));
select tests.ok('the right code is refused during the lockout',
    tests.join_as('G', tests.get('l2')) like 'PT429 too_many_attempts %');
select tests.eq('a participant''s rejoin is never refused', tests.join_as('G', tests.get('l1')), 'joined ' || tests.get('l1'));
select tests.eq('the refused joins were not counted',
    (select failures from public.join_lockouts where user_id = tests.uid('G')), 6);

-- The lockout runs out; the next miss doubles it.
update public.join_lockouts set locked_until = now() - interval '1 ms' where user_id = tests.uid('G');
select tests.eq('after the lockout a miss is answered again', tests.join_as('G', tests.get('wrong')), 'session_not_found 400');
select tests.put('a2', tests.join_as('G', tests.get('wrong')));
select tests.ok('the second lockout is about two seconds',
    tests.wait_ms(tests.get('a2')) between 1001 and 2000, tests.get('a2'));
update public.join_lockouts set failures = 40, locked_until = now() - interval '1 ms' where user_id = tests.uid('G');
select tests.eq('a long run of misses', tests.join_as('G', tests.get('wrong')), 'session_not_found 400');
select tests.ok('the lockout stops at five minutes',
    tests.wait_ms(tests.join_as('G', tests.get('wrong'))) between 299000 and 300000);

-- An hour without a miss forgets them all.
update public.join_lockouts
   set last_failure_at = now() - interval '61 minutes', locked_until = now() - interval '1 minute'
 where user_id = tests.uid('G');
select tests.eq('after a quiet hour G may join', tests.join_as('G', tests.get('l2')), 'joined ' || tests.get('l2'));
select tests.eq('a miss after the quiet hour', tests.join_as('G', tests.get('wrong')), 'session_not_found 400');
select tests.eq('counts from one again', (select failures from public.join_lockouts where user_id = tests.uid('G')), 1);

-- Other users are not touched by G's lockout; full and expired sessions are no failed guesses.
select tests.eq('H is not locked out by G (and L1''s session is full)', tests.join_as('H', tests.get('l1')),
    'P0001 session_full');
update public.sessions set expires_at = now() - interval '1 minute' where code = tests.get('l2');
select tests.eq('an expired session raises session_expired', tests.join_as('H', tests.get('l2')), 'P0001 session_expired');
select tests.eq('neither counted as a failure',
    (select count(*) from public.join_lockouts where user_id = tests.uid('H')), 0::bigint);

-- create_session: a burst of 10 per user, then refused with the wait.
select tests.act_as('K');
select tests.eq('K creates 10 sessions',
    (select count(public.create_session('Kim', 'en')) from generate_series(1, 10)), 10::bigint);
select tests.throws('the 11th create_session is refused with PT429 too_many_sessions',
    $q$select public.create_session('Kim', 'en')$q$, 'PT429', 'too_many_sessions');
select tests.act_as('super');
select tests.ok('the wait is about a minute',
    (select public.take_session_create(tests.uid('K'))) between 50000 and 60000);
update public.session_create_buckets set updated_at = now() - interval '1 minute' where user_id = tests.uid('K');
select tests.act_as('K');
select tests.lives('a minute later K may create one more', $q$select public.create_session('Kim', 'en')$q$);
select tests.act_as('super');
