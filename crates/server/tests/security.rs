//! What a hostile page or client meets: a server started as `scripts/run.sh` starts it (a
//! database file, no secret given) accepts no token signed with the published development
//! secret, and browsers get the headers that stop other sites from reading answers, framing the
//! app or learning the session link.

use clap::Parser;
use reqwest::StatusCode;
use serde_json::{json, Value};
use session_server::config::{Config, DEV_JWT_SECRET};
use session_server::jwt::JwtKeys;
use session_server::secret::{kept_secret_path, SecretSource};
use uuid::Uuid;

fn temp_dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("security-{name}-{}", Uuid::new_v4()))
}

/// The config `scripts/run.sh` gives the server: only a database file (and a free port).
fn run_sh_config(db: &std::path::Path) -> Config {
    Config::parse_from(["session-server", "--addr", "127.0.0.1:0", "--db", db.to_str().unwrap()])
}

async fn sign_up(http: &reqwest::Client, url: &str, anon: &str) -> (String, String) {
    let body: Value = http
        .post(format!("{url}/auth/v1/signup"))
        .header("apikey", anon)
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (body["access_token"].as_str().unwrap().to_owned(), body["user"]["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_default_server_accepts_no_token_signed_with_the_published_secret() {
    let dir = temp_dir("forge");
    let db = dir.join("session.db");
    let running = session_server::spawn(run_sh_config(&db)).await.unwrap();
    assert_eq!(running.jwt_secret_source, SecretSource::Generated(kept_secret_path(db.to_str().unwrap())));
    let http = reqwest::Client::new();
    let (token, user) = sign_up(&http, &running.url, &running.anon_key).await;

    let published = JwtKeys::new(DEV_JWT_SECRET, "forger");
    let now = chrono::Utc::now().timestamp();
    let forged_anon = published.anon_key();
    let forged_service = published.sign(&json!({"role": "service_role", "exp": now + 3600}));
    let forged_user = published.access_token(user.parse().unwrap(), Uuid::new_v4(), now, 3600);
    assert_ne!(forged_anon, running.anon_key);

    for forged in [&forged_anon, &forged_service, &forged_user] {
        let answer = http
            .get(format!("{}/rest/v1/sessions?select=*", running.url))
            .header("apikey", forged)
            .header("Authorization", format!("Bearer {forged}"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "a forged token was accepted");
        let realtime =
            http.get(format!("{}/realtime/v1/websocket?apikey={forged}&vsn=2.0.0", running.url)).send().await.unwrap();
        assert_eq!(realtime.status(), StatusCode::UNAUTHORIZED, "a forged key opened realtime");
    }
    let rpc = http
        .post(format!("{}/rest/v1/rpc/create_session", running.url))
        .header("apikey", &running.anon_key)
        .header("Authorization", format!("Bearer {forged_user}"))
        .json(&json!({"display_name": "Mallory", "language": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(rpc.status(), StatusCode::UNAUTHORIZED, "a forged user token created a session");

    // The real user's token still works, and keeps working after a restart on the same database.
    running.task.abort();
    let _ = running.task.await;
    let restarted = session_server::spawn(run_sh_config(&db)).await.unwrap();
    assert_eq!(restarted.jwt_secret_source, SecretSource::Kept(kept_secret_path(db.to_str().unwrap())));
    assert_eq!(restarted.anon_key, running.anon_key, "the anon key survives a restart");
    let me = http
        .get(format!("{}/auth/v1/user", restarted.url))
        .header("apikey", &restarted.anon_key)
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    restarted.task.abort();
    std::fs::remove_dir_all(dir).unwrap();
}

/// A server serving a built app whose index.html has Trunk's inline start-up module.
async fn app_server(extra: &[&str]) -> (String, std::path::PathBuf) {
    let dir = temp_dir("app");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><script defer src=\"/vendor/supabase.js\"></script>\
         <script type=\"module\">import init from '/app-0123456789abcdef.js';await init();</script></head></html>",
    )
    .unwrap();
    let mut args =
        vec!["session-server", "--addr", "127.0.0.1:0", "--db", ":memory:", "--serve-dir", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let running = session_server::spawn(Config::parse_from(args)).await.unwrap();
    (running.url, dir)
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn only_the_apps_own_origin_and_configured_ones_may_read_answers() {
    let (url, dir) = app_server(&["--allowed-origins", "http://127.0.0.1:8080,https://app.example"]).await;
    let own = url.clone();
    let http = reqwest::Client::new();
    for (origin, allowed) in [
        (own.as_str(), true),
        ("http://127.0.0.1:8080", true),
        ("https://app.example", true),
        ("https://evil.example", false),
        ("null", false),
    ] {
        let preflight = http
            .request(reqwest::Method::OPTIONS, format!("{url}/rest/v1/messages"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "apikey,authorization,content-type")
            .send()
            .await
            .unwrap();
        let get = http.get(format!("{url}/health")).header("Origin", origin).send().await.unwrap();
        for response in [&preflight, &get] {
            let expected = allowed.then(|| origin.to_owned());
            assert_eq!(header(response, "access-control-allow-origin"), expected, "origin {origin}");
        }
    }
    // A reload revalidates the page: the 304 must not carry a policy, which would replace the
    // kept page's own (and block its start-up script).
    let page = http.get(format!("{url}/s/ABC123")).send().await.unwrap();
    let modified = header(&page, "last-modified").expect("the page has a Last-Modified");
    let revalidated = http.get(format!("{url}/s/ABC123")).header("If-Modified-Since", modified).send().await.unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&revalidated, "content-security-policy"), None);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn every_answer_carries_the_browser_security_headers() {
    let (url, dir) = app_server(&[]).await;
    let http = reqwest::Client::new();
    std::fs::write(dir.join("sw.js"), "self.addEventListener('fetch', () => {});").unwrap();
    for path in ["/health", "/config.json", "/rest/v1/messages?select=*", "/auth/v1/user", "/", "/s/ABC123", "/sw.js"] {
        let response = http.get(format!("{url}{path}")).send().await.unwrap();
        assert_eq!(header(&response, "x-content-type-options").as_deref(), Some("nosniff"), "{path}");
        assert_eq!(header(&response, "referrer-policy").as_deref(), Some("no-referrer"), "{path}");
        assert_eq!(header(&response, "x-frame-options").as_deref(), Some("DENY"), "{path}");
        let csp = header(&response, "content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        if path == "/" || path.starts_with("/s/") {
            // The page's inline start-up module, and only it, may run.
            let body = response.text().await.unwrap();
            let inline = body.split("<script type=\"module\">").nth(1).unwrap().split("</script>").next().unwrap();
            use base64::Engine;
            use sha2::Digest;
            let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(inline.as_bytes()));
            assert!(csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';")), "{csp}");
            assert!(csp.contains("connect-src 'self'") && csp.contains("object-src 'none'"), "{csp}");
        } else if path == "/sw.js" {
            // The service worker runs under its own script's policy: it must reach our origin.
            assert!(csp.contains("connect-src 'self'") && !csp.contains("sha256-"), "{csp}");
        } else {
            assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        }
    }
    // A reload revalidates the page: the 304 must not carry a policy, which would replace the
    // kept page's own (and block its start-up script).
    let page = http.get(format!("{url}/s/ABC123")).send().await.unwrap();
    let modified = header(&page, "last-modified").expect("the page has a Last-Modified");
    let revalidated = http.get(format!("{url}/s/ABC123")).header("If-Modified-Since", modified).send().await.unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&revalidated, "content-security-policy"), None);
    // A reload revalidates the page: the 304 must not carry a policy, which would replace the
    // kept page's own (and block its start-up script).
    let page = http.get(format!("{url}/s/ABC123")).send().await.unwrap();
    let modified = header(&page, "last-modified").expect("the page has a Last-Modified");
    let revalidated = http.get(format!("{url}/s/ABC123")).header("If-Modified-Since", modified).send().await.unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&revalidated, "content-security-policy"), None);
    std::fs::remove_dir_all(dir).unwrap();
}
