-- Authorization matrix for supabase/migrations, run on a real PostgreSQL by
-- scripts/test-postgres.sh after bootstrap.sql, harness.sql and the migrations.
--
-- Callers: A creates sessions, B joins them, C is a stranger, D is a late joiner, plus anon.
-- Each caller is simulated as PostgREST does it: `set role` + request.jwt.claims.
-- Every check is one tests.* call; see harness.sql.

\set QUIET on
set client_min_messages = warning;

-- =============================================================================================
-- 1. Structure (as the superuser)
-- =============================================================================================
select tests.act_as('super');

select tests.ok('RLS is enabled on ' || c.relname, c.relrowsecurity)
from pg_class c
where c.oid in ('public.sessions'::regclass, 'public.participants'::regclass, 'public.messages'::regclass)
order by c.relname;

select tests.eq('publication supabase_realtime has messages and participants',
    (select string_agg(tablename, ',' order by tablename) from pg_publication_tables
     where pubname = 'supabase_realtime' and schemaname = 'public'),
    'messages,participants');

select tests.eq('messages has replica identity full',
    (select relreplident from pg_class where oid = 'public.messages'::regclass), 'f'::"char");

select tests.ok(format('%s is SECURITY DEFINER with a fixed search_path', p.oid::regprocedure),
                p.prosecdef and exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%'))
from pg_proc p
where p.pronamespace = 'public'::regnamespace
  and p.proname in ('create_session', 'join_session', 'leave_session', 'ack_messages', 'retranslate',
                    'is_participant', 'can_post_message', 'messages_assign_seq')
order by p.proname;

select tests.ok(format('%s is executable by authenticated only (not anon, not public)', p.oid::regprocedure),
                has_function_privilege('authenticated', p.oid, 'execute')
                and not has_function_privilege('anon', p.oid, 'execute')
                and not exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0))
from pg_proc p
where p.pronamespace = 'public'::regnamespace
  and p.proname in ('create_session', 'join_session', 'leave_session', 'ack_messages', 'retranslate')
order by p.proname;

select tests.ok('new_session_code is not callable by clients',
    not has_function_privilege('authenticated', 'public.new_session_code()', 'execute')
    and not has_function_privilege('anon', 'public.new_session_code()', 'execute'));

select tests.ok(format('anon has no privilege on %s', t),
                not has_table_privilege('anon', t, 'select,insert,update,delete,truncate,references,trigger'))
from unnest(array['public.sessions', 'public.participants', 'public.messages']) t;

select tests.ok(format('authenticated may not %s %s', priv, t),
                not has_table_privilege('authenticated', t, priv))
from unnest(array['public.sessions', 'public.participants', 'public.messages']) t,
     unnest(array['update', 'delete', 'truncate']) priv;

select tests.ok('authenticated may not insert sessions or participants directly',
    not has_table_privilege('authenticated', 'public.sessions', 'insert')
    and not has_table_privilege('authenticated', 'public.participants', 'insert'));

select tests.eq('authenticated may insert exactly the client columns of messages',
    (select string_agg(attname, ',' order by attnum) from pg_attribute
     where attrelid = 'public.messages'::regclass and attnum > 0 and not attisdropped
       and has_column_privilege('authenticated', 'public.messages', attname, 'insert')),
    'id,session_id,sender_id,client_seq,body,source_lang');

-- Realtime re-checks has_column_privilege(role, table, column, 'SELECT') per subscriber.
select tests.ok(format('authenticated may select every column of %s (Realtime payloads)', t),
    (select bool_and(has_column_privilege('authenticated', t, attname, 'select'))
     from pg_attribute where attrelid = t::regclass and attnum > 0 and not attisdropped))
from unnest(array['public.messages', 'public.participants']) t;

select tests.ok('generated codes use only the alphabet and length 6',
    (select bool_and(c ~ '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$') and count(distinct c) > 990
     from (select public.new_session_code() c from generate_series(1, 1000)) g));

select tests.ok('session_id_from_topic never raises and only accepts session:<uuid>',
    public.session_id_from_topic('session:0b7e3c1e-9f4a-4d2b-8c6e-2a1f5d3b7c90') = '0b7e3c1e-9f4a-4d2b-8c6e-2a1f5d3b7c90'
    and public.session_id_from_topic('session:not-a-uuid') is null
    and public.session_id_from_topic('session:0b7e3c1e-9f4a-4d2b-8c6e-2a1f5d3b7c90x') is null
    and public.session_id_from_topic('room:0b7e3c1e-9f4a-4d2b-8c6e-2a1f5d3b7c90') is null
    and public.session_id_from_topic('') is null
    and public.session_id_from_topic(null) is null);

