-- rpc('retranslate') for current participants only (issue #9): a participant who left the
-- session no longer asks for its messages to be translated again, and is refused like a
-- stranger (an unknown id too, so the call still cannot probe which message ids exist).
-- Nothing is queued unless a recorded failure is cleared, as before: the update touches only a
-- row with translation_error set, and the messages_retranslate trigger fires only when that
-- value goes to null, so a pending or finished translation is never asked for twice.
create or replace function public.retranslate(message_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
    sid uuid;
begin
    select m.session_id into sid from public.messages m where m.id = retranslate.message_id;
    if sid is null or not exists (
        select 1
          from public.participants p
         where p.session_id = sid
           and p.user_id = auth.uid()
           and p.left_at is null
    ) then
        raise exception 'not a participant of this session' using errcode = 'insufficient_privilege';
    end if;
    update public.messages
       set translation_error = null
     where id = retranslate.message_id and translation_error is not null;
end;
$$;
