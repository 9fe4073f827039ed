//! Functions (`/functions/v1/<name>`). Translation arrives with the translation engine; until
//! then `translate` answers 503 so the app shows "translation unavailable" instead of hanging.
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;

use crate::error::{ApiError, ApiResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/translate", post(translate))
}

async fn translate() -> ApiResult<()> {
    Err(ApiError::functions(StatusCode::SERVICE_UNAVAILABLE, "no_engine", "no translation engine configured"))
}
