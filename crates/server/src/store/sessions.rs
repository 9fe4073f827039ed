//! Sessions: creating one (with its creator as first participant) and joining by code.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use rusqlite::Connection;
use session_sync::domain::{self, Participant, PreviewStatus, Session, SessionError, SessionPreview};
use uuid::Uuid;

use crate::changes::{Change, ChangeKind};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::store::rate_limit::{self, LockoutPolicy};
use crate::store::{change, rows};

/// A fresh code from the OS's randomness.
pub fn random_code() -> String {
    let mut bytes = [0u8; domain::CODE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    domain::code_from_random(bytes)
}

/// Refuses a session that has ended or whose lifetime is over at `now`.
pub fn ensure_open(session: &Session, now: DateTime<Utc>) -> Result<(), SessionError> {
    let expired = clock::parse(&session.expires_at).is_none_or(|at| at <= now);
    if session.ended_at.is_some() || expired {
        return Err(SessionError::SessionExpired);
    }
    Ok(())
}

/// A display name and language as a person entered them: the name trimmed, both checked.
pub fn check_profile(display_name: &str, language: &str) -> Result<(String, String), SessionError> {
    if !domain::is_valid_display_name(display_name) || !domain::is_language_code(language) {
        return Err(SessionError::InvalidInput);
    }
    Ok((display_name.trim().to_owned(), language.to_owned()))
}

fn insert_participant(
    conn: &Connection,
    session_id: Uuid,
    user_id: Uuid,
    display_name: &str,
    language: &str,
    now: DateTime<Utc>,
) -> ApiResult<(Participant, Change)> {
    let participant = Participant {
        session_id,
        user_id,
        display_name: display_name.to_owned(),
        language: language.to_owned(),
        joined_at: clock::pg_timestamp(now),
        left_at: None,
        delivered_seq: 0,
        read_seq: 0,
    };
    conn.prepare_cached(
        "INSERT INTO participants (session_id, user_id, display_name, language, joined_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![
        session_id.to_string(),
        user_id.to_string(),
        participant.display_name,
        participant.language,
        participant.joined_at
    ])?;
    let change = change(conn, "participants", ChangeKind::Insert, session_id, rows::to_json(&participant), None, now)?;
    Ok((participant, change))
}

/// Creates a session that lives `SESSION_TTL_SECS` from `now`, with `user` as its first
/// participant. `next_code` proposes codes; a code already taken is simply drawn again.
pub fn create_session(
    conn: &Connection,
    user: Uuid,
    display_name: &str,
    language: &str,
    now: DateTime<Utc>,
    next_code: impl FnMut() -> String,
) -> ApiResult<(Session, Vec<Change>)> {
    create_session_with_ttl(conn, user, display_name, language, now, domain::SESSION_TTL_SECS, next_code)
}

/// [`create_session`] with another lifetime (`--session-ttl-secs`, for tests of expiry).
pub fn create_session_with_ttl(
    conn: &Connection,
    user: Uuid,
    display_name: &str,
    language: &str,
    now: DateTime<Utc>,
    ttl_secs: i64,
    mut next_code: impl FnMut() -> String,
) -> ApiResult<(Session, Vec<Change>)> {
    let (display_name, language) = check_profile(display_name, language)?;
    let mut session = None;
    // 31^6 ≈ 887 million codes: a handful of draws only fails if the generator is broken.
    for _ in 0..16 {
        let code = next_code();
        if rows::session_by_code(conn, &code)?.is_none() {
            session = Some(Session {
                id: Uuid::new_v4(),
                code,
                created_by: user,
                created_at: clock::pg_timestamp(now),
                expires_at: clock::pg_timestamp(now + Duration::seconds(ttl_secs)),
                ended_at: None,
            });
            break;
        }
    }
    let session = session.ok_or_else(|| ApiError::internal("could not find a free session code"))?;
    conn.prepare_cached(
        "INSERT INTO sessions (id, code, created_by, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![
        session.id.to_string(),
        session.code,
        user.to_string(),
        session.created_at,
        session.expires_at
    ])?;
    let (_, change) = insert_participant(conn, session.id, user, &display_name, &language, now)?;
    Ok((session, vec![change]))
}

