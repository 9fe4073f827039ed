//! GoTrue subset: anonymous sign-up, refresh-token grant, get user, logout.
use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
