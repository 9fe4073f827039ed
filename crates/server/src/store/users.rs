//! Anonymous users, their auth sessions (one per sign-in) and rotating refresh tokens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::clock;

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: Uuid,
    pub user_metadata: Value,
    pub created_at: String,
    pub last_sign_in_at: String,
}

impl User {
    /// GoTrue's user object for an anonymous user (no provider, no identities).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "aud": "authenticated",
            "role": "authenticated",
            "email": "",
            "phone": "",
            "last_sign_in_at": self.last_sign_in_at,
            "app_metadata": {},
            "user_metadata": self.user_metadata,
            "identities": [],
            "created_at": self.created_at,
            // Nothing about an anonymous user changes after sign-in except the sign-in itself.
            "updated_at": self.last_sign_in_at,
            "is_anonymous": true,
        })
    }
}

/// A signed-in auth session: who, which session (the JWT's `session_id`), and the refresh
/// token that continues it.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub user: User,
    pub session_id: Uuid,
    pub refresh_token: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshError {
    NotFound,
    AlreadyUsed,
}

/// An opaque refresh token: 128 random bits from the OS, base64url.
fn new_refresh_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new token of auth session `session_id`; `parent` is the token it replaces (none at sign-in).
fn issue_refresh_token(
    conn: &Connection,
    session_id: Uuid,
    parent: Option<&str>,
    now: &str,
) -> rusqlite::Result<String> {
    let token = new_refresh_token();
    conn.prepare_cached(
        "INSERT INTO refresh_tokens (token, session_id, used, created_at, parent) VALUES (?1, ?2, 0, ?3, ?4)",
    )?
    .execute(rusqlite::params![token, session_id.to_string(), now, parent])?;
    Ok(token)
}

