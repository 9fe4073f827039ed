//! Entering a session: creating one, joining one by its code, and reopening one this browser
//! is a member of. The pages call these and render the outcome; every RPC error is decoded into
//! a `SessionError` here.

use serde::Deserialize;
use serde_json::json;
use session_sync::domain::{self, SessionPreview};
use uuid::Uuid;

use super::invite::Arrival;
use super::message_sync::Me;
use super::session_error::SessionError;
use super::storage::{self, Membership};
use super::supabase::{self, ApiError};

/// A session this browser can show: its id and who this user is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub session_id: Uuid,
    pub me: Me,
}

#[derive(Deserialize)]
struct SessionRow {
    id: String,
    code: String,
}

/// RPCs may answer one object or a one-row array, depending on how the function is declared.
fn first_row<T: for<'de> Deserialize<'de>>(v: serde_json::Value) -> Option<T> {
    match v {
        serde_json::Value::Array(mut rows) if !rows.is_empty() => serde_json::from_value(rows.remove(0)).ok(),
        other => serde_json::from_value(other).ok(),
    }
}

fn decode(e: &ApiError) -> SessionError {
    SessionError::decode(&e.message)
}

/// Calls `create_session` (no code) or `join_session` and remembers the membership and the
/// profile. Returns the session's code.
pub async fn enter_session(
    user_id: String,
    code: Option<String>,
    display_name: String,
    language: String,
) -> Result<String, SessionError> {
    let result = match &code {
        None => {
            let args = json!({"display_name": display_name, "language": language});
            supabase::rpc::<_, serde_json::Value>("create_session", &args).await
        }
        Some(code) => {
            let args = json!({"code": code, "display_name": display_name, "language": language});
            supabase::rpc::<_, serde_json::Value>("join_session", &args).await
        }
    };
    let value = result.map_err(|e| decode(&e))?;
    let row: SessionRow = first_row(value).ok_or_else(|| SessionError::Other("unexpected answer".into()))?;
    storage::save_profile(&storage::Profile { display_name: display_name.clone(), language: language.clone() });
    storage::save_membership(&Membership {
        user_id,
        session_id: row.id,
        code: row.code.clone(),
        display_name,
        language,
    });
    Ok(row.code)
}

/// The session a stored membership opens (`None` if the record is damaged).
pub fn opened(m: &Membership, user: &str) -> Option<Opened> {
    let session_id = Uuid::parse_str(&m.session_id).ok()?;
    let user_id = Uuid::parse_str(user).ok()?;
    Some(Opened { session_id, me: Me { user_id, display_name: m.display_name.clone(), language: m.language.clone() } })
}

/// Rejoins a session this browser is a member of: a no-op on the server for a participant,
/// and the check that the session still exists. `Ok(None)`: show the join form.
pub async fn rejoin(m: Membership, user: String) -> Result<Option<Opened>, SessionError> {
    let args = json!({"code": m.code, "display_name": m.display_name, "language": m.language});
    let Err(e) = supabase::rpc::<_, serde_json::Value>("join_session", &args).await else {
        return Ok(opened(&m, &user));
    };
    // Offline or server trouble: open from what this browser has; sync catches up later.
    if e.is_transient() {
        return Ok(opened(&m, &user));
    }
    match decode(&e) {
        // Over, but what was said stays readable (the header says it expired; sends fail).
        SessionError::Refused(domain::SessionError::SessionExpired) => Ok(opened(&m, &user)),
        gone @ SessionError::Refused(domain::SessionError::SessionNotFound) => {
            storage::forget_membership(&m.code);
            Err(gone)
        }
        other => Err(other),
    }
}

/// What `/s/CODE` shows a newcomer: `preview_session` (docs/contracts.md §3). A backend that
/// cannot answer now (offline, server trouble) or at all (a hosted project without the
/// function: PostgREST's `PGRST202`) leaves it to the join: the form without an invite.
pub async fn arrival(code: &str) -> Result<Arrival, SessionError> {
    let args = json!({ "code": code });
    match supabase::rpc::<_, serde_json::Value>("preview_session", &args).await {
        Ok(value) => {
            let preview: SessionPreview =
                first_row(value).ok_or_else(|| SessionError::Other("unexpected answer".into()))?;
            Ok(Arrival::from_preview(Some(preview)))
        }
        Err(e) if e.is_transient() || e.code.as_deref() == Some("PGRST202") => Ok(Arrival::from_preview(None)),
        Err(e) => Err(decode(&e)),
    }
}

/// When the session expires, in epoch milliseconds, from its row (`None` while unknown: the
/// read failed or the row has no valid `expires_at`).
pub async fn expires_at(session_id: Uuid) -> Option<f64> {
    #[derive(Deserialize)]
    struct Expiry {
        expires_at: String,
    }
    let row = supabase::select_session::<Option<Expiry>>(&session_id.to_string()).await.ok()??;
    let t = js_sys::Date::new(&row.expires_at.into()).get_time();
    t.is_finite().then_some(t)
}
