-- messages.detected_lang / translated_by and apply_translation's two optional parameters
-- (migration 20261129010000_message_origin.sql). Run by scripts/test-postgres.sh; the SQLite
-- side is tested in crates/server/src/store/messages.rs.

select tests.act_as('OA');
select tests.put('os', r->>'id') from (select public.create_session('Olga', 'es') r) x;
insert into public.messages (id, session_id, sender_id, client_seq, body, source_lang)
values ('a9000000-0000-4000-8000-000000000001', tests.get('os')::uuid, tests.uid('OA'), 1, 'See you at six', 'es'),
       ('a9000000-0000-4000-8000-000000000002', tests.get('os')::uuid, tests.uid('OA'), 2, 'Bonjour à tous', 'es'),
       ('a9000000-0000-4000-8000-000000000003', tests.get('os')::uuid, tests.uid('OA'), 3, 'مرحبا', 'es');
select tests.act_as('super');
select tests.ok('a new message has neither column yet',
    (select bool_and(detected_lang is null and translated_by is null) from public.messages
     where session_id = tests.get('os')::uuid));
select tests.ok('a client cannot write them (not in the insert grant)',
    not has_column_privilege('authenticated', 'public.messages', 'detected_lang', 'insert')
    and not has_column_privilege('authenticated', 'public.messages', 'translated_by', 'insert'));

set role service_role;
select tests.lives('the three-argument call still works',
    $q$select public.apply_translation('a9000000-0000-4000-8000-000000000002', 'Hola a todos', 'en')$q$);
reset role;
select tests.eq('it leaves both columns null',
    (select coalesce(detected_lang, '-') || '/' || coalesce(translated_by, '-') from public.messages
     where id = 'a9000000-0000-4000-8000-000000000002'), '-/-');
set role service_role;
select tests.lives('a translation with its origin',
    $q$select public.apply_translation('a9000000-0000-4000-8000-000000000002', 'Hello everyone', 'en', null,
                                       'fr', 'apertium fr>es>en')$q$);
select tests.lives('a text already in the reader''s language: neither translation nor error',
    $q$select public.apply_translation('a9000000-0000-4000-8000-000000000001', null, 'en', null, 'en')$q$);
select tests.lives('no route from the detected language',
    $q$select public.apply_translation('a9000000-0000-4000-8000-000000000003', null, 'en', 'no route ar>en', 'ar')$q$);
select tests.throws('neither translation nor error, and the text is in another language',
    $q$select public.apply_translation('a9000000-0000-4000-8000-000000000001', null, 'en', null, 'es')$q$,
    'P0001', 'invalid_input');
select tests.throws('a route without a translation',
    $q$select public.apply_translation('a9000000-0000-4000-8000-000000000003', null, 'en', 'x', 'ar', 'apertium ar>en')$q$,
    'P0001', 'invalid_input');
select tests.throws('a detected language that is no code',
    $q$select public.apply_translation('a9000000-0000-4000-8000-000000000003', 'hi', 'en', null, 'arabic')$q$,
    'P0001', 'invalid_input');
reset role;
select tests.eq('each row records where its text came from',
    (select string_agg(concat_ws('/', coalesce(translated_body, '-'), target_lang, coalesce(translation_error, '-'),
                                 detected_lang, coalesce(translated_by, '-')), ' | ' order by client_seq)
     from public.messages where session_id = tests.get('os')::uuid),
    '-/en/-/en/- | Hello everyone/en/-/fr/apertium fr>es>en | -/en/no route ar>en/ar/-');
set role service_role;
select tests.lives('a later failure without detection keeps the detected language and drops the route',
    $q$select public.apply_translation('a9000000-0000-4000-8000-000000000002', null, 'en', 'apertium: provider timeout')$q$);
reset role;
select tests.eq('the failure kept fr and cleared the route',
    (select detected_lang || '/' || coalesce(translated_by, '-') from public.messages
     where id = 'a9000000-0000-4000-8000-000000000002'), 'fr/-');