/// The stable code (in `message`, as the session errors) of a join refused by a lockout: 429
/// with the wait in `Retry-After` and as `retry_after_ms=N` in `details`. supabase/migrations
/// raises the same (SQLSTATE PT429, which PostgREST answers with 429).
pub const TOO_MANY_ATTEMPTS: &str = "too_many_attempts";

/// The stable code of a `create_session` over the creation rate (config `create_*`), answered
/// like [`TOO_MANY_ATTEMPTS`].
pub const TOO_MANY_SESSIONS: &str = "too_many_sessions";

/// The failed-join lockouts a join runs under: the caller's keys (its user, its address), each
/// with its policy. No keys: no limit.
#[derive(Debug, Clone, Default)]
pub struct JoinGuard {
    keys: Vec<(String, LockoutPolicy)>,
}

impl JoinGuard {
    pub fn new(user: Uuid, client: &str, (per_user, per_client): (LockoutPolicy, LockoutPolicy)) -> Self {
        JoinGuard { keys: vec![(format!("join:user:{user}"), per_user), (format!("join:ip:{client}"), per_client)] }
    }

    /// Refuses the join while any key is locked out, with the longest wait.
    fn check(&self, conn: &Connection, now_ms: i64) -> ApiResult<()> {
        let mut wait = None;
        for (key, policy) in &self.keys {
            wait = wait.max(policy.wait_ms(rate_limit::failures(conn, key)?, now_ms));
        }
        match wait {
            Some(ms) => Err(ApiError::rate_limited("PT429", TOO_MANY_ATTEMPTS, ms)),
            None => Ok(()),
        }
    }

    fn record_failure(&self, conn: &Connection, now_ms: i64) -> rusqlite::Result<()> {
        for (key, policy) in &self.keys {
            rate_limit::record_failure(conn, key, *policy, now_ms)?;
        }
        Ok(())
    }
}

/// Joins the session with code `code` (any case, surrounding spaces ignored), as
/// [`join_session_guarded`] without lockouts: the join rules alone, for tests.
#[cfg(test)]
pub fn join_session(
    conn: &Connection,
    user: Uuid,
    code: &str,
    display_name: &str,
    language: &str,
    now: DateTime<Utc>,
) -> ApiResult<(Session, Vec<Change>)> {
    join_session_guarded(conn, user, &JoinGuard::default(), code, display_name, language, now)
}

/// Joins the session with code `code` (any case, surrounding spaces ignored).
///
/// Joining again as a participant is a no-op returning the session (a reload rejoins), except
/// that a participant who had left is back (`left_at` cleared), which the partner hears as an
/// UPDATE. The name and language of the first join are kept. A participant who left still
/// holds their place, so a third person cannot take it.
///
/// Everyone else is refused while `guard` has them locked out, and a code that names no
/// session counts as a failure: it is recorded in `conn` before `session_not_found` is
/// returned, so the caller commits even that error. Expired and full sessions do not count:
/// their codes exist, so they are no guess that missed, and an old link must not lock a person
/// out. A participant's rejoin is never refused: a reload must work during a lockout.
pub fn join_session_guarded(
    conn: &Connection,
    user: Uuid,
    guard: &JoinGuard,
    code: &str,
    display_name: &str,
    language: &str,
    now: DateTime<Utc>,
) -> ApiResult<(Session, Vec<Change>)> {
    if code.trim().is_empty() {
        return Err(SessionError::InvalidInput.into());
    }
    let (display_name, language) = check_profile(display_name, language)?;
    let Some((session, existing)) = find_for_join(conn, user, guard, code, now)? else {
        return Err(SessionError::SessionNotFound.into());
    };
    ensure_open(&session, now)?;

    if let Some(existing) = existing {
        let mut changes = Vec::new();
        if existing.left_at.is_some() {
            conn.prepare_cached("UPDATE participants SET left_at = NULL WHERE session_id = ?1 AND user_id = ?2")?
                .execute([session.id.to_string(), user.to_string()])?;
            let record = Participant { left_at: None, ..existing };
            changes.push(participant_update(conn, &record, now)?);
        }
        return Ok((session, changes));
    }

    if participant_count(conn, session.id)? >= domain::MAX_PARTICIPANTS {
        return Err(SessionError::SessionFull.into());
    }
    let (_, change) = insert_participant(conn, session.id, user, &display_name, &language, now)?;
    Ok((session, vec![change]))
}

