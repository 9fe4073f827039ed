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
pub mod db;
pub mod error;
pub mod functions;
pub mod jwt;
pub mod realtime;
pub mod rest;
pub mod store;
pub mod translate;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, Method};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer, ExposeHeaders};
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
    pub realtime: realtime::Realtime,
    pub translation: translate::Translation,
}

impl AppState {
    pub fn new(config: Config) -> Result<Self, String> {
        let db = Db::open(&config.db).map_err(|e| format!("cannot open database {}: {e}", config.db))?;
        let issuer = format!("http://{}/auth/v1", config.addr);
        let keys = JwtKeys::new(&config.jwt_secret, issuer);
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
        Ok(AppState { config: Arc::new(config), db, keys, anon_key, realtime, translation })
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
        Some(dir) => api.fallback_service(static_app(dir)),
        None => api,
    };

    app.layer(RequestBodyLimitLayer::new(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn(oversize_in_protocol_shape))
        .layer(cors())
        .with_state(state)
}

/// The built app: files from `dir`, and `index.html` for any other path so client-side routes
/// such as `/s/CODE` load the app, with the cache headers of [`shell_cache_headers`].
fn static_app(dir: &std::path::Path) -> Router {
    let files = tower_http::services::ServeDir::new(dir)
        .fallback(tower_http::services::ServeFile::new(dir.join("index.html")));
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(shell_cache_headers))
}

/// Trunk's outputs carry a content hash in their names (`app-<16 hex>.js`, `…_bg.wasm`,
/// `snippets/app-<16 hex>/…`): such a URL can be cached for good. Everything else — index.html
/// (answered for every client route), the service worker `/sw.js`, `vendor/supabase.js` — is
/// `no-cache`: kept, but revalidated on each use, so a deploy (and a new service worker) is
/// picked up on the next load.
async fn shell_cache_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::HeaderValue;
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let status = response.status();
    if !(status.is_success() || status == axum::http::StatusCode::NOT_MODIFIED) {
        return response;
    }
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let headers = response.headers_mut();
    if path == "/sw.js" {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    }
    let policy = if !html && is_content_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// Whether `path` holds a Trunk content hash: `-` then 16 lowercase hex digits then `.`, `_`
/// or `/`.
fn is_content_hashed(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'-'
            && bytes.len() > i + 17
            && bytes[i + 1..i + 17].iter().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
            && matches!(bytes[i + 17], b'.' | b'_' | b'/')
    })
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
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
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

fn cors() -> CorsLayer {
    // supabase-js sends these from the browser; a page on another origin (the Trunk dev server, a
    // LAN address) must be allowed to.
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
            Method::HEAD,
        ])
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers(ExposeHeaders::list([
            header::CONTENT_RANGE,
            header::HeaderName::from_static("x-supabase-api-version"),
        ]))
        .max_age(std::time::Duration::from_secs(3600))
        .allow_credentials(false)
        .vary([header::ORIGIN])
}

/// A running server: where it listens and its anon key.
pub struct Running {
    pub addr: SocketAddr,
    pub anon_key: String,
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
    let translator = state.translation.translator.clone();
    tokio::spawn(async move { translator.warm_up().await });
    let task = tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await
    });
    Ok((Running { addr, anon_key, url: format!("http://{addr}"), task }, state))
}

