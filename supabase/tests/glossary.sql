-- The per-session glossary (migration 20261129020000_glossary.sql): who may read, pin and
-- unpin terms, the upsert by folded term, the bounds and the limit. Run by
-- scripts/test-postgres.sh after preview_session.sql; the same rules are tested against
-- session-server in crates/server/tests/glossary.rs.

select tests.act_as('super');
select tests.ok('RLS is enabled on glossary_terms',
    (select relrowsecurity from pg_class where oid = 'public.glossary_terms'::regclass));
select tests.ok('anon has no privilege on glossary_terms',
    not has_table_privilege('anon', 'public.glossary_terms', 'select,insert,update,delete,truncate'));
select tests.ok(format('authenticated may not %s glossary_terms directly', priv),
    not has_table_privilege('authenticated', 'public.glossary_terms', priv))
from unnest(array['insert', 'update', 'delete', 'truncate']) priv;
select tests.ok(format('%s is SECURITY DEFINER, fixed search_path, executable by authenticated only', f),
    p.prosecdef and exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%')
    and has_function_privilege('authenticated', p.oid, 'execute')
    and not has_function_privilege('anon', p.oid, 'execute')
    and not exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0))
from unnest(array['public.pin_term(uuid, text, text)', 'public.unpin_term(uuid, uuid)']) f
join pg_proc p on p.oid = f::regprocedure;
select tests.eq('glossary_terms is not in the realtime publication (changes travel as a broadcast)',
    (select count(*) from pg_publication_tables where pubname = 'supabase_realtime' and tablename = 'glossary_terms'),
    0::bigint);

-- A session of GA and GB; GX is in none.
select tests.act_as('GA');
select tests.put('gs', r->>'id') from (select public.create_session('Gia', 'en') r) x;
select tests.put('gcode', (select code from public.sessions where id = tests.get('gs')::uuid));
select tests.act_as('GB');
select public.join_session(tests.get('gcode'), 'Gus', 'es');
select tests.act_as('super');

-- Pins as `who`: `term=translation` (translation `-` for keep as is) or the raised SQLSTATE and message.
create function tests.pin_as(who text, term text, translation text)
returns text
language plpgsql
as $$
declare
    r json;
    st text;
    msg text;
begin
    perform tests.act_as(who);
    r := public.pin_term(tests.get('gs')::uuid, term, translation);
    perform tests.act_as('super');
    return (r->>'term') || '=' || coalesce(r->>'translation', '-');
exception when others then
    get stacked diagnostics st = returned_sqlstate, msg = message_text;
    perform tests.act_as('super');
    return st || ' ' || msg;
end;
$$;

select tests.eq('a participant pins a name kept as is (trimmed)', tests.pin_as('GA', '  Rosa ', null), 'Rosa=-');
select tests.eq('the partner pins a fixed translation', tests.pin_as('GB', 'Sol', 'Sol'), 'Sol=Sol');
select tests.eq('pinning again in another case replaces the term',
    tests.pin_as('GB', 'ROSA', 'Rose'), 'ROSA=Rose');
select tests.eq('…in place: still two terms, the same id, the new pinner',
    (select count(*)::text || ' ' || bool_and(created_by = tests.uid('GB'))::text
       from public.glossary_terms where session_id = tests.get('gs')::uuid),
    '2 true');
select tests.eq('an empty term is invalid_input', tests.pin_as('GA', '   ', null), 'P0001 invalid_input');
select tests.eq('a blank translation is invalid_input', tests.pin_as('GA', 'Sol', ' '), 'P0001 invalid_input');
select tests.eq('a 101-character term is invalid_input', tests.pin_as('GA', repeat('é', 101), null),
    'P0001 invalid_input');
select tests.eq('a 100-character term fits', tests.pin_as('GA', repeat('é', 100), null), repeat('é', 100) || '=-');
select tests.eq('a non-participant may not pin', tests.pin_as('GX', 'Eve', null),
    '42501 not a participant of this session');
select tests.ok('anon may not pin', tests.pin_as('anon', 'Eve', null) like '42501 %');

-- Reads: participants see the list, nobody else does.
select tests.act_as('GB');
select tests.put('gn_b', (select count(*)::text from public.glossary_terms));
select tests.act_as('GX');
select tests.put('gn_x', (select count(*)::text from public.glossary_terms));
select tests.act_as('super');
select tests.eq('a participant reads the session''s terms', tests.get('gn_b'), '3');
select tests.eq('a non-participant reads none', tests.get('gn_x'), '0');
select tests.act_as('GA');
select tests.throws('a direct insert is refused',
    format($q$insert into public.glossary_terms (session_id, created_by, term) values (%L, %L, 'x')$q$,
           tests.get('gs'), tests.uid('GA')), '42501');
select tests.throws('a direct delete is refused', $q$delete from public.glossary_terms$q$, '42501');

-- Unpinning.
select tests.act_as('super');
select tests.put('gsol', (select id::text from public.glossary_terms where term = 'Sol'));
select tests.act_as('GX');
select tests.throws('a non-participant may not unpin',
    format('select public.unpin_term(%L, %L)', tests.get('gs'), tests.get('gsol')), '42501');
select tests.act_as('GA');
select tests.lives('a participant unpins the partner''s term',
    format('select public.unpin_term(%L, %L)', tests.get('gs'), tests.get('gsol')));
select tests.lives('unpinning it again changes nothing',
    format('select public.unpin_term(%L, %L)', tests.get('gs'), tests.get('gsol')));
select tests.act_as('super');
select tests.eq('the term is gone', (select count(*) from public.glossary_terms where term = 'Sol'), 0::bigint);

-- The limit: 50 terms per session; replacing a pinned one is not one more.
select tests.act_as('GA');
select public.pin_term(tests.get('gs')::uuid, 'limit ' || i, null) from generate_series(1, 48) i;
select tests.act_as('super');
select tests.eq('the session holds 50 terms',
    (select count(*) from public.glossary_terms where session_id = tests.get('gs')::uuid), 50::bigint);
select tests.eq('a 51st term is too_many_terms', tests.pin_as('GA', 'one more', null), 'P0001 too_many_terms');
select tests.eq('replacing a pinned term at the limit works', tests.pin_as('GA', 'LIMIT 1', 'x'), 'LIMIT 1=x');

-- Ending the session removes nothing by itself, but deleting the session cascades.
delete from public.sessions where id = tests.get('gs')::uuid;
select tests.eq('deleting the session deletes its terms',
    (select count(*) from public.glossary_terms where session_id = tests.get('gs')::uuid), 0::bigint);