-- =============================================================================================
-- 2. anon: nothing at all
-- =============================================================================================
select tests.act_as('anon');
select tests.throws('anon cannot create_session', $q$select public.create_session('Eve', 'en')$q$, '42501');
select tests.throws('anon cannot join_session', $q$select public.join_session('ABCDEF', 'Eve', 'en')$q$, '42501');
select tests.throws('anon cannot read sessions', $q$select * from public.sessions$q$, '42501');
select tests.throws('anon cannot read participants', $q$select * from public.participants$q$, '42501');
select tests.throws('anon cannot read messages', $q$select * from public.messages$q$, '42501');
select tests.throws('anon cannot insert messages',
    $q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
       values (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 1, 'hi', 'en')$q$, '42501');
select tests.throws('anon cannot ack', $q$select public.ack_messages(gen_random_uuid(), 1, 1)$q$, '42501');

-- =============================================================================================
-- 3. create_session (A)
-- =============================================================================================
select tests.act_as('A');
do $$
declare
    r json := public.create_session('  Alice  ', 'en');
begin
    perform tests.ok('create_session returns exactly {id, code, expires_at}',
        (select array_agg(k order by k) from json_object_keys(r) k) = array['code', 'expires_at', 'id']);
    perform tests.ok('create_session code is 6 characters of the alphabet',
        r->>'code' ~ '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$', r->>'code');
    perform tests.ok('create_session expires in 24 hours',
        abs(extract(epoch from ((r->>'expires_at')::timestamptz - now())) - 86400) < 5, r->>'expires_at');
    perform tests.put('s1', r->>'id');
    perform tests.put('s1_code', r->>'code');
end;
$$;

select tests.eq('A reads its new session row',
    (select count(*) from public.sessions where id = tests.get('s1')::uuid), 1::bigint);
select tests.eq('created_by is A',
    (select created_by from public.sessions where id = tests.get('s1')::uuid), tests.uid('A'));
select tests.eq('A is the only participant, name trimmed',
    (select string_agg(display_name || '/' || language, ',') from public.participants
     where session_id = tests.get('s1')::uuid), 'Alice/en');

select tests.throws('create_session rejects an empty name', $q$select public.create_session('   ', 'en')$q$, 'P0001', 'invalid_input');
select tests.throws('create_session rejects a null name', $q$select public.create_session(null, 'en')$q$, 'P0001', 'invalid_input');
select tests.throws('create_session rejects a 65-character name', $q$select public.create_session(repeat('x', 65), 'en')$q$, 'P0001', 'invalid_input');
select tests.throws('create_session rejects language "english"', $q$select public.create_session('Alice', 'english')$q$, 'P0001', 'invalid_input');
select tests.throws('create_session rejects language "EN"', $q$select public.create_session('Alice', 'EN')$q$, 'P0001', 'invalid_input');

-- =============================================================================================
-- 4. join_session: B joins, C is refused, errors, rejoin
-- =============================================================================================
select tests.act_as('B');
select tests.eq('B cannot see the session before joining',
    (select count(*) from public.sessions where id = tests.get('s1')::uuid), 0::bigint);
-- A miss is answered with PostgREST's error body and status 400 rather than raised, so the
-- failed-join lockout can record it (migration 20261128000000_abuse_limits.sql).
select tests.eq(format('join_session with %s', why),
    (select (r->>'code') || ' ' || (r->>'message') || ' ' || current_setting('response.status', true)
     from (select public.join_session(code, 'Bob', 'es') r) x),
    'P0001 session_not_found 400')
from (values ('ZZZZZZ', 'an unknown code'), ('AB2', 'a code that cannot exist (too short)'),
             ('ABCDEO', 'a code that cannot exist (contains O)')) v(code, why);
select tests.throws('join_session with a blank code', $q$select public.join_session('   ', 'Bob', 'es')$q$, 'P0001', 'invalid_input');
select tests.throws('join_session with a null code', $q$select public.join_session(null, 'Bob', 'es')$q$, 'P0001', 'invalid_input');
select tests.throws('join_session with a bad language',
    format($q$select public.join_session(%L, 'Bob', 'spanish')$q$, tests.get('s1_code')), 'P0001', 'invalid_input');
select tests.throws('join_session with an empty name',
    format($q$select public.join_session(%L, '', 'es')$q$, tests.get('s1_code')), 'P0001', 'invalid_input');
select tests.eq('failed joins added no participant',
    (select count(*) from public.participants where user_id = tests.uid('B')), 0::bigint);

