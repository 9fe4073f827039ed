//! What the server tells browsers: which origins may call it (CORS), the headers that keep the
//! page from being framed, sniffed or leaking its URL, the Content-Security-Policy of the built
//! app, and the cache headers of the app's files.
//!
//! The session link is the session's secret, so `Referrer-Policy: no-referrer` goes on every
//! answer: a link in a message must never carry `/s/CODE` to another site.

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer, ExposeHeaders};

/// The CORS policy: a page may call the API from the server's own origin (the app it serves,
/// however the host is spelt: `localhost`, a LAN address) and from the origins in
/// `--allowed-origins` (a hosted copy of the app, the Trunk dev server without its proxy);
/// `*` there allows any. Any other site gets no CORS headers, so the browser keeps its reads of
/// our answers from it.
pub fn cors(allowed: &[String]) -> CorsLayer {
    let allowed: Vec<String> = allowed.iter().map(|o| o.trim().trim_end_matches('/').to_owned()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, request: &Parts| {
            origin_allowed(origin.as_bytes(), request.headers.get(header::HOST).map(HeaderValue::as_bytes), &allowed)
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
            Method::HEAD,
        ])
        // supabase-js sends apikey, authorization, x-client-info, prefer, accept-profile, …
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers(ExposeHeaders::list([
            header::CONTENT_RANGE,
            header::RETRY_AFTER,
            HeaderName::from_static("x-supabase-api-version"),
        ]))
        .max_age(std::time::Duration::from_secs(3600))
        .allow_credentials(false)
        .vary([header::ORIGIN])
}

/// Whether a page at `origin` may read our answers to a request addressed to `host`.
pub fn origin_allowed(origin: &[u8], host: Option<&[u8]>, allowed: &[String]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else { return false };
    if allowed.iter().any(|a| a == "*" || a.eq_ignore_ascii_case(origin)) {
        return true;
    }
    // Same origin: the page was loaded from the host it now calls. Only http(s) origins count;
    // `null` (sandboxed frames, file:) never does.
    let authority = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    match (authority, host.and_then(|h| std::str::from_utf8(h).ok())) {
        (Some(authority), Some(host)) => authority.eq_ignore_ascii_case(host),
        _ => false,
    }
}

/// The headers every answer carries.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A 304 updates the headers of the copy the browser kept: a policy there would replace the
    // page's own (and its script hashes), so revalidations carry none.
    if status != StatusCode::NOT_MODIFIED && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        // API answers are data, never documents: nothing in them may run or be framed.
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    response
}

/// The app's policy. Scripts: our own files, plus the inline module Trunk writes into
/// index.html to start the wasm (allowed by its hash, so no other inline script runs);
/// `'wasm-unsafe-eval'` lets the page compile its WebAssembly. Connections: our own origin
/// (REST, and the realtime WebSocket, which `'self'` covers as `ws:`/`wss:`). Styles allow
/// inline `style` attributes, which Leptos sets; images allow `data:`/`blob:` for generated
/// pictures (QR codes).
pub fn app_policy(inline_script_hashes: &[String]) -> String {
    let hashes: String = inline_script_hashes.iter().map(|h| format!(" 'sha256-{h}'")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The base64 SHA-256 of each inline `<script>` (one without `src`) in an HTML page, as CSP
/// hash sources name them.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|i| from + i) {
        let Some(tag_end) = lower[start..].find('>').map(|i| start + i) else { break };
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else { break };
        let tag = &lower[start..tag_end];
        if !tag.contains(" src=") {
            hashes.push(STANDARD.encode(Sha256::digest(&html.as_bytes()[tag_end + 1..close])));
        }
        from = close;
    }
    hashes
}

