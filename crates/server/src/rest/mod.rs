//! PostgREST subset for the app's tables and RPCs.
use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