/// Creates an anonymous user with `metadata` as `user_metadata` and signs them in.
pub fn sign_up_anonymously(conn: &Connection, metadata: Value, now: DateTime<Utc>) -> rusqlite::Result<Grant> {
    let ts = clock::gotrue_timestamp(now);
    let user =
        User { id: Uuid::new_v4(), user_metadata: metadata, created_at: ts.clone(), last_sign_in_at: ts.clone() };
    conn.prepare_cached("INSERT INTO users (id, user_metadata, created_at, last_sign_in_at) VALUES (?1, ?2, ?3, ?3)")?
        .execute(rusqlite::params![user.id.to_string(), user.user_metadata.to_string(), ts])?;
    let session_id = Uuid::new_v4();
    conn.prepare_cached("INSERT INTO auth_sessions (id, user_id, created_at) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![session_id.to_string(), user.id.to_string(), ts])?;
    let refresh_token = issue_refresh_token(conn, session_id, None, &ts)?;
    Ok(Grant { user, session_id, refresh_token })
}

pub fn user_by_id(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<User>> {
    conn.prepare_cached("SELECT id, user_metadata, created_at, last_sign_in_at FROM users WHERE id = ?1")?
        .query_row([id.to_string()], |row| {
            let metadata: String = row.get(1)?;
            Ok(User {
                id,
                user_metadata: serde_json::from_str(&metadata).unwrap_or_else(|_| json!({})),
                created_at: row.get(2)?,
                last_sign_in_at: row.get(3)?,
            })
        })
        .optional()
}

/// Exchanges a refresh token for a new one in the same auth session. Each token works once.
/// A spent token presented again is answered with the session's current (unspent) token, no
/// new one, as GoTrue does, when it is that token's parent (the client lost the answer of its
/// last refresh: two tabs refreshing at once, or supabase-js retrying a refresh whose answer a
/// flaky network dropped, for up to 30 s) or when it was spent less than `reuse_interval_ms`
/// ago. Any other reuse is a stolen or leaked token: the whole auth session is revoked, so
/// neither the thief nor the victim can continue it. Tokens of a signed-out or revoked session
/// are not found (they are deleted).
pub fn refresh(
    conn: &Connection,
    token: &str,
    now: DateTime<Utc>,
    reuse_interval_ms: i64,
) -> rusqlite::Result<Result<Grant, RefreshError>> {
    let found: Option<(String, Option<i64>, String)> = conn
        .prepare_cached(
            "SELECT t.session_id, CASE WHEN t.used <> 0 THEN coalesce(t.used_at_ms, 0) END, s.user_id \
             FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id \
             WHERE t.token = ?1 AND s.revoked_at IS NULL",
        )?
        .query_row([token], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    let Some((session_text, used_at_ms, user_id)) = found else { return Ok(Err(RefreshError::NotFound)) };
    let (Ok(session_id), Ok(user_id)) = (Uuid::parse_str(&session_text), Uuid::parse_str(&user_id)) else {
        return Ok(Err(RefreshError::NotFound));
    };
    let Some(user) = user_by_id(conn, user_id)? else { return Ok(Err(RefreshError::NotFound)) };
    let now_ms = now.timestamp_millis();
    if let Some(used_at_ms) = used_at_ms {
        let current: Option<(String, Option<String>)> = conn
            .prepare_cached("SELECT token, parent FROM refresh_tokens WHERE session_id = ?1 AND used = 0 ORDER BY rowid DESC LIMIT 1")?.query_row([&session_text],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((refresh_token, parent)) = current {
            let lost_answer = parent.as_deref() == Some(token);
            if lost_answer || now_ms.saturating_sub(used_at_ms) < reuse_interval_ms {
                return Ok(Ok(Grant { user, session_id, refresh_token }));
            }
        }
        tracing::warn!(auth_session = %session_id, "a spent refresh token was presented again: auth session revoked");
        conn.prepare_cached("DELETE FROM refresh_tokens WHERE session_id = ?1")?.execute([&session_text])?;
        conn.prepare_cached("UPDATE auth_sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")?
            .execute([session_text, clock::gotrue_timestamp(now)])?;
        return Ok(Err(RefreshError::AlreadyUsed));
    }
    conn.prepare_cached("UPDATE refresh_tokens SET used = 1, used_at_ms = ?2 WHERE token = ?1")?
        .execute(rusqlite::params![token, now_ms])?;
    let refresh_token = issue_refresh_token(conn, session_id, Some(token), &clock::gotrue_timestamp(now))?;
    Ok(Ok(Grant { user, session_id, refresh_token }))
}

/// True while the auth session `session_id` of `user_id` exists and is not signed out.
pub fn session_is_active(conn: &Connection, user_id: Uuid, session_id: Uuid) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM auth_sessions WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL")?
        .query_row([session_id.to_string(), user_id.to_string()], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoutScope {
    /// Every session of the user (GoTrue's default).
    Global,
    /// Only the session the access token belongs to.
    Local,
    /// Every session but the current one.
    Others,
}

/// Signs sessions out: marks them revoked and deletes their refresh tokens, so refreshing
/// afterwards answers "not found" as GoTrue does.
pub fn logout(
    conn: &Connection,
    user_id: Uuid,
    session_id: Option<Uuid>,
    scope: LogoutScope,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let current = session_id.map(|s| s.to_string()).unwrap_or_default();
    let selector = match scope {
        LogoutScope::Global => "user_id = ?1",
        LogoutScope::Local => "user_id = ?1 AND id = ?2",
        LogoutScope::Others => "user_id = ?1 AND id <> ?2",
    };
    let ts = clock::gotrue_timestamp(now);
    // `?2 = ?2` only keeps the current-session parameter referenced in every scope, so one
    // parameter list fits all three statements.
    conn.execute(
        &format!(
            "DELETE FROM refresh_tokens WHERE session_id IN \
             (SELECT id FROM auth_sessions WHERE {selector} AND (?2 = ?2))"
        ),
        rusqlite::params![user_id.to_string(), current],
    )?;
    conn.execute(
        &format!("UPDATE auth_sessions SET revoked_at = ?3 WHERE {selector} AND revoked_at IS NULL AND (?2 = ?2)"),
        rusqlite::params![user_id.to_string(), current, ts],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    fn now() -> DateTime<Utc> {
        clock::parse("2026-01-01T00:00:00Z").unwrap()
    }

    #[test]
    fn refresh_tokens_rotate_and_work_once() {
        Db::open(":memory:").unwrap().with(|c| {
            let grant = sign_up_anonymously(c, json!({"nick": "a"}), now()).unwrap();
            let next = refresh(c, &grant.refresh_token, now(), REUSE).unwrap().unwrap();
            assert_ne!(next.refresh_token, grant.refresh_token);
            assert_eq!(next.session_id, grant.session_id);
            assert_eq!(next.user.user_metadata, json!({"nick": "a"}));
            assert_eq!(refresh(c, "nope", now(), REUSE).unwrap(), Err(RefreshError::NotFound));
            let third = refresh(c, &next.refresh_token, now(), REUSE).unwrap().unwrap();
            logout(c, grant.user.id, Some(grant.session_id), LogoutScope::Local, now()).unwrap();
            assert_eq!(refresh(c, &third.refresh_token, now(), REUSE).unwrap(), Err(RefreshError::NotFound));
            assert!(!session_is_active(c, grant.user.id, grant.session_id).unwrap());
        });
    }

    /// GoTrue's default reuse interval, 10 s.
    const REUSE: i64 = 10_000;

    #[test]
    fn a_lost_answer_gets_the_current_token_however_late() {
        Db::open(":memory:").unwrap().with(|c| {
            let grant = sign_up_anonymously(c, json!({}), now()).unwrap();
            let next = refresh(c, &grant.refresh_token, now(), REUSE).unwrap().unwrap();
            // Two tabs at once, and supabase-js retrying a refresh whose answer was lost.
            for at in [now(), now() + chrono::Duration::milliseconds(REUSE * 3)] {
                let again = refresh(c, &grant.refresh_token, at, REUSE).unwrap().unwrap();
                assert_eq!(again.refresh_token, next.refresh_token, "the current token, not a new one");
                assert_eq!(again.session_id, grant.session_id);
            }
            assert!(refresh(c, &next.refresh_token, now(), REUSE).unwrap().is_ok(), "which still works once");
        });
    }

    #[test]
    fn an_older_token_gets_the_current_one_only_inside_the_interval() {
        Db::open(":memory:").unwrap().with(|c| {
            let grant = sign_up_anonymously(c, json!({}), now()).unwrap();
            let next = refresh(c, &grant.refresh_token, now(), REUSE).unwrap().unwrap();
            let third = refresh(c, &next.refresh_token, now(), REUSE).unwrap().unwrap();
            let soon = now() + chrono::Duration::milliseconds(REUSE - 1);
            let again = refresh(c, &grant.refresh_token, soon, REUSE).unwrap().unwrap();
            assert_eq!(again.refresh_token, third.refresh_token);
            let late = now() + chrono::Duration::milliseconds(REUSE);
            assert_eq!(refresh(c, &grant.refresh_token, late, REUSE).unwrap(), Err(RefreshError::AlreadyUsed));
        });
    }

    #[test]
    fn a_late_reuse_revokes_the_whole_family() {
        Db::open(":memory:").unwrap().with(|c| {
            let grant = sign_up_anonymously(c, json!({}), now()).unwrap();
            let other = sign_up_anonymously(c, json!({}), now()).unwrap();
            let next = refresh(c, &grant.refresh_token, now(), REUSE).unwrap().unwrap();
            let third = refresh(c, &next.refresh_token, now(), REUSE).unwrap().unwrap();
            let late = now() + chrono::Duration::milliseconds(REUSE);
            assert_eq!(refresh(c, &grant.refresh_token, late, REUSE).unwrap(), Err(RefreshError::AlreadyUsed));
            assert_eq!(
                refresh(c, &third.refresh_token, late, REUSE).unwrap(),
                Err(RefreshError::NotFound),
                "newest too"
            );
            assert_eq!(refresh(c, &next.refresh_token, late, REUSE).unwrap(), Err(RefreshError::NotFound));
            assert!(!session_is_active(c, grant.user.id, grant.session_id).unwrap());
            assert!(refresh(c, &other.refresh_token, late, REUSE).unwrap().is_ok(), "other families live on");
        });
    }

    #[test]
    fn logout_others_keeps_the_current_session() {
        Db::open(":memory:").unwrap().with(|c| {
            let a = sign_up_anonymously(c, json!({}), now()).unwrap();
            // A second sign-in of the same user, as another device would have.
            c.prepare_cached("INSERT INTO auth_sessions (id, user_id, created_at) VALUES ('00000000-0000-4000-8000-000000000001', ?1, 't')").unwrap().execute([a.user.id.to_string()],
            )
            .unwrap();
            let other = Uuid::parse_str("00000000-0000-4000-8000-000000000001").unwrap();
            logout(c, a.user.id, Some(a.session_id), LogoutScope::Others, now()).unwrap();
            assert!(session_is_active(c, a.user.id, a.session_id).unwrap());
            assert!(!session_is_active(c, a.user.id, other).unwrap());
        });
    }
}
