-- rpc('preview_session', {code}) (issue #11 item 5): what a join of `code` by the caller would
-- answer now, without joining, so `/s/CODE` explains an unknown, expired or full session
-- before showing the form, and shows who invites to an open one (docs/contracts.md §3).
--
-- Answers json {status, inviter_name, inviter_language, expires_at}: status `open` (a join
-- would succeed; a participant's rejoin too) with the creator's name and language and the
-- session's end, which a joiner reads anyway once in; `full`, `expired` or `not_found` with the
-- other three null. Never ids, never the partner's name of a full session.
--
-- Limited exactly as join_session (20261128000000_abuse_limits.sql), on the same lockout row:
-- a locked-out caller who is no participant gets PT429 `too_many_attempts`, and a code that
-- names no session is recorded as a failed join. So previews and joins share one budget and a
-- preview finds codes no faster than a join would. The miss is answered as a normal result,
-- so the recorded failure commits with it.
create function public.preview_session(code text)
returns json
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
    uid uuid := auth.uid();
    wanted text := upper(btrim(preview_session.code));
    s public.sessions;
    member boolean := false;
    inviter public.participants;
    wait_ms bigint;
begin
    if uid is null then
        raise exception 'not signed in' using errcode = 'insufficient_privilege';
    end if;
    if wanted is null or wanted = '' then
        raise exception 'invalid_input';
    end if;

    -- A string that can never be a code names no session, as in join_session.
    if wanted ~ '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$' then
        select * into s from public.sessions where code = wanted;
    end if;
    if s.id is not null then
        member := exists (select 1 from public.participants where session_id = s.id and user_id = uid);
    end if;

    if not member then
        wait_ms := public.join_lockout_wait_ms(uid);
        if wait_ms is not null then
            raise exception using errcode = 'PT429', message = 'too_many_attempts',
                detail = format('retry_after_ms=%s', wait_ms);
        end if;
    end if;
    if s.id is null then
        perform public.record_join_failure(uid);
        return json_build_object('status', 'not_found', 'inviter_name', null, 'inviter_language', null,
                                 'expires_at', null);
    end if;
    if s.ended_at is not null or s.expires_at <= now() then
        return json_build_object('status', 'expired', 'inviter_name', null, 'inviter_language', null,
                                 'expires_at', null);
    end if;
    -- A participant who left still holds their place, so count every row (as join_session).
    if not member and (select count(*) from public.participants where session_id = s.id) >= 2 then
        return json_build_object('status', 'full', 'inviter_name', null, 'inviter_language', null,
                                 'expires_at', null);
    end if;

    select * into inviter from public.participants where session_id = s.id and user_id = s.created_by;
    return json_build_object('status', 'open', 'inviter_name', inviter.display_name,
                             'inviter_language', inviter.language, 'expires_at', s.expires_at);
end;
$$;

revoke all on function public.preview_session(text) from public, anon, authenticated;
grant execute on function public.preview_session(text) to authenticated, service_role;