/// The built app: files from `dir`, and `index.html` for any other path so client-side routes
/// such as `/s/CODE` load the app, with the cache headers of [`shell_cache_headers`] and the
/// page's [`app_policy`]. A file with a Brotli or gzip copy beside it (`app.wasm.br`,
/// `app.wasm.gz`, written by the build: scripts/precompress.mjs) goes out as that copy to a
/// browser that accepts it, so the first visit downloads the compressed bytes and nothing is
/// compressed per request.
pub fn static_app(dir: &Path) -> Router {
    let files = tower_http::services::ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(tower_http::services::ServeFile::new(dir.join("index.html")));
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(page_policy))
        .layer(axum::middleware::from_fn(shell_cache_headers))
}

/// Largest HTML page read to hash its inline scripts; the app's index.html is about 2 KB.
const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// Gives the app's files the app's CSP. For an HTML page it carries the hashes of the inline
/// scripts the page really contains, so the policy fits whatever Trunk built, even after `dist/`
/// is rebuilt under a running server. Other files get it too because it governs the service
/// worker (`/sw.js` fetches and caches the app under the policy its own script came with); for
/// ordinary scripts and styles browsers ignore it.
async fn page_policy(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let is_html = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let (mut parts, body) = response.into_parts();
    let (policy, body) = if is_html {
        let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
            return (StatusCode::INTERNAL_SERVER_ERROR, "the page is too large to serve").into_response();
        };
        (app_policy(&inline_script_hashes(&String::from_utf8_lossy(&bytes))), axum::body::Body::from(bytes))
    } else {
        (app_policy(&[]), body)
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Response::from_parts(parts, body)
}

/// Trunk's outputs carry a content hash in their names (`app-<16 hex>.js`, `…_bg.wasm`,
/// `snippets/app-<16 hex>/…`): such a URL can be cached for good. Everything else — index.html
/// (answered for every client route), the service worker `/sw.js`, `vendor/supabase.js` — is
/// `no-cache`: kept, but revalidated on each use, so a deploy (and a new service worker) is
/// picked up on the next load.
async fn shell_cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let status = response.status();
    if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        return response;
    }
    let html = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let headers = response.headers_mut();
    if path == "/sw.js" {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    }
    let policy = if !html && is_content_hashed(&path) { "public, max-age=31536000, immutable" } else { "no-cache" };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_own_origin_and_configured_ones_are_allowed() {
        let none: &[String] = &[];
        let host = Some(&b"127.0.0.1:54321"[..]);
        assert!(origin_allowed(b"http://127.0.0.1:54321", host, none));
        assert!(origin_allowed(b"https://chat.example:8443", Some(b"chat.example:8443"), none));
        assert!(!origin_allowed(b"http://evil.example", host, none));
        assert!(!origin_allowed(b"http://127.0.0.1:8080", host, none), "another port is another origin");
        assert!(!origin_allowed(b"null", host, none));
        assert!(!origin_allowed(b"http://127.0.0.1:54321", None, none));
        let configured = ["http://127.0.0.1:8080".to_owned()];
        assert!(origin_allowed(b"http://127.0.0.1:8080", host, &configured));
        assert!(!origin_allowed(b"http://evil.example", host, &configured));
        assert!(origin_allowed(b"http://evil.example", host, &["*".to_owned()]));
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<html><head><script defer src="/vendor/supabase.js"></script>
            <SCRIPT type="module">import init from '/app.js';await init();</SCRIPT></head></html>"#;
        let hashes = inline_script_hashes(html);
        let expected = STANDARD.encode(Sha256::digest(b"import init from '/app.js';await init();"));
        assert_eq!(hashes, vec![expected.clone()]);
        let policy = app_policy(&hashes);
        assert!(policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';")), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(inline_script_hashes("<script>unclosed").is_empty());
    }

    #[test]
    fn trunk_content_hashes_are_recognised() {
        assert!(is_content_hashed("/app-0123456789abcdef_bg.wasm"));
        assert!(is_content_hashed("/snippets/app-0123456789abcdef/js/bridge.js"));
        assert!(!is_content_hashed("/vendor/supabase.js"));
        assert!(!is_content_hashed("/app-0123456789abcdeg.js"));
    }
}