select tests.eq('B joins with the lower-case, padded code and gets the session row',
    (select (public.join_session('  ' || lower(tests.get('s1_code')) || ' ', 'Bob', 'es')->>'id')::uuid),
    tests.get('s1')::uuid);
select tests.eq('B now reads the session row',
    (select count(*) from public.sessions where id = tests.get('s1')::uuid), 1::bigint);
select tests.eq('B reads both participants',
    (select string_agg(display_name, ',' order by display_name) from public.participants
     where session_id = tests.get('s1')::uuid), 'Alice,Bob');

select tests.act_as('C');
select tests.throws('C cannot join a full session',
    format($q$select public.join_session(%L, 'Carol', 'fr')$q$, tests.get('s1_code')), 'P0001', 'session_full');

-- Rejoin: same user again → no-op returning the session; after leaving → left_at cleared.
select tests.act_as('B');
select tests.eq('B rejoining returns the session',
    (select public.join_session(tests.get('s1_code'), 'Robert', 'de')->>'code'), tests.get('s1_code'));
select tests.eq('rejoin changed nothing (still 2 participants, B still Bob/es)',
    (select string_agg(display_name || '/' || language, ',' order by display_name) from public.participants
     where session_id = tests.get('s1')::uuid), 'Alice/en,Bob/es');
select tests.lives('B leaves', format($q$select public.leave_session(%L)$q$, tests.get('s1')));
select tests.ok('leave sets left_at',
    (select left_at is not null from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B')));
select tests.eq('a participant who left still reads the session',
    (select count(*) from public.sessions where id = tests.get('s1')::uuid), 1::bigint);
select tests.throws('a participant who left cannot post',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 1, 'hola', 'es')$q$, tests.get('s1'), tests.uid('B')), '42501');
select tests.act_as('C');
select tests.throws('C still cannot join while B has left (B keeps the place)',
    format($q$select public.join_session(%L, 'Carol', 'fr')$q$, tests.get('s1_code')), 'P0001', 'session_full');
select tests.act_as('B');
select tests.eq('B rejoins after leaving',
    (select (public.join_session(tests.get('s1_code'), 'Bob', 'es')->>'id')::uuid), tests.get('s1')::uuid);
select tests.ok('rejoin clears left_at',
    (select left_at is null from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B')));

-- =============================================================================================
-- 5. Messages: A and B post and read; seq is the server's
-- =============================================================================================
select tests.act_as('A');
do $$
declare
    m public.messages;
begin
    insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
    values ('a0000000-0000-4000-8000-000000000001', tests.get('s1')::uuid, tests.uid('A'), 1, 'hello', 'en')
    returning * into m;
    perform tests.eq('A''s first message gets seq 1', m.seq, 1::bigint);
    perform tests.ok('created_at is set by the server', m.created_at is not null and abs(extract(epoch from m.created_at - now())) < 5);
    perform tests.ok('translation columns start empty',
        m.translated_body is null and m.target_lang is null and m.translation_error is null);
end;
$$;

select tests.act_as('B');
with ins as (insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values ('b0000000-0000-4000-8000-000000000001', tests.get('s1')::uuid, tests.uid('B'), 1, 'hola', 'es')
              returning seq)
select tests.eq('B''s reply gets seq 2',
    (select seq from ins), 2::bigint);

select tests.act_as('A');
-- The batch upsert supabase-js sends: rows in array order, duplicates ignored.
with ins as (insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values ('a0000000-0000-4000-8000-000000000002', tests.get('s1')::uuid, tests.uid('A'), 2, 'two', 'en'),
                     ('a0000000-0000-4000-8000-000000000003', tests.get('s1')::uuid, tests.uid('A'), 3, 'three', 'en')
              on conflict (id) do nothing
              returning client_seq, seq)
select tests.eq('a batch gets consecutive seqs in row order',
    (select string_agg(client_seq || ':' || seq, ',' order by seq) from ins), '2:3,3:4');
with ins as (insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values ('a0000000-0000-4000-8000-000000000003', tests.get('s1')::uuid, tests.uid('A'), 3, 'three', 'en'),
                     ('a0000000-0000-4000-8000-000000000004', tests.get('s1')::uuid, tests.uid('A'), 4, 'four', 'en')
              on conflict (id) do nothing
              returning client_seq, seq)
select tests.eq('a retried row is not duplicated (upsert ignoreDuplicates returns only new rows)',
    (select string_agg(client_seq || ':' || seq, ',' order by seq) from ins), '4:5');
select tests.lives('a body of exactly 2000 multi-byte characters is accepted',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 5, repeat('é', 2000), 'en')$q$, tests.get('s1'), tests.uid('A')));
select tests.eq('A reads all 6 messages', (select count(*) from public.messages where session_id = tests.get('s1')::uuid), 6::bigint);
select tests.act_as('B');
select tests.eq('B reads all 6 messages (catch-up: seq > 2 ordered)',
    (select string_agg(seq::text, ',' order by seq) from public.messages
     where session_id = tests.get('s1')::uuid and seq > 2), '3,4,5,6');

