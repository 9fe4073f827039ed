//! `POST /rest/v1/rpc/<name>`: the app's SQL functions (docs/contracts.md §3), as PostgREST calls them —
//! a JSON object of named arguments in, the function's JSON result out.
//!
//! Results, as the SQL functions of supabase/migrations declare them: `create_session` →
//! `{id, code, expires_at}` (json); `join_session` → the sessions row; `preview_session` →
//! `{status, inviter_name, inviter_language, expires_at}` (json); `pin_term` → the glossary_terms
//! row (json); `leave_session`,
//! `ack_messages`, `retranslate` and `unpin_term` return `void`, which PostgREST (since it settled
//! PostgREST/postgrest#2001) answers with 204 and no body — supabase-js gives `data: null`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use session_sync::domain::SessionError;
use uuid::Uuid;

use crate::auth::{Caller, ClientIp};
use crate::changes::ChangeKind;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::rest::{body_error, commit_and_publish, json_body, wants_single};
use crate::store::{glossary, messages, participants, rate_limit, rows, sessions};
use crate::translate::Job;
use crate::AppState;

/// Each function's parameters, as its SQL signature names them.
const FUNCTIONS: [(&str, &[&str]); 8] = [
    ("create_session", &["display_name", "language"]),
    ("join_session", &["code", "display_name", "language"]),
    ("preview_session", &["code"]),
    ("leave_session", &["session_id"]),
    ("ack_messages", &["session_id", "delivered_seq", "read_seq"]),
    ("retranslate", &["message_id"]),
    ("pin_term", &["session_id", "term", "translation"]),
    ("unpin_term", &["session_id", "term_id"]),
];

/// PostgREST's answer when no function has this name and these argument names.
fn no_such_function(name: &str, args: &Map<String, Value>) -> ApiError {
    let mut names: Vec<&str> = args.keys().map(String::as_str).collect();
    names.sort_unstable();
    ApiError::postgrest(
        StatusCode::NOT_FOUND,
        "PGRST202",
        format!("Could not find the function public.{name}({}) in the schema cache", names.join(", ")),
    )
}

fn text<'a>(args: &'a Map<String, Value>, key: &str) -> Result<&'a str, SessionError> {
    args.get(key).and_then(Value::as_str).ok_or(SessionError::InvalidInput)
}

fn uuid(args: &Map<String, Value>, key: &str) -> Result<Uuid, SessionError> {
    Uuid::parse_str(text(args, key)?.trim()).map_err(|_| SessionError::InvalidInput)
}

/// A text argument that may be JSON `null` or left out (a SQL parameter defaulting to null).
fn optional_text<'a>(args: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, SessionError> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(SessionError::InvalidInput),
    }
}

/// A bigint argument: a JSON integer or, as supabase-js sends BigInts, a numeric string.
fn bigint(args: &Map<String, Value>, key: &str) -> Result<i64, SessionError> {
    match args.get(key) {
        Some(Value::Number(n)) => n.as_i64().ok_or(SessionError::InvalidInput),
        Some(Value::String(s)) => s.trim().parse().map_err(|_| SessionError::InvalidInput),
        _ => Err(SessionError::InvalidInput),
    }
}

/// Refuses a session over the caller's creation rate (per user and per address). Runs in the
/// create's transaction, so a refused or failed create spends nothing.
fn check_create_rate(
    state: &AppState,
    tx: &rusqlite::Transaction<'_>,
    user: Uuid,
    client: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let (per_user, per_client) = state.config.create_buckets();
    let secs = now.timestamp_micros() as f64 / 1e6;
    for (key, bucket) in [(format!("create:user:{user}"), per_user), (format!("create:ip:{client}"), per_client)] {
        if let Some(wait) = rate_limit::take_n(tx, &key, bucket, 1, secs)? {
            // A bucket that never refills (rate 0) still answers with a finite wait.
            let wait_ms = if wait.is_finite() { (wait * 1000.0).ceil() as u64 } else { 3_600_000 };
            return Err(ApiError::rate_limited("PT429", sessions::TOO_MANY_SESSIONS, wait_ms));
        }
    }
    Ok(())
}

