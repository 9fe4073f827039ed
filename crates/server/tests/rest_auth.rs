//! GoTrue and PostgREST as supabase-js 2.119.1 speaks them, against a real server on a loopback
//! port: the requests carry the same paths, query strings and headers the official client sends
//! (as recorded from the official client on the wire), and the answers are checked for the shapes it parses.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use session_server::config::{Config, DEV_JWT_SECRET};
use session_server::jwt::JwtKeys;
use uuid::Uuid;

struct Server {
    url: String,
    anon: String,
    http: reqwest::Client,
    /// The SQLite file, for tests that move a session's clock (None for `:memory:`).
    db: Option<std::path::PathBuf>,
}

async fn server() -> Server {
    start(Config::for_tests()).await
}

async fn start(config: Config) -> Server {
    let db = (config.db != ":memory:").then(|| config.db.clone().into());
    let running = session_server::spawn(config).await.expect("server starts");
    Server { url: running.url, anon: running.anon_key, http: reqwest::Client::new(), db }
}

/// A server on a database file in a fresh temporary directory.
async fn server_on_file() -> Server {
    let dir = std::env::temp_dir().join(format!("rest-auth-{}", Uuid::new_v4()));
    let mut config = Config::for_tests();
    config.db = dir.join("session.db").to_string_lossy().into_owned();
    start(config).await
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Reply {
    fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }
    fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or_default()
    }
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

#[derive(Clone)]
struct User {
    id: String,
    token: String,
    refresh: String,
}