-- Invalid rows and forbidden columns (A, a legitimate participant).
select tests.act_as('A');
select tests.throws('an empty body is rejected',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 9, '', 'en')$q$, tests.get('s1'), tests.uid('A')), '23514');
select tests.throws('a 2001-character body is rejected',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 9, repeat('x', 2001), 'en')$q$, tests.get('s1'), tests.uid('A')), '23514');
select tests.throws('a malformed source_lang is rejected',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 9, 'x', 'eng')$q$, tests.get('s1'), tests.uid('A')), '23514');
select tests.throws('a client cannot set seq',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 9, 1000, 'x', 'en')$q$, tests.get('s1'), tests.uid('A')), '42501');
select tests.throws('a client cannot set translated_body',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang, translated_body, target_lang)
              values (gen_random_uuid(), %L, %L, 9, 'x', 'en', 'forged', 'es')$q$, tests.get('s1'), tests.uid('A')), '42501');
select tests.throws('a client cannot set translation_error',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang, translation_error)
              values (gen_random_uuid(), %L, %L, 9, 'x', 'en', 'x')$q$, tests.get('s1'), tests.uid('A')), '42501');
select tests.throws('a client cannot set created_at',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang, created_at)
              values (gen_random_uuid(), %L, %L, 9, 'x', 'en', now() - interval '1 day')$q$, tests.get('s1'), tests.uid('A')), '42501');
select tests.throws('A cannot post as B',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 9, 'forged', 'es')$q$, tests.get('s1'), tests.uid('B')), '42501');

-- Nobody updates or deletes messages, not even their own.
select tests.throws('A cannot update its own message body',
    $q$update public.messages set body = 'edited' where id = 'a0000000-0000-4000-8000-000000000001'$q$, '42501');
select tests.throws('A cannot write a translation',
    $q$update public.messages set translated_body = 'hola', target_lang = 'es' where id = 'a0000000-0000-4000-8000-000000000001'$q$, '42501');
select tests.throws('A cannot delete its own message',
    $q$delete from public.messages where id = 'a0000000-0000-4000-8000-000000000001'$q$, '42501');
select tests.throws('A cannot move its own read watermark directly',
    format($q$update public.participants set read_seq = 99 where session_id = %L$q$, tests.get('s1')), '42501');
select tests.throws('A cannot extend the session',
    format($q$update public.sessions set expires_at = now() + interval '1 year' where id = %L$q$, tests.get('s1')), '42501');
select tests.throws('A cannot insert a session directly',
    $q$insert into public.sessions (code, created_by, expires_at) values ('ABCDEF', gen_random_uuid(), now())$q$, '42501');
select tests.act_as('B');
select tests.throws('B cannot update A''s message',
    $q$update public.messages set body = 'edited' where id = 'a0000000-0000-4000-8000-000000000001'$q$, '42501');
select tests.throws('B cannot delete A''s message',
    $q$delete from public.messages where id = 'a0000000-0000-4000-8000-000000000001'$q$, '42501');
select tests.throws('B cannot truncate messages', $q$truncate public.messages$q$, '42501');

-- =============================================================================================
-- 6. C, the stranger: reads nothing, every write fails
-- =============================================================================================
select tests.act_as('C');
select tests.eq('C reads no session', (select count(*) from public.sessions), 0::bigint);
select tests.eq('C reads no participant', (select count(*) from public.participants), 0::bigint);
select tests.eq('C reads no message', (select count(*) from public.messages), 0::bigint);
select tests.eq('C reads nothing even by id',
    (select count(*) from public.messages where id = 'a0000000-0000-4000-8000-000000000001'), 0::bigint);
select tests.throws('C cannot post into the session as itself',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 1, 'bonjour', 'fr')$q$, tests.get('s1'), tests.uid('C')), '42501');
select tests.throws('C cannot post into the session as A',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 1, 'forged', 'en')$q$, tests.get('s1'), tests.uid('A')), '42501');
select tests.throws('C cannot add itself as a participant',
    format($q$insert into public.participants (session_id, user_id, display_name, language)
              values (%L, %L, 'Carol', 'fr')$q$, tests.get('s1'), tests.uid('C')), '42501');