pub async fn call(
    State(state): State<AppState>,
    Path(name): Path<String>,
    caller: Caller,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let body = body.map_err(body_error)?;
    // supabase-js sends `{}` for a call without arguments; an empty body means the same.
    let args = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(args)) => args,
            _ => return Err(ApiError::bad_request("PGRST102", "Empty or invalid json")),
        }
    };
    let Some((name, params)) = FUNCTIONS.iter().find(|(n, _)| *n == name) else {
        return Err(no_such_function(&name, &args));
    };
    if let Some(unknown) = args.keys().find(|k| !params.contains(&k.as_str())) {
        tracing::debug!(function = name, argument = %unknown, "unknown rpc argument");
        return Err(no_such_function(name, &args));
    }
    let user = caller.require_user(&format!("permission denied for function {name}"))?;
    let now = clock::now();
    let mut follow_up = None;
    let result = state.db.with(|conn| -> ApiResult<_> {
        let tx = conn.transaction()?;
        let (result, changes) = match *name {
            "create_session" => {
                check_create_rate(&state, &tx, user, &client, now)?;
                let (session, changes) = sessions::create_session_with_ttl(
                    &tx,
                    user,
                    text(&args, "display_name")?,
                    text(&args, "language")?,
                    now,
                    state.config.session_ttl_secs,
                    sessions::random_code,
                )?;
                (json!({"id": session.id, "code": session.code, "expires_at": session.expires_at}), changes)
            }
            "join_session" => {
                let guard = sessions::JoinGuard::new(user, &client, state.config.join_lockouts());
                let joined = sessions::join_session_guarded(
                    &tx,
                    user,
                    &guard,
                    text(&args, "code")?,
                    text(&args, "display_name")?,
                    text(&args, "language")?,
                    now,
                );
                let (session, changes) = match joined {
                    // The failure it recorded must outlast the error.
                    Err(miss) if miss.message == SessionError::SessionNotFound.code() => {
                        tx.commit()?;
                        return Err(miss);
                    }
                    other => other?,
                };
                // A first join (a participants INSERT) brings the language the earlier
                // messages are translated into.
                if changes.iter().any(|c| c.table == "participants" && c.kind == ChangeKind::Insert) {
                    follow_up = Some(Job::backlog(session.id));
                }
                (rows::to_json(&session), changes)
            }
            "preview_session" => {
                // Under the join's guard: a miss is recorded here and committed with the answer.
                let guard = sessions::JoinGuard::new(user, &client, state.config.join_lockouts());
                let preview = sessions::preview_session(&tx, user, &guard, text(&args, "code")?, now)?;
                (rows::to_json(&preview), Vec::new())
            }
            "leave_session" => (Value::Null, participants::leave_session(&tx, uuid(&args, "session_id")?, user, now)?),
            "ack_messages" => {
                let (_, change) = participants::ack_messages(
                    &tx,
                    uuid(&args, "session_id")?,
                    user,
                    bigint(&args, "delivered_seq")?,
                    bigint(&args, "read_seq")?,
                    now,
                )?;
                (Value::Null, change.into_iter().collect())
            }
            "retranslate" => {
                let (message, change) = messages::retranslate(&tx, uuid(&args, "message_id")?, user, now)?;
                // Only a cleared failure is asked for again: a translation that is pending or
                // done needs no second job, and repeated calls must not add work.
                if change.is_some() {
                    follow_up = Some(Job::Message { session: message.session_id, id: message.id });
                }
                (Value::Null, change.into_iter().collect())
            }
            // The glossary changes reach the partner as the `glossary` broadcast the caller sends
            // (docs/contracts.md §3), so there is nothing to publish here.
            "pin_term" => {
                let term = glossary::pin_term(
                    &tx,
                    uuid(&args, "session_id")?,
                    user,
                    text(&args, "term")?,
                    optional_text(&args, "translation")?,
                    now,
                )?;
                (rows::to_json(&term), Vec::new())
            }
            "unpin_term" => {
                glossary::unpin_term(&tx, uuid(&args, "session_id")?, user, uuid(&args, "term_id")?)?;
                (Value::Null, Vec::new())
            }
            _ => unreachable!("every name in FUNCTIONS is handled"),
        };
        commit_and_publish(&state, tx, changes)?;
        Ok(result)
    })?;
    if let Some(job) = follow_up {
        state.translation.pipeline.enqueue(job);
    }
    if result.is_null() {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    // A function returning one row is one object either way; `.single()` only changes the type.
    Ok(json_body(StatusCode::OK, &result, wants_single(&headers)))
}
