-- Where a message's translation came from (issue #10, docs/contracts.md §1), as the SQLite
-- migration crates/server/migrations/0004_message_origin.sql: the language the pipeline
-- translated from (detected in the text, or the sender's setting when detection was unsure)
-- and which engine and route produced translated_body (`apertium fr>es>en`). Null until the
-- pipeline has run, and in messages stored before this migration.
alter table public.messages add column detected_lang text
    check (detected_lang ~ '^[a-z]{2}$');
alter table public.messages add column translated_by text
    check (char_length(translated_by) between 1 and 200);

-- rpc('apply_translation', {message_id, translated_body, target_lang, translation_error,
-- detected_lang, translated_by}): the two new parameters are optional and trailing, so the
-- three- and four-argument calls of the translate function keep working (both columns null).
-- One UPDATE stores the result and its origin, so the Realtime record, a catch-up and the
-- export agree. Besides a translation or an error, a text already in the reader's language is
-- stored with neither: detected_lang = target_lang says so. translated_by names a translation,
-- so it comes only with translated_body.
drop function public.apply_translation(uuid, text, text, text);
create function public.apply_translation(message_id uuid, translated_body text, target_lang text,
                                         translation_error text default null,
                                         detected_lang text default null,
                                         translated_by text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
    already_in_target boolean := apply_translation.detected_lang is not distinct from apply_translation.target_lang
                                 and apply_translation.translated_body is null
                                 and apply_translation.translation_error is null;
begin
    if apply_translation.message_id is null
       or apply_translation.target_lang is null
       or apply_translation.target_lang !~ '^[a-z]{2}$'
       or (apply_translation.detected_lang is not null and apply_translation.detected_lang !~ '^[a-z]{2}$')
       or (apply_translation.translated_by is not null and apply_translation.translated_body is null)
       or (not already_in_target
           and (apply_translation.translated_body is null) = (apply_translation.translation_error is null)) then
        raise exception 'invalid_input';
    end if;
    update public.messages
       set translated_body = apply_translation.translated_body,
           target_lang = apply_translation.target_lang,
           translation_error = left(apply_translation.translation_error, 500),
           detected_lang = coalesce(apply_translation.detected_lang, detected_lang),
           translated_by = left(apply_translation.translated_by, 200)
     where id = apply_translation.message_id;
    if not found then
        raise exception 'message_not_found' using errcode = 'no_data_found';
    end if;
end;
$$;

revoke all on function public.apply_translation(uuid, text, text, text, text, text)
from public, anon, authenticated, service_role;
grant execute on function public.apply_translation(uuid, text, text, text, text, text) to service_role;
