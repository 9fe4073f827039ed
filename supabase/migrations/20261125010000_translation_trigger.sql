-- Hosted translation pipeline (docs/features/translation.md, "Hosted Supabase").
--
-- What session-server does in-process, a hosted project does with a trigger and an Edge Function:
--
--   insert into messages ─┐
--   a participant joins  ─┼─> public.request_translation(message_id)
--   retranslate (error    │     · partner not there yet        → nothing (the join does it later)
--   cleared)             ─┘     · partner writes the same lang → target_lang = source_lang
--                               · otherwise net.http_post(<translate function>,
--                                   {message_id, text, source, target}, service-role bearer)
--                                 queued by pg_net, sent after commit (asynchronously)
--   supabase/functions/translate ── translates ──> rpc('apply_translation', …) with the
--                                                   service role → UPDATE → Realtime UPDATE
--
-- Configuration (either one; Vault wins):
--   select vault.create_secret('https://<ref>.supabase.co/functions/v1/translate', 'translate_function_url');
--   select vault.create_secret('<service role key>', 'translate_service_role_key');
-- or, where Vault is not available, database settings:
--   alter database postgres set app.settings.translate_function_url = '…';
--   alter database postgres set app.settings.translate_service_role_key = '…';
--
-- Without pg_net (a plain PostgreSQL such as scripts/test-postgres.sh) the triggers do nothing:
-- request_translation checks to_regproc('net.http_post') on every call and calls it through
-- dynamic SQL, so this file also applies where the extension does not exist.

do $$
begin
    if exists (select 1 from pg_available_extensions where name = 'pg_net') then
        create extension if not exists pg_net;
    end if;
end;
$$;

-- A pipeline setting: the Vault secret of that name, else the GUC app.settings.<name>.
create function public.translation_setting(name text)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    value text;
begin
    if to_regclass('vault.decrypted_secrets') is not null then
        execute 'select decrypted_secret from vault.decrypted_secrets where name = $1 order by created_at desc limit 1'
           into value using translation_setting.name;
    end if;
    return coalesce(nullif(value, ''), nullif(current_setting('app.settings.' || translation_setting.name, true), ''));
end;
$$;

-- Asks the translate function for one message, if there is something to translate.
create function public.request_translation(message_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
    m public.messages;
    partner_lang text;
    fn_url text;
    fn_key text;
begin
    if to_regproc('net.http_post') is null then
        return;
    end if;
    select * into m from public.messages where id = request_translation.message_id;
    if not found or m.translated_body is not null then
        return;
    end if;
    select p.language into partner_lang
      from public.participants p
     where p.session_id = m.session_id and p.user_id <> m.sender_id
     order by p.joined_at
     limit 1;
    if partner_lang is null then
        return;
    end if;
    if partner_lang = m.source_lang then
        update public.messages
           set target_lang = m.source_lang, translation_error = null
         where id = m.id and target_lang is distinct from m.source_lang;
        return;
    end if;
    fn_url := public.translation_setting('translate_function_url');
    fn_key := public.translation_setting('translate_service_role_key');
    if fn_url is null or fn_key is null then
        update public.messages
           set target_lang = partner_lang,
               translation_error = 'translation is not configured on this project'
         where id = m.id;
        return;
    end if;
    execute 'select net.http_post(url := $1, body := $2, headers := $3, timeout_milliseconds := $4)'
      using fn_url,
            jsonb_build_object('message_id', m.id, 'text', m.body, 'source', m.source_lang, 'target', partner_lang),
            jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || fn_key),
            30000;
end;
$$;

create function public.messages_request_translation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform public.request_translation(new.id);
    return null;
end;
$$;

-- A first join translates the session's backlog (messages sent while the creator was alone).
create function public.participants_request_translation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    mid uuid;
begin
    for mid in
        select m.id from public.messages m
         where m.session_id = new.session_id and m.sender_id <> new.user_id
           and m.target_lang is null and m.translated_body is null
         order by m.seq
    loop
        perform public.request_translation(mid);
    end loop;
    return null;
end;
$$;

create trigger messages_request_translation
    after insert on public.messages
    for each row execute function public.messages_request_translation();

-- rpc('retranslate') clears translation_error: ask again.
create trigger messages_retranslate
    after update of translation_error on public.messages
    for each row
    when (old.translation_error is not null and new.translation_error is null and new.translated_body is null)
    execute function public.messages_request_translation();

create trigger participants_request_translation
    after insert on public.participants
    for each row execute function public.participants_request_translation();

-- rpc('apply_translation', {message_id, translated_body, target_lang, translation_error}): the
-- translate function writes its result back (service role only). Exactly one of
-- translated_body / translation_error is given.
create function public.apply_translation(message_id uuid, translated_body text, target_lang text,
                                         translation_error text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
    if apply_translation.message_id is null
       or apply_translation.target_lang is null
       or apply_translation.target_lang !~ '^[a-z]{2}$'
       or (apply_translation.translated_body is null) = (apply_translation.translation_error is null) then
        raise exception 'invalid_input';
    end if;
    update public.messages
       set translated_body = apply_translation.translated_body,
           target_lang = apply_translation.target_lang,
           translation_error = left(apply_translation.translation_error, 500)
     where id = apply_translation.message_id;
    if not found then
        raise exception 'message_not_found' using errcode = 'no_data_found';
    end if;
end;
$$;

revoke all on function
    public.translation_setting(text),
    public.request_translation(uuid),
    public.messages_request_translation(),
    public.participants_request_translation(),
    public.apply_translation(uuid, text, text, text)
from public, anon, authenticated, service_role;

grant execute on function public.apply_translation(uuid, text, text, text) to service_role;
