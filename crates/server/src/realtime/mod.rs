//! Realtime over WebSocket (Phoenix protocol, vsn 2.0.0 and 1.0.0).
use axum::Router;

use crate::changes::Change;
use crate::config::Config;
use crate::db::Db;
use crate::jwt::JwtKeys;
use crate::AppState;

#[derive(Clone)]
pub struct Realtime {}

impl Realtime {
    pub fn new(_keys: JwtKeys, _db: Db, _config: &Config) -> Self {
        Realtime {}
    }

    /// Fans a committed change out to the postgres_changes subscribers allowed to see it.
    pub fn publish(&self, _change: Change) {}
}

pub fn routes() -> Router<AppState> {
    Router::new()
}
