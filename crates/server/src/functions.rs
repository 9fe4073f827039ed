//! Functions (`/functions/v1/<name>`): translation previews and the language list.
use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
