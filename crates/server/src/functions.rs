//! Functions (`/functions/v1/<name>`), as supabase-js's `functions.invoke` calls them.
//!
//! - `translate`: `{text, source, target}` → `{translated, provider}` (previews, and the hosted
//!   pipeline's entry point).
//! - `languages`: `{provider, languages, pairs}` for the join form's language choice.
//!
//! Like the Functions gateway with `verify_jwt`, both need a token that verifies; `languages`
//! accepts the anon key (the join form asks before there is a user), `translate` only a
//! signed-in user's token: it spends engine time, so each user has a rate
//! (`--translate-rate-per-min`, `--translate-burst`) and a number of calls running at once
//! (`--translate-concurrency`), both answered with 429 and `Retry-After` when exceeded.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::clock;
use crate::error::{ApiError, ApiResult, Shape};
use crate::store::{participants, rate_limit};
use crate::translate::{pipeline, Scope, TextContext, TranslateError};
use crate::AppState;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new().route("/translate", post(translate)).route("/languages", post(languages).get(languages))
}

fn require_token(caller: &Caller) -> ApiResult<()> {
    match caller.claims {
        Some(_) => Ok(()),
        None => Err(ApiError::functions(StatusCode::UNAUTHORIZED, "unauthorized", "Missing authorization header")),
    }
}

fn require_user(caller: &Caller) -> ApiResult<uuid::Uuid> {
    require_token(caller)?;
    caller.user_id().ok_or_else(|| {
        ApiError::functions(StatusCode::UNAUTHORIZED, "unauthorized", "translate needs a signed-in user's token")
    })
}

/// 429 in the Functions shape, with `Retry-After`.
fn too_many(code: &str, message: String, retry_after_ms: u64) -> ApiError {
    ApiError { shape: Shape::Functions, ..ApiError::rate_limited(code, message, retry_after_ms) }
}

/// Takes one call from `user`'s translate bucket.
fn check_rate(state: &AppState, user: uuid::Uuid) -> ApiResult<()> {
    let config = &state.config;
    let bucket = rate_limit::Bucket {
        capacity: f64::from(config.translate_burst),
        refill_per_sec: f64::from(config.translate_rate_per_min) / 60.0,
    };
    let now = clock::now().timestamp_micros() as f64 / 1e6;
    let wait = state.db.with(|c| rate_limit::take_n(c, &format!("translate:{user}"), bucket, 1, now))?;
    match wait {
        None => Ok(()),
        Some(wait) => {
            // A bucket of capacity 0 or without refill never has a token: say a minute.
            let wait_ms = if wait.is_finite() { (wait * 1000.0).ceil() as u64 } else { 60_000 };
            Err(too_many(
                "over_translate_rate_limit",
                format!("too many translations; try again in {} s", wait_ms.div_ceil(1000).max(1)),
                wait_ms,
            ))
        }
    }
}

/// The HTTP answer for each way a translation can fail.
pub fn translate_error(err: TranslateError) -> ApiError {
    let (status, code) = match &err {
        TranslateError::InvalidInput(_) => (StatusCode::BAD_REQUEST, "invalid_input"),
        TranslateError::Unsupported { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "unsupported_pair"),
        TranslateError::NoEngine => (StatusCode::SERVICE_UNAVAILABLE, "no_engine"),
        TranslateError::Timeout { .. } => (StatusCode::BAD_GATEWAY, "provider_timeout"),
        TranslateError::Provider { .. } => (StatusCode::BAD_GATEWAY, "provider_error"),
        TranslateError::AllFailed(each) if each.iter().all(|e| matches!(e, TranslateError::Timeout { .. })) => {
            (StatusCode::BAD_GATEWAY, "provider_timeout")
        }
        TranslateError::AllFailed(_) => (StatusCode::BAD_GATEWAY, "provider_error"),
    };
    ApiError::functions(status, code, err.to_string())
}

#[derive(Deserialize)]
struct TranslateBody {
    text: String,
    source: String,
    target: String,
    /// A participant's preview: the session's names and glossary apply, as to its messages.
    #[serde(default)]
    session_id: Option<Uuid>,
}

async fn translate(State(state): State<AppState>, caller: Caller, body: axum::body::Bytes) -> ApiResult<Json<Value>> {
    let user = require_user(&caller)?;
    let request: TranslateBody = serde_json::from_slice(&body).map_err(|_| {
        ApiError::functions(
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "body must be JSON {text, source, target} with string values",
        )
    })?;
    let context = match request.session_id {
        None => TextContext::default(),
        Some(session) => state.db.with(|c| {
            participants::require(c, session, user).map_err(|_| {
                ApiError::functions(
                    StatusCode::FORBIDDEN,
                    "not_participant",
                    "only the session's participants may use its context",
                )
            })?;
            Ok::<_, ApiError>(pipeline::session_context(c, session)?)
        })?,
    };
    check_rate(&state, user)?;
    // Held until the answer is ready, or until the caller goes away and the request is dropped.
    let _slot = state.translation.in_flight.try_take(user, state.config.translate_concurrency).ok_or_else(|| {
        too_many(
            "too_many_concurrent_translations",
            format!(
                "at most {} translations at a time; try again when one is done",
                state.config.translate_concurrency
            ),
            1000,
        )
    })?;
    // Scoped to the user: a cached answer must not tell them what other people translated.
    let done = state
        .translation
        .translator
        .translate(Scope::User(user), &request.text, &request.source, &request.target, &context)
        .await
        .map_err(translate_error)?;
    Ok(Json(json!({"translated": done.text, "provider": done.provider, "route": done.route})))
}

async fn languages(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    require_token(&caller)?;
    let translator = &state.translation.translator;
    let pairs: Vec<[String; 2]> = translator.pairs().into_iter().map(|(s, t)| [s, t]).collect();
    // Only the directions that go through a pivot; the others are direct.
    let routes: Vec<Value> = translator
        .routes()
        .into_iter()
        .filter(|(_, _, via)| !via.is_empty())
        .map(|(source, target, via)| json!({"source": source, "target": target, "via": via}))
        .collect();
    Ok(Json(json!({
        "provider": translator.provider_name(),
        "languages": translator.languages(),
        "pairs": pairs,
        "routes": routes,
    })))
}