select tests.throws('C cannot ack', format($q$select public.ack_messages(%L, 10, 10)$q$, tests.get('s1')), '42501');
select tests.throws('C cannot leave a session it is not in', format($q$select public.leave_session(%L)$q$, tests.get('s1')), '42501');
select tests.throws('C cannot retranslate a message of the session',
    $q$select public.retranslate('a0000000-0000-4000-8000-000000000001')$q$, '42501');
select tests.throws('C cannot update messages', $q$update public.messages set body = 'x'$q$, '42501');
select tests.throws('C cannot delete messages', $q$delete from public.messages$q$, '42501');
select tests.throws('C cannot end the session', format($q$update public.sessions set ended_at = now() where id = %L$q$, tests.get('s1')), '42501');

-- =============================================================================================
-- 7. Receipts: ack_messages only raises watermarks
-- =============================================================================================
select tests.act_as('B');
select tests.lives('B acks delivered 4, read 2', format($q$select public.ack_messages(%L, 4, 2)$q$, tests.get('s1')));
select tests.eq('watermarks are 4/2',
    (select delivered_seq || '/' || read_seq from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B')), '4/2');
select tests.lives('B acks lower values', format($q$select public.ack_messages(%L, 1, 1)$q$, tests.get('s1')));
select tests.eq('lower acks do not lower the watermarks',
    (select delivered_seq || '/' || read_seq from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B')), '4/2');
select tests.throws('ack with a null watermark is invalid input', format($q$select public.ack_messages(%L, null, 1)$q$, tests.get('s1')), 'P0001', 'invalid_input');
select tests.lives('B acks negatives', format($q$select public.ack_messages(%L, -5, -5)$q$, tests.get('s1')));
select tests.eq('negative acks change nothing',
    (select delivered_seq || '/' || read_seq from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B')), '4/2');
select tests.lives('B acks read 5 only', format($q$select public.ack_messages(%L, 0, 5)$q$, tests.get('s1')));
select tests.eq('reading implies delivery (delivered rises with read)',
    (select delivered_seq || '/' || read_seq from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B')), '5/5');
select tests.lives('B acks beyond the newest message', format($q$select public.ack_messages(%L, 100, 100)$q$, tests.get('s1')));
select tests.eq('watermarks stop at the partner''s newest message (A''s newest is seq 6)',
    (select delivered_seq || '/' || read_seq from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B')), '6/6');
select tests.eq('A''s watermarks are untouched by B''s acks',
    (select delivered_seq || '/' || read_seq from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('A')), '0/0');
select tests.act_as('A');
select tests.lives('A acks 10/10', format($q$select public.ack_messages(%L, 10, 10)$q$, tests.get('s1')));
select tests.eq('A''s watermarks stop at B''s only message (seq 2); A''s own messages do not count',
    (select delivered_seq || '/' || read_seq from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('A')), '2/2');
select tests.act_as('B');
do $$
declare
    before xid8;
begin
    -- A no-op ack must not write the row (no Realtime UPDATE event): xmin stays.
    select xmin::text::xid8 into before from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B');
    perform public.ack_messages(tests.get('s1')::uuid, 3, 3);
    perform tests.ok('an ack that raises nothing does not write the row',
        (select xmin::text::xid8 = before from public.participants where session_id = tests.get('s1')::uuid and user_id = tests.uid('B')));
end;
$$;

-- =============================================================================================
-- 8. retranslate
-- =============================================================================================
select tests.act_as('super');
update public.messages set translation_error = 'provider unavailable' where id = 'a0000000-0000-4000-8000-000000000001';
select tests.act_as('B');
select tests.eq('B sees the translation error', (select translation_error from public.messages where id = 'a0000000-0000-4000-8000-000000000001'), 'provider unavailable');
select tests.lives('B retranslates A''s message', $q$select public.retranslate('a0000000-0000-4000-8000-000000000001')$q$);
select tests.ok('retranslate cleared translation_error', (select translation_error is null from public.messages where id = 'a0000000-0000-4000-8000-000000000001'));
select tests.throws('retranslate of an unknown message is refused like a foreign one',
    $q$select public.retranslate(gen_random_uuid())$q$, '42501');

-- A participant who left cannot ask again (that a pending translation is not requested twice
-- is checked with the stand-in for pg_net below).
select tests.act_as('A');
select tests.put('s_rt', public.create_session('Alice', 'en')->>'id');
select tests.act_as('super');
select tests.put('s_rt_code', (select code from public.sessions where id = tests.get('s_rt')::uuid));
select tests.act_as('B');
select tests.lives('B joins a second session', format($q$select public.join_session(%L, 'Bob', 'es')$q$, tests.get('s_rt_code')));
select tests.act_as('A');
select tests.lives('A posts into it',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values ('a0000000-0000-4000-8000-0000000000f1', %L, %L, 1, 'hello', 'en')$q$, tests.get('s_rt'), tests.uid('A')));
select tests.act_as('super');
update public.messages set translation_error = 'provider unavailable' where id = 'a0000000-0000-4000-8000-0000000000f1';
select tests.act_as('B');
select tests.lives('B leaves the second session', format($q$select public.leave_session(%L)$q$, tests.get('s_rt')));
select tests.throws('a participant who left cannot retranslate',
    $q$select public.retranslate('a0000000-0000-4000-8000-0000000000f1')$q$, '42501');
select tests.act_as('super');
select tests.eq('the failure B could not clear is still recorded',
    (select translation_error from public.messages where id = 'a0000000-0000-4000-8000-0000000000f1'), 'provider unavailable');
select tests.act_as('A');
select tests.lives('A, still in the session, retranslates it', $q$select public.retranslate('a0000000-0000-4000-8000-0000000000f1')$q$);
select tests.act_as('super');
select tests.ok('A''s retranslate cleared the failure',
    (select translation_error is null from public.messages where id = 'a0000000-0000-4000-8000-0000000000f1'));

-- =============================================================================================
-- 9. Expired and ended sessions
-- =============================================================================================
select tests.act_as('A');
select tests.put('s2', public.create_session('Alice', 'en')->>'id');
select tests.put('s3', public.create_session('Alice', 'en')->>'id');
select tests.act_as('super');
select tests.put('s2_code', (select code from public.sessions where id = tests.get('s2')::uuid));
select tests.put('s3_code', (select code from public.sessions where id = tests.get('s3')::uuid));
update public.sessions set expires_at = now() - interval '1 second' where id = tests.get('s2')::uuid;
update public.sessions set ended_at = now() where id = tests.get('s3')::uuid;

select tests.act_as('B');
select tests.throws('joining an expired session', format($q$select public.join_session(%L, 'Bob', 'es')$q$, tests.get('s2_code')), 'P0001', 'session_expired');
select tests.throws('joining an ended session', format($q$select public.join_session(%L, 'Bob', 'es')$q$, tests.get('s3_code')), 'P0001', 'session_expired');
select tests.eq('B did not become a participant of either', (select count(*) from public.sessions where id in (tests.get('s2')::uuid, tests.get('s3')::uuid)), 0::bigint);
select tests.act_as('A');
select tests.throws('the creator rejoining an expired session', format($q$select public.join_session(%L, 'Alice', 'en')$q$, tests.get('s2_code')), 'P0001', 'session_expired');
select tests.throws('no posting into an expired session (the participant hears session_expired)',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 1, 'late', 'en')$q$, tests.get('s2'), tests.uid('A')), 'P0001', 'session_expired');
select tests.throws('no posting into an ended session (the participant hears session_expired)',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 1, 'late', 'en')$q$, tests.get('s3'), tests.uid('A')), 'P0001', 'session_expired');
select tests.act_as('C');
select tests.throws('a stranger posting into an expired session gets 42501, not session_expired',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 1, 'late', 'en')$q$, tests.get('s2'), tests.uid('C')), '42501');
select tests.throws('a stranger posting as the creator into an expired session gets 42501',
    format($q$insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), %L, %L, 1, 'late', 'en')$q$, tests.get('s2'), tests.uid('A')), '42501');
select tests.act_as('A');
select tests.eq('the creator still reads its expired session', (select count(*) from public.sessions where id = tests.get('s2')::uuid), 1::bigint);

-- =============================================================================================
-- 10. seq per session
-- =============================================================================================
select tests.act_as('A');
select tests.put('s4', public.create_session('Alice', 'en')->>'id');
with ins as (insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
              values (gen_random_uuid(), tests.get('s4')::uuid, tests.uid('A'), 1, 'first', 'en') returning seq)
select tests.eq('seq starts at 1 in every session',
    (select seq from ins), 1::bigint);
select tests.act_as('super');
select tests.ok('seq is 1..n without gaps or repeats in every session',
    (select bool_and(ok) from (
        select count(*) = max(seq) and count(distinct seq) = count(*) and min(seq) = 1 as ok
        from public.messages group by session_id) g));

-- =============================================================================================
-- 11. Realtime private channel session:<id> (realtime.messages policies)
-- =============================================================================================
select tests.eq('A may receive and send on its session''s channel', tests.realtime_access('A', 'session:' || tests.get('s1')), 'read+write');
select tests.eq('B may receive and send on its session''s channel', tests.realtime_access('B', 'session:' || tests.get('s1')), 'read+write');
select tests.eq('C may neither receive nor send on that channel', tests.realtime_access('C', 'session:' || tests.get('s1')), 'none');
select tests.eq('anon may neither receive nor send on that channel', tests.realtime_access('anon', 'session:' || tests.get('s1')), 'none');
select tests.eq('B is denied the channel of a session it is not in', tests.realtime_access('B', 'session:' || tests.get('s4')), 'none');
select tests.eq('A is denied a malformed topic (and nothing raises)', tests.realtime_access('A', 'session:not-a-uuid'), 'none');
select tests.eq('A is denied a topic with another prefix', tests.realtime_access('A', 'room:' || tests.get('s1')), 'none');
select tests.eq('A is denied when no topic is set', tests.realtime_access('A', ''), 'none');
select tests.eq('the topic is exact: session:<id> with a suffix is denied', tests.realtime_access('A', 'session:' || tests.get('s1') || ':x'), 'none');

-- =============================================================================================
-- 12. Hosted translation pipeline (20261125010000_translation_trigger.sql)
-- =============================================================================================
select tests.act_as('super');
select tests.ok(format('%s is SECURITY DEFINER with a fixed search_path', p.oid::regprocedure),
                p.prosecdef and exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%'))
from pg_proc p
where p.pronamespace = 'public'::regnamespace
  and p.proname in ('apply_translation', 'request_translation', 'translation_setting',
                    'messages_request_translation', 'participants_request_translation')
order by p.proname;
select tests.ok('apply_translation is executable by service_role only (not authenticated, anon, public)',
    has_function_privilege('service_role', 'public.apply_translation(uuid, text, text, text, text, text)', 'execute')
    and not has_function_privilege('authenticated', 'public.apply_translation(uuid, text, text, text, text, text)', 'execute')
    and not has_function_privilege('anon', 'public.apply_translation(uuid, text, text, text, text, text)', 'execute')
    and not exists (select 1 from pg_proc p, aclexplode(p.proacl) a
                    where p.oid = 'public.apply_translation(uuid, text, text, text, text, text)'::regprocedure and a.grantee = 0));
select tests.ok(format('%s is not callable by any API role', f),
    not has_function_privilege('authenticated', f, 'execute')
    and not has_function_privilege('anon', f, 'execute')
    and not has_function_privilege('service_role', f, 'execute'))
from unnest(array['public.request_translation(uuid)', 'public.translation_setting(text)']) f;
select tests.eq('the three translation triggers exist',
    (select string_agg(tgname, ',' order by tgname) from pg_trigger
     where not tgisinternal and tgname in ('messages_request_translation', 'messages_retranslate', 'participants_request_translation')),
    'messages_request_translation,messages_retranslate,participants_request_translation');
select tests.ok('without pg_net the trigger left A''s message untranslated',
    to_regproc('net.http_post') is null
    and (select translated_body is null and target_lang is null from public.messages where id = 'b0000000-0000-4000-8000-000000000001'));

select tests.act_as('B');
select tests.throws('B cannot apply a translation',
    $q$select public.apply_translation('a0000000-0000-4000-8000-000000000001', 'hola', 'es')$q$, '42501');
select tests.act_as('anon');
select tests.throws('anon cannot apply a translation',
    $q$select public.apply_translation('a0000000-0000-4000-8000-000000000001', 'hola', 'es')$q$, '42501');
select tests.act_as('super');
set role service_role;
select tests.lives('service_role applies a translation',
    $q$select public.apply_translation('a0000000-0000-4000-8000-000000000001', 'hola', 'es')$q$);
reset role;
select tests.eq('the translation is stored',
    (select translated_body || '/' || target_lang || '/' || coalesce(translation_error, '-') from public.messages
     where id = 'a0000000-0000-4000-8000-000000000001'), 'hola/es/-');
set role service_role;
select tests.lives('service_role records a failure',
    $q$select public.apply_translation('a0000000-0000-4000-8000-000000000001', null, 'es', 'libretranslate: HTTP 500')$q$);
select tests.throws('a translation and an error at once is invalid input',
    $q$select public.apply_translation('a0000000-0000-4000-8000-000000000001', 'hola', 'es', 'x')$q$, 'P0001', 'invalid_input');
select tests.throws('a bad target language is invalid input',
    $q$select public.apply_translation('a0000000-0000-4000-8000-000000000001', 'hola', 'spanish')$q$, 'P0001', 'invalid_input');
select tests.throws('an unknown message is message_not_found',
    $q$select public.apply_translation(gen_random_uuid(), 'hola', 'es')$q$, 'P0002', 'message_not_found');
reset role;
select tests.eq('the failure is stored and the old translation cleared',
    (select coalesce(translated_body, '-') || '/' || target_lang || '/' || translation_error from public.messages
     where id = 'a0000000-0000-4000-8000-000000000001'), '-/es/libretranslate: HTTP 500');

-- With a stand-in for pg_net's net.http_post that records its calls.
create schema net;
create table net.calls (n serial primary key, url text, body jsonb, headers jsonb);
create function net.http_post(url text, body jsonb default '{}', params jsonb default '{}',
                              headers jsonb default '{}', timeout_milliseconds integer default 5000)
returns bigint
language sql
as $$ insert into net.calls (url, body, headers) values ($1, $2, $4) returning n::bigint $$;
select set_config('app.settings.translate_function_url', 'http://functions.test/functions/v1/translate', false);
select set_config('app.settings.translate_service_role_key', 'service-key', false);

select tests.act_as('A');
select tests.put('s5', r->>'id'), tests.put('c5', r->>'code') from (select public.create_session('Alice', 'en') r) x;
insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
values ('a5000000-0000-4000-8000-000000000001', tests.get('s5')::uuid, tests.uid('A'), 1, 'Anyone there?', 'en');
select tests.act_as('super');
select tests.eq('alone in the session: no translation is requested', (select count(*) from net.calls), 0::bigint);
select tests.act_as('B');
select public.join_session(tests.get('c5'), 'Bob', 'es');
select tests.act_as('super');
select tests.eq('the partner''s join requests the backlog''s translation',
    (select body from net.calls order by n desc limit 1),
    jsonb_build_object('message_id', 'a5000000-0000-4000-8000-000000000001', 'text', 'Anyone there?', 'source', 'en', 'target', 'es'));
select tests.eq('…from the configured function URL with the service role key',
    (select url || ' ' || (headers->>'Authorization') from net.calls order by n desc limit 1),
    'http://functions.test/functions/v1/translate Bearer service-key');
select tests.act_as('B');
insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
values ('b5000000-0000-4000-8000-000000000001', tests.get('s5')::uuid, tests.uid('B'), 1, 'Sí, aquí estoy', 'es');
select tests.act_as('super');
select tests.eq('a new message requests its translation into the partner''s language',
    (select body->>'message_id' || ' ' || (body->>'target') from net.calls order by n desc limit 1),
    'b5000000-0000-4000-8000-000000000001 en');
select tests.put('calls', (select count(*)::text from net.calls));
update public.messages set translation_error = 'provider down' where id = 'b5000000-0000-4000-8000-000000000001';
select tests.act_as('A');
select public.retranslate('b5000000-0000-4000-8000-000000000001');
select tests.act_as('super');
select tests.eq('retranslate requests it again',
    (select count(*) from net.calls) - tests.get('calls')::bigint, 1::bigint);
select tests.put('calls', (select count(*)::text from net.calls));
select tests.act_as('A');
select public.retranslate('b5000000-0000-4000-8000-000000000001');
select tests.act_as('super');
select tests.eq('retranslate while that translation is pending requests nothing more',
    (select count(*) from net.calls) - tests.get('calls')::bigint, 0::bigint);

-- Same language on both sides: marked, nothing requested.
select tests.act_as('A');
select tests.put('s6', r->>'id'), tests.put('c6', r->>'code') from (select public.create_session('Alice', 'en') r) x;
select tests.act_as('C');
select public.join_session(tests.get('c6'), 'Carol', 'en');
select tests.act_as('super');
select tests.put('calls', (select count(*)::text from net.calls));
select tests.act_as('C');
insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
values ('c6000000-0000-4000-8000-000000000001', tests.get('s6')::uuid, tests.uid('C'), 1, 'Hi', 'en');
select tests.act_as('super');
select tests.eq('same language: target_lang = source_lang and no request',
    (select coalesce(target_lang, '-') || ' ' || ((select count(*) from net.calls) - tests.get('calls')::bigint)
     from public.messages where id = 'c6000000-0000-4000-8000-000000000001'), 'en 0');

-- Not configured: the reader sees why.
select set_config('app.settings.translate_function_url', '', false);
select tests.act_as('A');
insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
values ('a5000000-0000-4000-8000-000000000002', tests.get('s5')::uuid, tests.uid('A'), 2, 'Hello?', 'en');
select tests.act_as('super');
select tests.eq('without a function URL the message records why',
    (select target_lang || ' ' || translation_error from public.messages where id = 'a5000000-0000-4000-8000-000000000002'),
    'es translation is not configured on this project');

select set_config('app.settings.translate_service_role_key', '', false);
drop schema net cascade;

select tests.act_as('super');
\unset QUIET