/// What a join of `code` by `user` would answer now, without joining: `/s/CODE` shows it
/// before the form (docs/contracts.md §3 `preview_session`). `open` carries the creator's name
/// and language and the session's end, which a joiner reads anyway once in; every other status
/// carries nothing.
///
/// Limited exactly as [`join_session_guarded`]: the same `guard` (the same keys, so previews and
/// joins share one budget), a code that names no session recorded as a failure (the caller
/// commits it with the answer), a locked-out caller refused unless already a participant. So a
/// preview finds codes no faster than a join would.
pub fn preview_session(
    conn: &Connection,
    user: Uuid,
    guard: &JoinGuard,
    code: &str,
    now: DateTime<Utc>,
) -> ApiResult<SessionPreview> {
    if code.trim().is_empty() {
        return Err(SessionError::InvalidInput.into());
    }
    let Some((session, existing)) = find_for_join(conn, user, guard, code, now)? else {
        return Ok(SessionPreview::closed(PreviewStatus::NotFound));
    };
    if ensure_open(&session, now).is_err() {
        return Ok(SessionPreview::closed(PreviewStatus::Expired));
    }
    if existing.is_none() && participant_count(conn, session.id)? >= domain::MAX_PARTICIPANTS {
        return Ok(SessionPreview::closed(PreviewStatus::Full));
    }
    let inviter = rows::participant(conn, session.id, session.created_by)?;
    Ok(SessionPreview {
        status: PreviewStatus::Open,
        inviter_name: inviter.as_ref().map(|p| p.display_name.clone()),
        inviter_language: inviter.map(|p| p.language),
        expires_at: Some(session.expires_at),
    })
}

/// The session `code` names and `user`'s participants row in it, once `guard` lets the caller
/// try: everyone but a participant waits out a lockout. A code that names no session (or can
/// never be a code) is recorded as a failure before `None` is returned.
fn find_for_join(
    conn: &Connection,
    user: Uuid,
    guard: &JoinGuard,
    code: &str,
    now: DateTime<Utc>,
) -> ApiResult<Option<(Session, Option<Participant>)>> {
    let session = match domain::normalize_code(code) {
        Some(code) => rows::session_by_code(conn, &code)?,
        None => None,
    };
    let existing = match &session {
        Some(session) => rows::participant(conn, session.id, user)?,
        None => None,
    };
    let now_ms = now.timestamp_millis();
    if existing.is_none() {
        guard.check(conn, now_ms)?;
    }
    if session.is_none() {
        guard.record_failure(conn, now_ms)?;
    }
    Ok(session.map(|session| (session, existing)))
}

/// Every participants row of the session counts, also of those who left: they keep their place.
fn participant_count(conn: &Connection, session_id: Uuid) -> rusqlite::Result<usize> {
    conn.prepare_cached("SELECT count(*) FROM participants WHERE session_id = ?1")?
        .query_row([session_id.to_string()], |row| row.get::<_, i64>(0))
        .map(|n| n as usize)
}