impl Server {
    /// A request with supabase-js's headers: `apikey` always, `Authorization: Bearer` with the
    /// user's token or else the anon key.
    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self
            .http
            .request(method, format!("{}{}", self.url, path))
            .header("apikey", &self.anon)
            .header("X-Client-Info", "supabase-js/2.119.1; runtime=node")
            .header("Authorization", format!("Bearer {}", token.unwrap_or(&self.anon)));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.header("Content-Type", "application/json").body(body.to_owned());
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Reply { status, headers, body }
    }

    async fn auth(&self, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let method = if body.is_some() || path.starts_with("/logout") { Method::POST } else { Method::GET };
        let body = body.map(|b| b.to_string());
        self.send(
            method,
            &format!("/auth/v1{path}"),
            token,
            body.as_deref(),
            &[("X-Supabase-Api-Version", "2024-01-01")],
        )
        .await
    }

    async fn sign_up(&self) -> User {
        let reply = self.auth("/signup", None, Some(json!({"data": {}, "gotrue_meta_security": {}}))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        User {
            id: reply.body["user"]["id"].as_str().unwrap().to_owned(),
            token: reply.body["access_token"].as_str().unwrap().to_owned(),
            refresh: reply.body["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    async fn rpc(&self, user: Option<&User>, name: &str, args: Value) -> Reply {
        let token = user.map(|u| u.token.as_str());
        let body = args.to_string();
        self.send(Method::POST, &format!("/rest/v1/rpc/{name}"), token, Some(&body), &[("Content-Profile", "public")])
            .await
    }

    async fn get(&self, user: Option<&User>, path_and_query: &str) -> Reply {
        self.get_with(user, path_and_query, &[]).await
    }

    async fn get_with(&self, user: Option<&User>, path_and_query: &str, headers: &[(&str, &str)]) -> Reply {
        let mut all = vec![("Accept-Profile", "public")];
        all.extend_from_slice(headers);
        self.send(Method::GET, &format!("/rest/v1/{path_and_query}"), user.map(|u| u.token.as_str()), None, &all).await
    }

    /// `from('messages').upsert(rows, {onConflict: 'id', ignoreDuplicates: true}).select()`.
    async fn send_batch(&self, user: &User, rows: &Value) -> Reply {
        self.send(
            Method::POST,
            &format!("/rest/v1/messages?on_conflict=id&columns={}&select=*", columns_param(rows)),
            Some(&user.token),
            Some(&rows.to_string()),
            &[("Content-Profile", "public"), ("Prefer", "resolution=ignore-duplicates, return=representation")],
        )
        .await
    }

    async fn create_session(&self, user: &User, name: &str, language: &str) -> Value {
        let reply = self.rpc(Some(user), "create_session", json!({"display_name": name, "language": language})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.body
    }

    async fn join(&self, user: &User, code: &str, name: &str, language: &str) -> Reply {
        self.rpc(Some(user), "join_session", json!({"code": code, "display_name": name, "language": language})).await
    }

    /// Two users in one session: (a, b, session id, code).
    async fn pair(&self) -> (User, User, String, String) {
        let a = self.sign_up().await;
        let b = self.sign_up().await;
        let session = self.create_session(&a, "Alice", "en").await;
        let code = session["code"].as_str().unwrap().to_owned();
        let joined = self.join(&b, &code, "Bruno", "es").await;
        assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
        (a, b, session["id"].as_str().unwrap().to_owned(), code)
    }
}

/// postgrest-js's `columns` for an array insert: the union of keys, each double-quoted,
/// form-encoded.
fn columns_param(rows: &Value) -> String {
    let mut keys: Vec<String> = Vec::new();
    for row in rows.as_array().into_iter().flatten() {
        for key in row.as_object().unwrap().keys() {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    keys.iter().map(|k| format!("%22{k}%22")).collect::<Vec<_>>().join("%2C")
}

fn rows(session: &str, sender: &str, bodies: &[&str], first_client_seq: i64) -> Value {
    Value::Array(
        bodies
            .iter()
            .enumerate()
            .map(|(i, body)| {
                json!({
                    "id": Uuid::new_v4(),
                    "session_id": session,
                    "sender_id": sender,
                    "client_seq": first_client_seq + i as i64,
                    "body": body,
                    "source_lang": "en",
                })
            })
            .collect(),
    )
}

fn keys() -> JwtKeys {
    JwtKeys::new(DEV_JWT_SECRET, "test")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

// ---------------------------------------------------------------------------------------------
// Auth

#[tokio::test]
async fn anonymous_signup_returns_a_session_and_user_as_gotrue_does() {
    let srv = server().await;
    let reply = srv.auth("/signup", None, Some(json!({"data": {"nick": "bob"}, "gotrue_meta_security": {}}))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = &reply.body;
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 3600);
    let expires_at = body["expires_at"].as_i64().unwrap();
    assert!((expires_at - now() - 3600).abs() <= 2, "expires_at is now + expires_in");
    assert!(body["refresh_token"].as_str().unwrap().len() >= 16);
    let user = &body["user"];
    assert_eq!(user["aud"], "authenticated");
    assert_eq!(user["role"], "authenticated");
    assert_eq!(user["is_anonymous"], true);
    assert_eq!(user["user_metadata"], json!({"nick": "bob"}));
    assert_eq!(user["app_metadata"], json!({}));
    assert_eq!(user["identities"], json!([]));
    let claims = keys().verify(body["access_token"].as_str().unwrap(), now()).unwrap();
    assert_eq!(claims.sub.as_deref(), user["id"].as_str());
    assert_eq!(claims.role, "authenticated");
    assert!(claims.session_id.is_some());

    let user = srv.sign_up().await;
    let me = srv.auth("/user", Some(&user.token), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["id"], user.id.as_str());
    assert_eq!(me.body["is_anonymous"], true);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_is_refused() {
    // No reuse interval: only a lost answer (the current token's parent) may come again.
    let srv = start(Config { refresh_reuse_interval_secs: 0, ..Config::for_tests() }).await;
    let refresh =
        |token: &str| srv.auth("/token?grant_type=refresh_token", None, Some(json!({"refresh_token": token})));
    let user = srv.sign_up().await;
    let first = refresh(&user.refresh).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let rotated = first.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(rotated, user.refresh);
    assert_eq!(first.body["user"]["id"], user.id.as_str(), "same user after refresh");
    let second = refresh(&rotated).await;
    assert_eq!(second.status, StatusCode::OK, "the rotated token works once");
    let newest = second.body["refresh_token"].as_str().unwrap().to_owned();

    let reused = refresh(&user.refresh).await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    assert_eq!(reused.code(), "refresh_token_already_used");
    assert_eq!(reused.message(), "Invalid Refresh Token: Already Used");
    // auth-js only trusts `code` when the response says which API version it speaks.
    assert_eq!(reused.header("x-supabase-api-version"), "2024-01-01");

    let unknown = refresh("nope").await;
    assert_eq!((unknown.status, unknown.code()), (StatusCode::BAD_REQUEST, "refresh_token_not_found"));
    assert_eq!(unknown.message(), "Invalid Refresh Token: Refresh Token Not Found");

    let password = srv.auth("/token?grant_type=password", None, Some(json!({"email": "a@b.c"}))).await;
    assert_eq!((password.status, password.code()), (StatusCode::BAD_REQUEST, "unsupported_grant_type"));

    // The reuse revoked the whole family (the auth session), as GoTrue does: the newest token
    // and the session behind the newest access token are gone too.
    let after = refresh(&newest).await;
    assert_eq!((after.status, after.code()), (StatusCode::BAD_REQUEST, "refresh_token_not_found"));
    let newest_access = second.body["access_token"].as_str().unwrap();
    let me = srv.auth("/user", Some(newest_access), None).await;
    assert_eq!((me.status, me.code()), (StatusCode::FORBIDDEN, "session_not_found"));
    // Another user's family is untouched.
    let other = srv.sign_up().await;
    let theirs = srv.auth("/token?grant_type=refresh_token", None, Some(json!({"refresh_token": other.refresh}))).await;
    assert_eq!(theirs.status, StatusCode::OK);
}

#[tokio::test]
async fn a_refresh_repeated_by_a_second_tab_gets_the_current_token() {
    let srv = server().await;
    let user = srv.sign_up().await;
    let refresh = |token: String| {
        let srv = &srv;
        async move { srv.auth("/token?grant_type=refresh_token", None, Some(json!({"refresh_token": token}))).await }
    };
    let first = refresh(user.refresh.clone()).await;
    assert_eq!(first.status, StatusCode::OK);
    // Two tabs refreshing at once: the slower one presents the token the faster one spent.
    let twin = refresh(user.refresh.clone()).await;
    assert_eq!(twin.status, StatusCode::OK, "{}", twin.body);
    assert_eq!(twin.body["refresh_token"], first.body["refresh_token"], "the family's current token, no new one");
    let next = refresh(first.body["refresh_token"].as_str().unwrap().to_owned()).await;
    assert_eq!(next.status, StatusCode::OK, "the family lives on");
}

#[tokio::test]
async fn signup_metadata_is_bounded() {
    let srv = server().await;
    let name = |n: usize| json!({"data": {"display_name": "x".repeat(n)}});
    let fits = srv.auth("/signup", None, Some(name(900))).await;
    assert_eq!(fits.status, StatusCode::OK, "{}", fits.body);
    let big = srv.auth("/signup", None, Some(name(1024))).await;
    assert_eq!((big.status, big.code()), (StatusCode::BAD_REQUEST, "validation_failed"), "{}", big.body);
    assert_eq!(big.header("x-supabase-api-version"), "2024-01-01", "GoTrue's error shape");
    let huge = srv.auth("/signup", None, Some(json!({"data": {"blob": "y".repeat(500_000)}}))).await;
    assert_eq!(huge.code(), "validation_failed");
}

#[tokio::test]
async fn logout_ends_the_refresh_chain_and_the_user_endpoint_checks_tokens() {
    let srv = server().await;
    let user = srv.sign_up().await;

    let missing = srv.send(Method::GET, "/auth/v1/user", None, None, &[]).await;
    // Signed-out supabase-js sends the anon key as bearer: no user in it.
    assert_eq!((missing.status, missing.code()), (StatusCode::FORBIDDEN, "bad_jwt"));
    let none = srv.http.get(format!("{}/auth/v1/user", srv.url)).header("apikey", &srv.anon).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let none: Value = none.json().await.unwrap();
    assert_eq!(none["code"], "no_authorization");
    let garbage = srv.auth("/user", Some("garbage"), None).await;
    assert_eq!((garbage.status, garbage.code()), (StatusCode::FORBIDDEN, "bad_jwt"));
    let expired = keys().access_token(Uuid::parse_str(&user.id).unwrap(), Uuid::new_v4(), now() - 7200, 3600);
    assert_eq!(srv.auth("/user", Some(&expired), None).await.status, StatusCode::FORBIDDEN);

    let out = srv.auth("/logout?scope=global", Some(&user.token), None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let refresh = srv.auth("/token?grant_type=refresh_token", None, Some(json!({"refresh_token": user.refresh}))).await;
    assert_eq!(refresh.code(), "refresh_token_not_found");
    let me = srv.auth("/user", Some(&user.token), None).await;
    assert_eq!((me.status, me.code()), (StatusCode::FORBIDDEN, "session_not_found"));
}

#[tokio::test]
async fn signup_refuses_bad_input_and_foreign_api_keys() {
    let srv = server().await;
    let bad = srv.send(Method::POST, "/auth/v1/signup", None, Some("{nope"), &[]).await;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "bad_json"));
    let email = srv.auth("/signup", None, Some(json!({"email": "a@b.c", "password": "secret"}))).await;
    assert_eq!(email.status, StatusCode::UNPROCESSABLE_ENTITY);
    let foreign = JwtKeys::new("another-secret-another-secret-another", "x").anon_key();
    let reply = srv
        .http
        .post(format!("{}/auth/v1/signup", srv.url))
        .header("apikey", foreign)
        .json(&json!({"data": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signups_are_rate_limited_per_address() {
    let srv = server().await;
    for _ in 0..100 {
        srv.sign_up().await;
    }
    let over = srv.auth("/signup", None, Some(json!({"data": {}}))).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(over.code(), "over_request_rate_limit");
    // Another server keeps its own limits.
    server().await.sign_up().await;
}

// ---------------------------------------------------------------------------------------------
// Sessions

#[tokio::test]
async fn create_join_rejoin_and_full() {
    let srv = server().await;
    let (a, b) = (srv.sign_up().await, srv.sign_up().await);
    let created = srv.create_session(&a, "Alice", "en").await;
    let code = created["code"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| session_sync::domain::CODE_ALPHABET.contains(c)), "{code}");
    assert_eq!(created.as_object().unwrap().len(), 3, "exactly {{id, code, expires_at}}: {created}");
    let expires = chrono::DateTime::parse_from_rfc3339(created["expires_at"].as_str().unwrap()).unwrap();
    let ttl = expires.timestamp() - now();
    assert!((86_390..=86_400).contains(&ttl), "expires in 24 h, got {ttl} s");

    let joined = srv.join(&b, &code.to_lowercase(), "Bruno", "es").await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert_eq!(joined.body["id"], created["id"]);
    assert_eq!(joined.body["created_by"], a.id.as_str());
    assert_eq!(joined.body["ended_at"], Value::Null);

    for (user, name) in [(&b, "Bruno"), (&a, "Alice")] {
        let again = srv.join(user, code, name, "en").await;
        assert_eq!(again.status, StatusCode::OK, "rejoin is a no-op: {}", again.body);
        assert_eq!(again.body["id"], created["id"]);
    }
    let parts = srv
        .get(
            Some(&a),
            &format!("participants?select=*&session_id=eq.{}&order=joined_at", created["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(parts.body.as_array().unwrap().len(), 2, "{}", parts.body);
    assert_eq!(parts.body[1]["language"], "es", "a rejoin keeps the first join's profile");

    let c = srv.sign_up().await;
    let full = srv.join(&c, code, "Carla", "fr").await;
    assert_eq!((full.status, full.code(), full.message()), (StatusCode::BAD_REQUEST, "P0001", "session_full"));
}

#[tokio::test]
async fn join_errors_carry_stable_codes() {
    let srv = server().await;
    let a = srv.sign_up().await;
    let created = srv.create_session(&a, "Alice", "en").await;
    let code = created["code"].as_str().unwrap();
    let b = srv.sign_up().await;
    let unknown = if code == "ZZZZZZ" { "YYYYYY" } else { "ZZZZZZ" };
    assert_eq!(srv.join(&b, unknown, "B", "es").await.message(), "session_not_found");
    assert_eq!(srv.join(&b, code, "", "es").await.message(), "invalid_input");
    assert_eq!(srv.join(&b, code, "B", "Spanish").await.message(), "invalid_input");
    assert_eq!(
        srv.rpc(Some(&b), "join_session", json!({"code": code})).await.message(),
        "invalid_input",
        "missing arguments"
    );
    let extra =
        srv.rpc(Some(&b), "join_session", json!({"code": code, "display_name": "B", "language": "es", "x": 1})).await;
    assert_eq!(extra.code(), "PGRST202", "an unknown argument names no function");
    let missing = srv.rpc(Some(&b), "join_session", json!({"code": 5, "display_name": "B", "language": "es"})).await;
    assert_eq!((missing.status, missing.message()), (StatusCode::BAD_REQUEST, "invalid_input"));
    let create = srv.rpc(Some(&b), "create_session", json!({"display_name": " ", "language": "en"})).await;
    assert_eq!(create.message(), "invalid_input");
    let unknown_fn = srv.rpc(Some(&b), "drop_everything", json!({"x": 1})).await;
    assert_eq!((unknown_fn.status, unknown_fn.code()), (StatusCode::NOT_FOUND, "PGRST202"));
    assert_eq!(unknown_fn.message(), "Could not find the function public.drop_everything(x) in the schema cache");
    let anon = srv.rpc(None, "create_session", json!({"display_name": "A", "language": "en"})).await;
    assert_eq!((anon.status, anon.code()), (StatusCode::UNAUTHORIZED, "42501"));
}

/// `retry_after_ms=N` of a 429's `details`.
fn retry_after_ms(reply: &Reply) -> u64 {
    let details = reply.body["details"].as_str().unwrap_or_default();
    details.strip_prefix("retry_after_ms=").and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{}", reply.body))
}

/// Repeats `attempt` until its answer is not 429, within `deadline_ms`; returns that answer.
async fn until_not_locked<F: std::future::Future<Output = Reply>>(deadline_ms: u64, attempt: impl Fn() -> F) -> Reply {
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(deadline_ms);
    loop {
        let reply = attempt().await;
        if reply.status != StatusCode::TOO_MANY_REQUESTS || std::time::Instant::now() > deadline {
            return reply;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn wrong_join_codes_lock_the_guesser_out_with_a_growing_wait() {
    let srv = server().await;
    let a = srv.sign_up().await;
    let code = srv.create_session(&a, "Alice", "en").await["code"].as_str().unwrap().to_owned();
    let wrong = if code == "ZZZZZZ" { "YYYYYY" } else { "ZZZZZZ" };
    let guesser = srv.sign_up().await;
    // Five free failures; the sixth is still answered and starts the lockout.
    for n in 1..=6 {
        let miss = srv.join(&guesser, wrong, "G", "es").await;
        assert_eq!((miss.status, miss.message()), (StatusCode::BAD_REQUEST, "session_not_found"), "attempt {n}");
    }
    let mut waits = Vec::new();
    for round in 0..3 {
        let locked = srv.join(&guesser, wrong, "G", "es").await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "round {round}: {}", locked.body);
        assert_eq!((locked.code(), locked.message()), ("PT429", "too_many_attempts"));
        // Even the right code waits: the lockout is on the guesser, not on wrong answers.
        let right = srv.join(&guesser, &code, "G", "es").await;
        assert_eq!(right.message(), "too_many_attempts");
        waits.push((locked.header("retry-after").to_owned(), retry_after_ms(&locked)));
        if round < 2 {
            // Waiting the lockout out buys one more guess, which doubles the next lockout.
            let next = until_not_locked(10_000, || srv.join(&guesser, wrong, "G", "es")).await;
            assert_eq!(next.message(), "session_not_found");
        }
    }
    assert_eq!(waits.iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>(), ["1", "2", "4"], "{waits:?}");
    assert!(waits.windows(2).all(|w| w[1].1 > w[0].1 && w[1].1 > 1_000), "{waits:?}");
    // The creator reloading (a participant's rejoin) is never blocked, even from the guesser's
    // address, and the guesser's lockout has not touched other people.
    assert_eq!(srv.join(&a, &code, "Alice", "en").await.status, StatusCode::OK);
    let b = srv.sign_up().await;
    assert_eq!(srv.join(&b, &code, "Bruno", "es").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_flood_of_wrong_codes_from_one_address_gets_429_whatever_the_user() {
    let srv = server().await;
    let a = srv.sign_up().await;
    let code = srv.create_session(&a, "Alice", "en").await["code"].as_str().unwrap().to_owned();
    // Anonymous users are cheap: a guesser takes a fresh one every few guesses.
    let mut users = Vec::new();
    for _ in 0..30 {
        users.push(srv.sign_up().await);
    }
    let mut answered = 0;
    let started = std::time::Instant::now();
    for i in 0..3_000 {
        let guess = format!("{:06}", i).replace('0', "A").replace('1', "B");
        if guess == code {
            continue;
        }
        let reply = srv.join(&users[i % users.len()], &guess, "G", "es").await;
        match reply.status {
            StatusCode::BAD_REQUEST => answered += 1,
            StatusCode::TOO_MANY_REQUESTS => assert_eq!(reply.message(), "too_many_attempts"),
            other => panic!("{other}: {}", reply.body),
        }
    }
    // The address's 20 free failures and the one that starts the lockout, then one more each
    // time a lockout (1 s, 2 s, 4 s, …) runs out while the flood goes on.
    let secs = started.elapsed().as_secs_f64();
    let lockouts_passed = (secs + 1.0).log2().floor() as usize;
    assert!((21..=21 + lockouts_passed).contains(&answered), "{answered} answered in {secs:.1} s");
    let fresh = srv.sign_up().await;
    let right = srv.join(&fresh, &code, "Bruno", "es").await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "a fresh user on that address waits too");
    assert_eq!(srv.join(&a, &code, "Alice", "en").await.status, StatusCode::OK, "the participant rejoins");
}

#[tokio::test]
async fn session_creation_is_rate_limited() {
    let srv = server().await;
    let a = srv.sign_up().await;
    for _ in 0..10 {
        srv.create_session(&a, "Alice", "en").await;
    }
    let over = srv.rpc(Some(&a), "create_session", json!({"display_name": "Alice", "language": "en"})).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    assert_eq!((over.code(), over.message()), ("PT429", "too_many_sessions"));
    let wait = retry_after_ms(&over);
    assert!((50_000..=60_000).contains(&wait), "one a minute after the burst: {wait}");
    // Per address: the burst of 30 is shared by every user of it.
    for _ in 0..2 {
        let user = srv.sign_up().await;
        for _ in 0..10 {
            srv.create_session(&user, "B", "en").await;
        }
    }
    let other = srv.sign_up().await;
    let refused = srv.rpc(Some(&other), "create_session", json!({"display_name": "C", "language": "en"})).await;
    assert_eq!((refused.status, refused.message()), (StatusCode::TOO_MANY_REQUESTS, "too_many_sessions"));
}

/// Moves a session's end into the past, as 24 hours passing would.
fn expire(srv: &Server, session_id: &str) {
    let db = session_server::db::Db::open(srv.db.as_ref().unwrap().to_str().unwrap()).unwrap();
    db.with(|c| {
        c.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000000+00:00' WHERE id = ?1", [session_id])
            .unwrap()
    });
}

#[tokio::test]
async fn an_expired_session_refuses_joins_and_new_messages() {
    let srv = server_on_file().await;
    let (a, b, session, code) = srv.pair().await;
    let stored = rows(&session, &a.id, &["before"], 1);
    assert_eq!(srv.send_batch(&a, &stored).await.status, StatusCode::CREATED);
    expire(&srv, &session);

    let c = srv.sign_up().await;
    let join = srv.join(&c, &code, "Carla", "fr").await;
    assert_eq!((join.status, join.message()), (StatusCode::BAD_REQUEST, "session_expired"));
    let late = srv.send_batch(&a, &rows(&session, &a.id, &["after"], 2)).await;
    assert_eq!((late.status, late.code(), late.message()), (StatusCode::BAD_REQUEST, "P0001", "session_expired"));
    let retry = srv.send_batch(&a, &stored).await;
    assert_eq!(
        (retry.status, retry.body.clone()),
        (StatusCode::CREATED, json!([])),
        "a retry of a stored row still succeeds"
    );
    // History stays readable.
    let history = srv.get(Some(&b), &format!("messages?select=body&session_id=eq.{session}")).await;
    assert_eq!(history.body, json!([{"body": "before"}]));
}

#[tokio::test]
async fn leave_then_rejoin() {
    let srv = server().await;
    let (a, b, session, code) = srv.pair().await;
    let left = srv.rpc(Some(&b), "leave_session", json!({"session_id": session})).await;
    assert_eq!((left.status, left.body.clone()), (StatusCode::NO_CONTENT, Value::Null), "void");
    let row = srv.get(Some(&a), &format!("participants?select=left_at&user_id=eq.{}", b.id)).await;
    assert!(row.body[0]["left_at"].is_string(), "{}", row.body);
    let refused = srv.send_batch(&b, &rows(&session, &b.id, &["hello?"], 1)).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "42501"), "who left cannot send");
    assert_eq!(srv.join(&b, &code, "Bruno", "es").await.status, StatusCode::OK);
    let row = srv.get(Some(&a), &format!("participants?select=left_at&user_id=eq.{}", b.id)).await;
    assert_eq!(row.body, json!([{"left_at": null}]));
    assert_eq!(srv.send_batch(&b, &rows(&session, &b.id, &["back"], 1)).await.status, StatusCode::CREATED);
}

// ---------------------------------------------------------------------------------------------
// Messages

#[tokio::test]
async fn batched_upsert_keeps_order_assigns_seq_and_is_idempotent() {
    let srv = server().await;
    let (a, b, session, _) = srv.pair().await;
    let batch = rows(&session, &a.id, &["one", "two", "three", "four", "five"], 1);
    let sent = srv.send_batch(&a, &batch).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let stored = sent.body.as_array().unwrap().clone();
    assert_eq!(stored.iter().map(|r| r["seq"].as_i64().unwrap()).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5]);
    for (row, sent) in stored.iter().zip(batch.as_array().unwrap()) {
        assert_eq!(row["id"], sent["id"]);
        assert_eq!(row["body"], sent["body"]);
        assert_eq!(row["translated_body"], Value::Null);
        assert!(chrono::DateTime::parse_from_rfc3339(row["created_at"].as_str().unwrap()).is_ok());
    }

    let retry = srv.send_batch(&a, &batch).await;
    assert_eq!((retry.status, retry.body.clone()), (StatusCode::CREATED, json!([])), "nothing new");
    let mut mixed = vec![batch[4].clone()];
    mixed.extend(rows(&session, &a.id, &["six"], 6).as_array().unwrap().clone());
    let mixed = srv.send_batch(&a, &Value::Array(mixed)).await;
    assert_eq!(mixed.body.as_array().unwrap().len(), 1);
    assert_eq!(mixed.body[0]["seq"], 6);
    let partner = srv.send_batch(&b, &rows(&session, &b.id, &["hola"], 1)).await;
    assert_eq!(partner.body[0]["seq"], 7, "seq is per session, across senders");

    // Catch-up as the sync engine makes it.
    let catch_up =
        srv.get(Some(&b), &format!("messages?select=*&session_id=eq.{session}&seq=gt.2&order=seq.asc")).await;
    assert_eq!(catch_up.status, StatusCode::OK);
    let seqs: Vec<i64> = catch_up.body.as_array().unwrap().iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, vec![3, 4, 5, 6, 7]);
    assert_eq!(catch_up.header("content-range"), "0-4/*");
    let page = srv
        .get_with(
            Some(&b),
            &format!("messages?select=seq&session_id=eq.{session}&order=seq.desc&limit=2&offset=1"),
            &[("Prefer", "count=exact")],
        )
        .await;
    assert_eq!(page.body, json!([{"seq": 6}, {"seq": 5}]));
    assert_eq!(page.header("content-range"), "1-2/7");
    let empty = srv.get(Some(&b), &format!("messages?select=*&session_id=eq.{session}&seq=gt.100")).await;
    assert_eq!((empty.body.clone(), empty.header("content-range")), (json!([]), "*/*"));
}

#[tokio::test]
async fn single_object_requests() {
    let srv = server().await;
    let (a, _b, session, _) = srv.pair().await;
    let one = rows(&session, &a.id, &["solo"], 1)[0].clone();
    let object = [("Accept", "application/vnd.pgrst.object+json")];
    let mut headers = vec![("Content-Profile", "public"), ("Prefer", "return=representation")];
    headers.extend_from_slice(&object);
    let inserted =
        srv.send(Method::POST, "/rest/v1/messages?select=*", Some(&a.token), Some(&one.to_string()), &headers).await;
    assert_eq!(inserted.status, StatusCode::CREATED, "{}", inserted.body);
    assert_eq!(inserted.body["id"], one["id"], "a bare object: {}", inserted.body);

    let found =
        srv.get_with(Some(&a), &format!("messages?select=body&id=eq.{}", one["id"].as_str().unwrap()), &object).await;
    assert_eq!((found.status, found.body.clone()), (StatusCode::OK, json!({"body": "solo"})));
    let none = srv.get_with(Some(&a), "messages?select=*&seq=gt.5", &object).await;
    assert_eq!((none.status, none.code()), (StatusCode::NOT_ACCEPTABLE, "PGRST116"));
    assert_eq!(none.body["details"], "The result contains 0 rows");
    let many = srv.get_with(Some(&a), &format!("participants?select=*&session_id=eq.{session}"), &object).await;
    assert_eq!(
        (many.status, many.body["details"].as_str()),
        (StatusCode::NOT_ACCEPTABLE, Some("The result contains 2 rows"))
    );
}

#[tokio::test]
async fn plain_insert_duplicates_and_minimal_return() {
    let srv = server().await;
    let (a, _b, session, _) = srv.pair().await;
    let row = rows(&session, &a.id, &["hi"], 1)[0].clone();
    let minimal = srv.send(Method::POST, "/rest/v1/messages", Some(&a.token), Some(&row.to_string()), &[]).await;
    assert_eq!(
        (minimal.status, minimal.body.clone()),
        (StatusCode::CREATED, Value::Null),
        "return=minimal: empty body"
    );
    let duplicate = srv.send(Method::POST, "/rest/v1/messages", Some(&a.token), Some(&row.to_string()), &[]).await;
    assert_eq!((duplicate.status, duplicate.code()), (StatusCode::CONFLICT, "23505"));
    assert_eq!(duplicate.message(), "duplicate key value violates unique constraint \"messages_pkey\"");
    assert_eq!(duplicate.body["details"], format!("Key (id)=({}) already exists.", row["id"].as_str().unwrap()));
    assert_eq!(duplicate.body["hint"], Value::Null);

    let merge = srv
        .send(
            Method::POST,
            "/rest/v1/messages?on_conflict=id&select=seq",
            Some(&a.token),
            Some(&row.to_string()),
            &[("Prefer", "resolution=merge-duplicates,return=representation")],
        )
        .await;
    assert_eq!((merge.status, merge.body.clone()), (StatusCode::CREATED, json!([{"seq": 1}])), "identical re-send");
    let mut edited = row.clone();
    edited["body"] = json!("edited");
    let merge = srv
        .send(
            Method::POST,
            "/rest/v1/messages?on_conflict=id",
            Some(&a.token),
            Some(&edited.to_string()),
            &[("Prefer", "resolution=merge-duplicates")],
        )
        .await;
    assert_eq!((merge.status, merge.code()), (StatusCode::FORBIDDEN, "42501"), "messages cannot be edited");
}

#[tokio::test]
async fn message_rows_are_validated() {
    let srv = server().await;
    let (a, _b, session, _) = srv.pair().await;
    let check = |body: &str| rows(&session, &a.id, &[body], 1);
    let long = "x".repeat(2001);
    let reply = srv.send_batch(&a, &check(&long)).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, "23514"));
    assert_eq!(reply.message(), "new row for relation \"messages\" violates check constraint \"messages_body_check\"");
    assert_eq!(srv.send_batch(&a, &check("")).await.code(), "23514");
    let unicode = "é".repeat(2000);
    assert_eq!(srv.send_batch(&a, &check(&unicode)).await.status, StatusCode::CREATED);

    let mut batch = rows(&session, &a.id, &["fine", "also fine"], 10);
    batch[1]["source_lang"] = json!("english");
    assert_eq!(srv.send_batch(&a, &batch).await.code(), "23514");
    let first = srv.get(Some(&a), &format!("messages?select=id&id=eq.{}", batch[0]["id"].as_str().unwrap())).await;
    assert_eq!(first.body, json!([]), "a failed batch stores nothing");

    let mut unknown = check("x");
    unknown[0]["colour"] = json!("red");
    let reply = srv.send(Method::POST, "/rest/v1/messages", Some(&a.token), Some(&unknown.to_string()), &[]).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, "PGRST204"));
    assert_eq!(reply.message(), "Could not find the 'colour' column of 'messages' in the schema cache");
    // With `columns=`, keys outside the list are ignored, as PostgREST does.
    let reply = srv
        .send(Method::POST, "/rest/v1/messages?columns=%22id%22%2C%22session_id%22%2C%22sender_id%22%2C%22client_seq%22%2C%22body%22%2C%22source_lang%22", Some(&a.token), Some(&unknown.to_string()), &[])
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);

    let mut forged_seq = check("x");
    forged_seq[0]["seq"] = json!(1000);
    assert_eq!(srv.send_batch(&a, &forged_seq).await.status, StatusCode::FORBIDDEN, "seq is the server's");
    let mut forged_translation = check("x");
    forged_translation[0]["translated_body"] = json!("fake");
    assert_eq!(srv.send_batch(&a, &forged_translation).await.code(), "42501");

    let too_many = rows(&session, &a.id, &vec!["x"; 101], 100);
    assert_eq!(srv.send_batch(&a, &too_many).await.status, StatusCode::BAD_REQUEST);

    for bad in ["{nope", "", "42", "[1,2]"] {
        let reply = srv.send(Method::POST, "/rest/v1/messages", Some(&a.token), Some(bad), &[]).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, "PGRST102"), "{bad:?}");
        assert_eq!(reply.message(), "Empty or invalid json");
    }
    let big = format!("[{}]", "1,".repeat(600_000));
    let reply = srv.send(Method::POST, "/rest/v1/messages", Some(&a.token), Some(&big), &[]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.code(), "54000", "oversize bodies answer in PostgREST's shape: {}", reply.body);
}

// ---------------------------------------------------------------------------------------------
// Authorization

#[tokio::test]
async fn a_third_user_sees_nothing_and_can_do_nothing() {
    let srv = server().await;
    let (a, b, session, _) = srv.pair().await;
    let sent = srv.send_batch(&a, &rows(&session, &a.id, &["secret"], 1)).await;
    let message_id = sent.body[0]["id"].as_str().unwrap().to_owned();
    let c = srv.sign_up().await;
    srv.create_session(&c, "Carla", "fr").await;

    for path in [
        format!("sessions?select=*&id=eq.{session}"),
        format!("participants?select=*&session_id=eq.{session}"),
        format!("messages?select=*&session_id=eq.{session}"),
        format!("messages?select=*&id=eq.{message_id}"),
    ] {
        let reply = srv.get(Some(&c), &path).await;
        assert_eq!((reply.status, reply.body.clone()), (StatusCode::OK, json!([])), "{path}");
    }
    assert_eq!(
        srv.get(Some(&c), "sessions?select=*").await.body.as_array().unwrap().len(),
        1,
        "only Carla's own session"
    );
    assert_eq!(srv.get(Some(&c), "messages?select=*").await.body, json!([]));

    let intrude = srv.send_batch(&c, &rows(&session, &c.id, &["intruder"], 1)).await;
    assert_eq!((intrude.status, intrude.code()), (StatusCode::FORBIDDEN, "42501"));
    assert_eq!(intrude.message(), "new row violates row-level security policy for table \"messages\"");
    let forged = srv.send_batch(&b, &rows(&session, &a.id, &["as alice"], 9)).await;
    assert_eq!((forged.status, forged.code()), (StatusCode::FORBIDDEN, "42501"), "sender_id must be the caller");

    for (name, args) in [
        ("ack_messages", json!({"session_id": session, "delivered_seq": 1, "read_seq": 1})),
        ("leave_session", json!({"session_id": session})),
        ("retranslate", json!({"message_id": message_id})),
    ] {
        let reply = srv.rpc(Some(&c), name, args).await;
        assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "42501"), "{name}: {}", reply.body);
    }
    for method in [Method::PATCH, Method::DELETE] {
        for who in [&a, &c] {
            let reply = srv
                .send(
                    method.clone(),
                    &format!("/rest/v1/messages?id=eq.{message_id}"),
                    Some(&who.token),
                    Some("{\"body\":\"x\"}"),
                    &[],
                )
                .await;
            assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "42501"), "{method}");
        }
    }
    let still = srv.get(Some(&b), &format!("messages?select=body&id=eq.{message_id}")).await;
    assert_eq!(still.body, json!([{"body": "secret"}]));
    let parts = srv.get(Some(&a), &format!("participants?select=left_at,read_seq&session_id=eq.{session}")).await;
    assert_eq!(parts.body, json!([{"left_at": null, "read_seq": 0}, {"left_at": null, "read_seq": 0}]));
    let sessions_insert =
        srv.send(Method::POST, "/rest/v1/sessions", Some(&c.token), Some("{\"code\":\"AAAAAA\"}"), &[]).await;
    assert_eq!((sessions_insert.status, sessions_insert.code()), (StatusCode::FORBIDDEN, "42501"));
}

