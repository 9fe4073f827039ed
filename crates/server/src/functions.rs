//! Functions (`/functions/v1/<name>`), as supabase-js's `functions.invoke` calls them.
//!
//! - `translate`: `{text, source, target}` → `{translated, provider}` (previews, and the hosted
//!   pipeline's entry point).
//! - `languages`: `{provider, languages, pairs}` for the join form's language choice.
//!
//! Like the Functions gateway with `verify_jwt`, both need a token that verifies (a user's or
//! the anon key); a request with neither is refused with 401.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::translate::TranslateError;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/translate", post(translate)).route("/languages", post(languages).get(languages))
}

fn require_token(caller: &Caller) -> ApiResult<()> {
    match caller.claims {
        Some(_) => Ok(()),
        None => Err(ApiError::functions(StatusCode::UNAUTHORIZED, "unauthorized", "Missing authorization header")),
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
    };
    ApiError::functions(status, code, err.to_string())
}

#[derive(Deserialize)]
struct TranslateBody {
    text: String,
    source: String,
    target: String,
}

async fn translate(State(state): State<AppState>, caller: Caller, body: axum::body::Bytes) -> ApiResult<Json<Value>> {
    require_token(&caller)?;
    let request: TranslateBody = serde_json::from_slice(&body).map_err(|_| {
        ApiError::functions(StatusCode::BAD_REQUEST, "invalid_input", "body must be JSON {text, source, target} with string values")
    })?;
    let done = state
        .translation
        .translator
        .translate(&request.text, &request.source, &request.target)
        .await
        .map_err(translate_error)?;
    Ok(Json(json!({"translated": done.text, "provider": done.provider})))
}

async fn languages(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Value>> {
    require_token(&caller)?;
    let translator = &state.translation.translator;
    let pairs: Vec<[String; 2]> = translator.pairs().into_iter().map(|(s, t)| [s, t]).collect();
    Ok(Json(json!({"provider": translator.provider_name(), "languages": translator.languages(), "pairs": pairs})))
}
