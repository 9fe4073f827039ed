-- The per-session glossary (issue #10 item 7, docs/features/glossary.md): terms either
-- participant pinned, kept as written (`translation` null) or always translated as fixed. The
-- translation function applies them to every message of the session. Mirrored in SQLite by
-- crates/server/migrations/0005_glossary.sql and crates/server/src/store/glossary.rs.
--
-- Clients read the table (participants only, under RLS) and write it only through
-- rpc('pin_term') and rpc('unpin_term'); the partner hears of a change through the channel's
-- `glossary` broadcast, not postgres_changes (docs/contracts.md §3), so the table is not in the
-- realtime publication.

create table public.glossary_terms (
    id          uuid primary key default gen_random_uuid(),
    session_id  uuid not null references public.sessions(id) on delete cascade,
    created_by  uuid not null,
    term        text not null check (char_length(term) between 1 and 100),
    translation text check (char_length(translation) between 1 and 100),
    created_at  timestamptz not null default now()
);

-- One term per session and folded spelling (`Rosa`, `ROSA`).
create unique index glossary_terms_session_term on public.glossary_terms (session_id, lower(term));

alter table public.glossary_terms enable row level security;

create policy "participants read their session's glossary"
    on public.glossary_terms for select to authenticated
    using (public.is_participant(session_id));

-- No write policies and no write privileges: the RPCs below add and remove terms, so a direct
-- write fails with 42501 instead of silently matching zero rows.
revoke all on table public.glossary_terms from public, anon, authenticated;
grant select on table public.glossary_terms to authenticated;
grant all on table public.glossary_terms to service_role;

-- rpc('pin_term', {session_id, term, translation}): pins `term` (trimmed, 1 to 100 characters)
-- for the session, kept as written when `translation` is null, else translated as it (trimmed,
-- 1 to 100). A term already pinned in another case is replaced: new spelling, translation and
-- pinner, same id. Answers the row. Raises 42501 for a non-participant, `invalid_input` for a
-- bad term or translation, `too_many_terms` when the session already has max_terms terms.
create function public.pin_term(session_id uuid, term text, translation text default null)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
    uid uuid := auth.uid();
    max_terms constant integer := 50;
    new_term text := btrim(pin_term.term);
    new_translation text := btrim(pin_term.translation);
    row_ public.glossary_terms;
begin
    if uid is null or not public.is_participant(pin_term.session_id) then
        raise exception 'not a participant of this session' using errcode = 'insufficient_privilege';
    end if;
    if new_term is null or char_length(new_term) not between 1 and 100
       or (new_translation is not null and char_length(new_translation) not between 1 and 100) then
        raise exception 'invalid_input';
    end if;

    -- Pins of one session take turns, so two at once cannot pass the limit together.
    perform 1 from public.sessions s where s.id = pin_term.session_id for update;

    update public.glossary_terms g
       set term = new_term, translation = new_translation, created_by = uid
     where g.session_id = pin_term.session_id and lower(g.term) = lower(new_term)
    returning * into row_;
    if row_.id is null then
        if (select count(*) from public.glossary_terms g where g.session_id = pin_term.session_id) >= max_terms then
            raise exception 'too_many_terms'
                using detail = format('a session may pin at most %s terms', max_terms);
        end if;
        insert into public.glossary_terms (session_id, created_by, term, translation)
        values (pin_term.session_id, uid, new_term, new_translation)
        returning * into row_;
    end if;
    return row_to_json(row_);
end;
$$;

-- rpc('unpin_term', {session_id, term_id}): removes a term of the session (either participant
-- may). A term that is not there changes nothing. Raises 42501 for a non-participant.
create function public.unpin_term(session_id uuid, term_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
    if auth.uid() is null or not public.is_participant(unpin_term.session_id) then
        raise exception 'not a participant of this session' using errcode = 'insufficient_privilege';
    end if;
    delete from public.glossary_terms g
     where g.id = unpin_term.term_id and g.session_id = unpin_term.session_id;
end;
$$;

revoke all on function public.pin_term(uuid, text, text), public.unpin_term(uuid, uuid)
    from public, anon, authenticated;
grant execute on function public.pin_term(uuid, text, text), public.unpin_term(uuid, uuid)
    to authenticated, service_role;