/// The UPDATE change of a participants row; the old record is its primary key.
pub fn participant_update(conn: &Connection, record: &Participant, now: DateTime<Utc>) -> rusqlite::Result<Change> {
    change(
        conn,
        "participants",
        ChangeKind::Update,
        record.session_id,
        rows::to_json(record),
        Some(serde_json::json!({"session_id": record.session_id, "user_id": record.user_id})),
        now,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    fn t(s: &str) -> DateTime<Utc> {
        clock::parse(s).unwrap()
    }

    fn codes(list: &[&str]) -> impl FnMut() -> String {
        let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        list.reverse();
        move || list.pop().expect("enough codes")
    }

    #[test]
    fn create_then_join_until_full() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = t("2026-01-01T00:00:00Z");
            let (a, b, x) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
            let (s, changes) = create_session(c, a, " Ann ", "en", now, codes(&["ABCDEF"])).unwrap();
            assert_eq!(s.code, "ABCDEF");
            assert_eq!(s.expires_at, "2026-01-02T00:00:00.000000+00:00");
            assert_eq!(changes[0].record["display_name"], "Ann");
            assert_eq!(changes[0].audience, vec![a]);

            let (joined, changes) = join_session(c, b, "abcdef", "Bo", "es", now).unwrap();
            assert_eq!(joined, s);
            assert_eq!(changes.len(), 1);
            assert_eq!(changes[0].kind, ChangeKind::Insert);
            assert_eq!(changes[0].audience.len(), 2);

            let (again, changes) = join_session(c, b, "ABCDEF", "Bo", "es", now).unwrap();
            assert_eq!(again, s);
            assert!(changes.is_empty(), "a rejoin changes nothing");

            let err = join_session(c, x, "ABCDEF", "Xi", "fr", now).unwrap_err();
            assert_eq!(err.message, "session_full");
        });
    }

    #[test]
    fn code_collisions_draw_again() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = t("2026-01-01T00:00:00Z");
            create_session(c, Uuid::new_v4(), "A", "en", now, codes(&["AAAAAA"])).unwrap();
            let (s, _) = create_session(c, Uuid::new_v4(), "B", "en", now, codes(&["AAAAAA", "BBBBBB"])).unwrap();
            assert_eq!(s.code, "BBBBBB");
        });
    }

    #[test]
    fn join_errors_carry_stable_codes() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = t("2026-01-01T00:00:00Z");
            let a = Uuid::new_v4();
            create_session(c, a, "A", "en", now, codes(&["ABCDEF"])).unwrap();
            let msg = |r: ApiResult<(Session, Vec<Change>)>| r.unwrap_err().message;
            assert_eq!(msg(join_session(c, Uuid::new_v4(), "ZZZZZZ", "B", "es", now)), "session_not_found");
            assert_eq!(msg(join_session(c, Uuid::new_v4(), "nope", "B", "es", now)), "session_not_found");
            assert_eq!(msg(join_session(c, Uuid::new_v4(), "", "B", "es", now)), "invalid_input");
            assert_eq!(msg(join_session(c, Uuid::new_v4(), "ABCDEF", " ", "es", now)), "invalid_input");
            assert_eq!(msg(join_session(c, Uuid::new_v4(), "ABCDEF", "B", "spanish", now)), "invalid_input");
            let later = t("2026-01-02T00:00:00Z");
            assert_eq!(msg(join_session(c, Uuid::new_v4(), "ABCDEF", "B", "es", later)), "session_expired");
            assert_eq!(msg(join_session(c, a, "ABCDEF", "A", "en", later)), "session_expired");
            let just_before = t("2026-01-01T23:59:59Z");
            assert!(join_session(c, Uuid::new_v4(), "ABCDEF", "B", "es", just_before).is_ok());
        });
    }

    #[test]
    fn wrong_codes_lock_out_every_join_but_a_participants_rejoin() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = t("2026-01-01T00:00:00Z");
            let (a, b, x) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
            create_session(c, a, "A", "en", now, codes(&["ABCDEF"])).unwrap();
            create_session(c, b, "B", "en", now, codes(&["GHJKMN"])).unwrap();
            let policy =
                LockoutPolicy { free_failures: 2, first_lockout_ms: 1_000, max_lockout_ms: 60_000, quiet_ms: 600_000 };
            let guard =
                |user| JoinGuard::new(user, "203.0.113.9", (policy, LockoutPolicy { free_failures: 100, ..policy }));
            let join = |user, code: &str, at| join_session_guarded(c, user, &guard(user), code, "X", "fr", at);
            assert_eq!(join(x, "ZZZZZZ", now).unwrap_err().message, "session_not_found");
            assert_eq!(join(x, "nope", now).unwrap_err().message, "session_not_found", "not even a code: counts");
            assert_eq!(join(x, "ZZZZZZ", now).unwrap_err().message, "session_not_found");
            let locked = join(x, "ABCDEF", now).unwrap_err();
            assert_eq!((locked.status.as_u16(), locked.message.as_str()), (429, TOO_MANY_ATTEMPTS));
            assert_eq!(locked.retry_after_ms, Some(1_000), "the right code waits too");
            assert_eq!(join(a, "ABCDEF", now).unwrap().0.code, "ABCDEF", "the creator rejoins");
            let later = now + Duration::milliseconds(1_000);
            assert_eq!(join(x, "ZZZZZZ", later).unwrap_err().message, "session_not_found");
            assert_eq!(join(x, "ABCDEF", later).unwrap_err().retry_after_ms, Some(2_000), "doubled");
            let after = later + Duration::milliseconds(2_000);
            join(x, "ABCDEF", after).unwrap();
            // Now a participant: rejoins pass even when the lockout is back.
            assert_eq!(join(x, "ZZZZZZ", after).unwrap_err().message, "session_not_found");
            assert_eq!(join(x, "GHJKMN", after).unwrap_err().message, TOO_MANY_ATTEMPTS);
            assert!(join(x, "abcdef", after).is_ok());
        });
    }

    #[test]
    fn expired_and_full_sessions_are_no_failed_guesses() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = t("2026-01-01T00:00:00Z");
            create_session(c, Uuid::new_v4(), "A", "en", now, codes(&["ABCDEF"])).unwrap();
            join_session(c, Uuid::new_v4(), "ABCDEF", "B", "es", now).unwrap();
            let x = Uuid::new_v4();
            let policy =
                LockoutPolicy { free_failures: 0, first_lockout_ms: 1_000, max_lockout_ms: 1_000, quiet_ms: 1_000 };
            let guard = JoinGuard::new(x, "ip", (policy, policy));
            let later = t("2026-01-03T00:00:00Z");
            for (at, why) in [(now, "session_full"), (later, "session_expired")] {
                let err = join_session_guarded(c, x, &guard, "ABCDEF", "X", "fr", at).unwrap_err();
                assert_eq!(err.message, why);
            }
            assert_eq!(rate_limit::failures(c, &format!("join:user:{x}")).unwrap().count, 0);
        });
    }

    #[test]
    fn previews_answer_what_a_join_would_without_joining() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = t("2026-01-01T00:00:00Z");
            let (a, b, x) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
            let (s, _) = create_session(c, a, "Ana", "en", now, codes(&["ABCDEF"])).unwrap();
            let preview = |user, code: &str, at| preview_session(c, user, &JoinGuard::default(), code, at);
            let open = preview(x, " abcdef ", now).unwrap();
            assert_eq!(
                open,
                SessionPreview {
                    status: PreviewStatus::Open,
                    inviter_name: Some("Ana".into()),
                    inviter_language: Some("en".into()),
                    expires_at: Some(s.expires_at.clone()),
                }
            );
            assert_eq!(participant_count(c, s.id).unwrap(), 1, "a preview joins nobody");
            assert_eq!(preview(x, "ZZZZZZ", now).unwrap(), SessionPreview::closed(PreviewStatus::NotFound));
            assert_eq!(preview(x, "nope", now).unwrap().status, PreviewStatus::NotFound);
            assert_eq!(preview(x, " ", now).unwrap_err().message, "invalid_input");

            join_session(c, b, "ABCDEF", "Bo", "es", now).unwrap();
            assert_eq!(preview(x, "ABCDEF", now).unwrap(), SessionPreview::closed(PreviewStatus::Full), "no names");
            assert_eq!(preview(b, "ABCDEF", now).unwrap().status, PreviewStatus::Open, "a participant rejoins");
            let later = t("2026-01-02T00:00:00Z");
            assert_eq!(preview(x, "ABCDEF", later).unwrap(), SessionPreview::closed(PreviewStatus::Expired));
            assert_eq!(preview(a, "ABCDEF", later).unwrap().status, PreviewStatus::Expired);
        });
    }

    #[test]
    fn previews_and_joins_share_one_lockout() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = t("2026-01-01T00:00:00Z");
            let (a, x) = (Uuid::new_v4(), Uuid::new_v4());
            create_session(c, a, "A", "en", now, codes(&["ABCDEF"])).unwrap();
            create_session(c, Uuid::new_v4(), "B", "en", now, codes(&["GHJKMN"])).unwrap();
            join_session(c, Uuid::new_v4(), "GHJKMN", "C", "fr", now).unwrap();
            let policy =
                LockoutPolicy { free_failures: 2, first_lockout_ms: 1_000, max_lockout_ms: 60_000, quiet_ms: 600_000 };
            // One address for everyone: its lockout reaches every user behind it.
            let guard = |user| JoinGuard::new(user, "203.0.113.9", (policy, policy));
            let preview = |user, code: &str| preview_session(c, user, &guard(user), code, now);
            // Existing codes (open, full) are no failed guesses.
            assert_eq!(preview(x, "ABCDEF").unwrap().status, PreviewStatus::Open);
            assert_eq!(preview(x, "GHJKMN").unwrap().status, PreviewStatus::Full);
            assert_eq!(rate_limit::failures(c, &format!("join:user:{x}")).unwrap().count, 0);
            assert_eq!(preview(x, "ZZZZZZ").unwrap().status, PreviewStatus::NotFound);
            assert_eq!(preview(x, "nope").unwrap().status, PreviewStatus::NotFound);
            assert_eq!(rate_limit::failures(c, &format!("join:user:{x}")).unwrap().count, 2, "misses count as joins'");
            let miss = join_session_guarded(c, x, &guard(x), "YYYYYY", "X", "fr", now).unwrap_err();
            assert_eq!(miss.message, "session_not_found", "the third miss, by a join, starts the lockout");
            let locked = preview(x, "ABCDEF").unwrap_err();
            assert_eq!((locked.status.as_u16(), locked.message.as_str()), (429, TOO_MANY_ATTEMPTS));
            assert_eq!(locked.retry_after_ms, Some(1_000));
            assert_eq!(rate_limit::failures(c, &format!("join:user:{x}")).unwrap().count, 3, "a refusal is no miss");
            assert_eq!(preview(Uuid::new_v4(), "ABCDEF").unwrap_err().message, TOO_MANY_ATTEMPTS, "same address");
            assert_eq!(preview(a, "ABCDEF").unwrap().status, PreviewStatus::Open, "a participant is never refused");
        });
    }

    #[test]
    fn rejoin_after_leaving_clears_left_at() {
        Db::open(":memory:").unwrap().with(|c| {
            let now = t("2026-01-01T00:00:00Z");
            let a = Uuid::new_v4();
            let (s, _) = create_session(c, a, "A", "en", now, codes(&["ABCDEF"])).unwrap();
            c.prepare_cached("UPDATE participants SET left_at = 'x'").unwrap().execute([]).unwrap();
            let (_, changes) = join_session(c, a, "ABCDEF", "A", "en", now).unwrap();
            assert_eq!(changes.len(), 1);
            assert_eq!(changes[0].kind, ChangeKind::Update);
            assert_eq!(changes[0].record["left_at"], serde_json::Value::Null);
            assert_eq!(rows::participant(c, s.id, a).unwrap().unwrap().left_at, None);
        });
    }
}
