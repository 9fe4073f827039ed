//! `session-server`: the embedded backend of Session Translator.
//!
//! It speaks the subset of Supabase's protocols the app uses, so the official supabase-js works
//! against it unchanged: GoTrue anonymous auth (`auth`), PostgREST for the app's tables and RPCs
//! (`rest`), Realtime over WebSocket (`realtime`) and Functions (`functions`). Domain rules live
//! in `store` as plain functions over SQLite; handlers only translate between HTTP and them.

pub mod auth;
pub mod changes;
pub mod clock;
pub mod config;
pub mod conn_limit;
pub mod db;
pub mod error;
pub mod functions;
pub mod jwt;
pub mod rate;
pub mod realtime;
pub mod rest;
pub mod secret;
pub mod serve;
pub mod store;
pub mod translate;
pub mod web;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tower_http::limit::RequestBodyLimitLayer;

pub use config::Config;
use db::Db;
use jwt::JwtKeys;

/// Everything a handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub keys: JwtKeys,
    pub anon_key: Arc<str>,
    /// Where the JWT secret came from (never the secret itself), for the start-up banner.
    pub jwt_secret_source: secret::SecretSource,
    pub realtime: realtime::Realtime,
    pub translation: translate::Translation,
}

impl AppState {
    pub fn new(config: Config) -> Result<Self, String> {
        let db = Db::open(&config.db).map_err(|e| format!("cannot open database {}: {e}", config.db))?;
        let issuer = format!("http://{}/auth/v1", config.addr);
        let secret = secret::resolve(&config)?;
        let keys = JwtKeys::new(&secret.value, issuer);
        let anon_key: Arc<str> = keys.anon_key().into();
        let realtime = realtime::Realtime::new(keys.clone(), db.clone(), &config);
        let translator = Arc::new(translate::Translator::from_config(&config)?);
        let pipeline = translate::Pipeline::new(
            db.clone(),
            realtime.clone(),
            translator.clone(),
            config.translation_workers,
            config.translation_queue_per_session,
        );
        let translation = translate::Translation { translator, pipeline, in_flight: Arc::default() };
        Ok(AppState {
            config: Arc::new(config),
            db,
            keys,
            anon_key,
            jwt_secret_source: secret.source,
            realtime,
            translation,
        })
    }
}

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .nest("/auth/v1", auth::routes())
        .nest("/rest/v1", rest::routes())
        .nest("/realtime/v1", realtime::routes())
        .nest("/functions/v1", functions::routes())
        .route("/config.json", get(runtime_config))
        .route("/health", get(|| async { "ok" }));

    let app = match &state.config.serve_dir {
        Some(dir) => api.fallback_service(web::static_app(dir)),
        None => api,
    };

    app.layer(RequestBodyLimitLayer::new(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn(oversize_in_protocol_shape))
        .layer(web::cors(&state.config.allowed_origins))
        .layer(axum::middleware::from_fn(web::security_headers))
        .with_state(state)
}

/// The body limit answers a too-large request with a bare 413; clients parse error bodies as
/// JSON in their protocol's shape, so give them that, with the limit in the message.
async fn oversize_in_protocol_shape(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let is_json =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() != axum::http::StatusCode::PAYLOAD_TOO_LARGE || is_json {
        return response;
    }
    let status = axum::http::StatusCode::PAYLOAD_TOO_LARGE;
    let message = "request body is larger than the server accepts";
    let error = if path.starts_with("/auth/") {
        error::ApiError::gotrue(status, "request_too_large", message)
    } else if path.starts_with("/functions/") {
        error::ApiError::functions(status, "request_too_large", message)
    } else {
        error::ApiError::postgrest(status, "54000", message)
    };
    error.into_response()
}

/// The app reads this at start: an absent `supabaseUrl` means "same origin as the page".
async fn runtime_config(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(json!({"supabaseUrl": null, "supabaseAnonKey": &*state.anon_key}))
}

/// A running server: where it listens, its anon key and where its JWT secret came from.
pub struct Running {
    pub addr: SocketAddr,
    pub anon_key: String,
    pub jwt_secret_source: secret::SecretSource,
    pub url: String,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Binds and serves in a background task; used by `main` and by the integration tests.
pub async fn spawn(config: Config) -> Result<Running, String> {
    spawn_with_state(config).await.map(|(running, _)| running)
}

/// [`spawn`], also returning the server's state, so tests can seed the database and publish
/// changes the way the REST layer does.
pub async fn spawn_with_state(config: Config) -> Result<(Running, AppState), String> {
    let state = AppState::new(config.clone())?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let anon_key = state.anon_key.to_string();
    let app = router(state.clone());
    let limits = serve::HttpLimits::from_config(&config);
    tracing::info!(
        max_connections = limits.max_connections,
        per_ip = limits.max_connections_per_ip,
        header_timeout_ms = config.http_header_timeout_ms,
        "HTTP connection limits"
    );
    let task = tokio::spawn(serve::serve(listener, app, limits));
    let jwt_secret_source = state.jwt_secret_source.clone();
    Ok((Running { addr, anon_key, jwt_secret_source, url: format!("http://{addr}"), task }, state))
}