#[tokio::test]
async fn the_anonymous_role_reads_nothing_and_writes_nothing() {
    let srv = server().await;
    let (a, _b, session, _) = srv.pair().await;
    srv.send_batch(&a, &rows(&session, &a.id, &["x"], 1)).await;
    for table in ["sessions", "participants", "messages"] {
        let reply = srv.get(None, &format!("{table}?select=*")).await;
        assert_eq!((reply.status, reply.body.clone()), (StatusCode::OK, json!([])), "{table}");
    }
    let row = rows(&session, &a.id, &["as anon"], 2);
    let reply = srv.send(Method::POST, "/rest/v1/messages", None, Some(&row.to_string()), &[]).await;
    assert_eq!((reply.status, reply.code()), (StatusCode::UNAUTHORIZED, "42501"));
    let reply = srv.send(Method::DELETE, "/rest/v1/messages", None, None, &[]).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tokens_are_verified() {
    let srv = server().await;
    let a = srv.sign_up().await;
    let garbage = srv.get(Some(&User { token: "not-a-jwt".into(), ..a.clone() }), "messages?select=*").await;
    assert_eq!((garbage.status, garbage.code()), (StatusCode::UNAUTHORIZED, "PGRST301"));
    let claims = json!({"sub": a.id, "role": "authenticated", "aud": "authenticated", "exp": now() + 3600});
    let foreign = JwtKeys::new("another-secret-another-secret-another", "x").sign(&claims);
    let forged = srv.get(Some(&User { token: foreign, ..a.clone() }), "messages?select=*").await;
    assert_eq!((forged.status, forged.code()), (StatusCode::UNAUTHORIZED, "PGRST301"));
    let expired = keys().access_token(Uuid::parse_str(&a.id).unwrap(), Uuid::new_v4(), now() - 7200, 3600);
    let expired = srv.get(Some(&User { token: expired, ..a.clone() }), "messages?select=*").await;
    assert_eq!(
        (expired.status, expired.code(), expired.message()),
        (StatusCode::UNAUTHORIZED, "PGRST303", "JWT expired")
    );
    let good = keys().sign(&claims);
    assert_eq!(srv.get(Some(&User { token: good, ..a.clone() }), "messages?select=*").await.status, StatusCode::OK);

    let bad_apikey = srv
        .http
        .get(format!("{}/rest/v1/messages?select=*", srv.url))
        .header("apikey", "nope")
        .header("Authorization", format!("Bearer {}", a.token))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_apikey.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_tables_columns_and_bad_filters() {
    let srv = server().await;
    let a = srv.sign_up().await;
    let table = srv.get(Some(&a), "users?select=*").await;
    assert_eq!((table.status, table.code()), (StatusCode::NOT_FOUND, "PGRST205"));
    assert_eq!(table.message(), "Could not find the table 'public.users' in the schema cache");
    let column = srv.get(Some(&a), "messages?select=id,colour").await;
    assert_eq!((column.status, column.code()), (StatusCode::BAD_REQUEST, "42703"));
    let filter = srv.get(Some(&a), "messages?colour=eq.red").await;
    assert_eq!(filter.code(), "42703");
    let value = srv.get(Some(&a), "messages?seq=gt.abc").await;
    assert_eq!((value.status, value.code()), (StatusCode::BAD_REQUEST, "22P02"));
    let schema = srv
        .send(Method::GET, "/rest/v1/messages?select=*", Some(&a.token), None, &[("Accept-Profile", "private")])
        .await;
    assert_eq!((schema.status, schema.code()), (StatusCode::NOT_ACCEPTABLE, "PGRST106"));
    let op = srv.get(Some(&a), "messages?body=like.*x*").await;
    assert_eq!((op.status, op.code()), (StatusCode::BAD_REQUEST, "PGRST100"));
}

#[tokio::test]
async fn receipts_rise_monotonically_and_retranslate_is_for_participants() {
    let srv = server().await;
    let (a, b, session, _) = srv.pair().await;
    let sent = srv.send_batch(&a, &rows(&session, &a.id, &["1", "2", "3", "4", "5"], 1)).await;
    let watermarks = || async {
        let reply = srv.get(Some(&a), &format!("participants?select=delivered_seq,read_seq&user_id=eq.{}", b.id)).await;
        let row = &reply.body[0];
        (row["delivered_seq"].as_i64().unwrap(), row["read_seq"].as_i64().unwrap())
    };
    let ack = |d: Value, r: Value| {
        srv.rpc(Some(&b), "ack_messages", json!({"session_id": session, "delivered_seq": d, "read_seq": r}))
    };
    let reply = ack(json!(5), json!(3)).await;
    assert_eq!((reply.status, reply.body.clone()), (StatusCode::NO_CONTENT, Value::Null), "void");
    assert_eq!(watermarks().await, (5, 3));
    assert_eq!(ack(json!(2), json!(1)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(watermarks().await, (5, 3), "never lowered");
    ack(json!(4), json!(4)).await;
    assert_eq!(watermarks().await, (5, 4));
    ack(json!(50), json!(50)).await;
    assert_eq!(watermarks().await, (5, 5), "clamped to the partner's newest message");
    let own =
        srv.rpc(Some(&a), "ack_messages", json!({"session_id": session, "delivered_seq": 5, "read_seq": 5})).await;
    assert_eq!(own.status, StatusCode::NO_CONTENT);
    let mine = srv.get(Some(&b), &format!("participants?select=read_seq&user_id=eq.{}", a.id)).await;
    assert_eq!(mine.body, json!([{"read_seq": 0}]), "nobody acks their own messages");
    assert_eq!(ack(json!("5"), json!("5")).await.status, StatusCode::NO_CONTENT, "bigints may come as strings");
    assert_eq!(ack(json!("x"), json!(1)).await.message(), "invalid_input");

    let id = sent.body[0]["id"].as_str().unwrap();
    let reply = srv.rpc(Some(&b), "retranslate", json!({"message_id": id})).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = srv.rpc(Some(&b), "retranslate", json!({"message_id": Uuid::new_v4()})).await;
    assert_eq!(
        (reply.status, reply.message()),
        (StatusCode::FORBIDDEN, "not a participant of this session"),
        "unknown ids look foreign"
    );
}

#[tokio::test]
async fn translate_function_says_no_engine_yet() {
    let mut config = Config::for_tests();
    config.translator = Some(session_server::config::TranslatorKind::None);
    let srv = start(config).await;
    let a = srv.sign_up().await;
    let reply = srv
        .send(
            Method::POST,
            "/functions/v1/translate",
            Some(&a.token),
            Some("{\"text\":\"hi\",\"source\":\"en\",\"target\":\"es\"}"),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.body["error"], "no translation engine configured");
}

#[tokio::test]
async fn message_floods_get_429_with_the_wait_and_store_nothing() {
    let mut config = Config::for_tests();
    config.message_burst = 5;
    config.message_rate = 0.5;
    let srv = start(config).await;
    let (a, b, session, _) = srv.pair().await;

    let first = srv.send_batch(&a, &rows(&session, &a.id, &["1", "2", "3", "4"], 1)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let flood = srv.send_batch(&a, &rows(&session, &a.id, &["5", "6", "7"], 5)).await;
    assert_eq!((flood.status, flood.code()), (StatusCode::TOO_MANY_REQUESTS, "over_message_rate_limit"));
    // One token left, two more needed at 0.5/s: 4 s, less what refilled between the requests.
    let wait_ms: u64 = flood.body["details"].as_str().unwrap().trim_start_matches("retry_after_ms=").parse().unwrap();
    assert!((3_000..=4_000).contains(&wait_ms), "wait {wait_ms} ms");
    assert_eq!(flood.header("retry-after"), wait_ms.div_ceil(1000).to_string());
    let stored = srv.get(Some(&a), &format!("messages?select=id&session_id=eq.{session}")).await;
    assert_eq!(stored.body.as_array().unwrap().len(), 4, "the refused batch stored nothing");

    // The refused batch spent nothing: the one token left still sends one message, and the
    // partner's budget is their own.
    let one = srv.send_batch(&a, &rows(&session, &a.id, &["5"], 5)).await;
    assert_eq!(one.status, StatusCode::CREATED, "{}", one.body);
    let partner = srv.send_batch(&b, &rows(&session, &b.id, &["hola"], 1)).await;
    assert_eq!(partner.status, StatusCode::CREATED, "{}", partner.body);

    let too_big = srv.send_batch(&b, &rows(&session, &b.id, &["x"; 6], 2)).await;
    assert_eq!((too_big.status, too_big.code()), (StatusCode::BAD_REQUEST, "54000"), "{}", too_big.body);
}
