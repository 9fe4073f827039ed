//! The per-session glossary over HTTP, as supabase-js calls it (docs/features/glossary.md):
//! `rpc('pin_term')`, `rpc('unpin_term')` and `from('glossary_terms').select()`, with the errors
//! PostgreSQL gives (supabase/tests/glossary.sql checks the same rules there).

use reqwest::Method;
use serde_json::{json, Value};
use session_sync::domain::MAX_GLOSSARY_TERMS;

struct Srv {
    url: String,
    anon: String,
    http: reqwest::Client,
}

struct User {
    token: String,
}

impl Srv {
    async fn start() -> Srv {
        let running = session_server::spawn(session_server::config::Config::for_tests()).await.expect("server starts");
        Srv { url: running.url, anon: running.anon_key, http: reqwest::Client::new() }
    }

    async fn request(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{}", self.url, path))
            .header("apikey", &self.anon)
            .header("Authorization", format!("Bearer {token}"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn rpc(&self, name: &str, user: &User, args: Value) -> (u16, Value) {
        self.request(Method::POST, &format!("/rest/v1/rpc/{name}"), &user.token, Some(args)).await
    }

    async fn user(&self) -> User {
        let (_, body) = self.request(Method::POST, "/auth/v1/signup", &self.anon, Some(json!({}))).await;
        User { token: body["access_token"].as_str().unwrap().into() }
    }

    /// A session of `a` (English) and `b` (Spanish); its id.
    async fn session(&self, a: &User, b: &User) -> String {
        let (_, created) = self.rpc("create_session", a, json!({"display_name": "Ana", "language": "en"})).await;
        let (status, _) = self
            .rpc("join_session", b, json!({"code": created["code"], "display_name": "Bea", "language": "es"}))
            .await;
        assert_eq!(status, 200);
        created["id"].as_str().unwrap().to_owned()
    }

    /// `from('glossary_terms').select('*').eq('session_id', session).order('created_at')` as `user`.
    async fn terms(&self, user: &User, session: &str) -> Vec<(String, Option<String>)> {
        let path = format!("/rest/v1/glossary_terms?select=*&session_id=eq.{session}&order=created_at.asc");
        let (status, rows) = self.request(Method::GET, &path, &user.token, None).await;
        assert_eq!(status, 200, "{rows}");
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| (r["term"].as_str().unwrap().to_owned(), r["translation"].as_str().map(str::to_owned)))
            .collect()
    }
}

fn error(reply: &(u16, Value)) -> (u16, &str, &str) {
    (reply.0, reply.1["code"].as_str().unwrap_or(""), reply.1["message"].as_str().unwrap_or(""))
}

#[tokio::test]
async fn participants_pin_read_and_unpin_terms_and_nobody_else_can() {
    let srv = Srv::start().await;
    let (a, b, stranger) = (srv.user().await, srv.user().await, srv.user().await);
    let session = srv.session(&a, &b).await;

    let (status, rosa) =
        srv.rpc("pin_term", &a, json!({"session_id": session, "term": " Rosa ", "translation": null})).await;
    assert_eq!(status, 200, "{rosa}");
    assert_eq!((rosa["term"].as_str(), rosa["translation"].clone()), (Some("Rosa"), Value::Null));
    // supabase-js leaves out an argument that is undefined: the SQL default (null) applies.
    let (status, sol) = srv.rpc("pin_term", &b, json!({"session_id": session, "term": "Sol"})).await;
    assert_eq!((status, sol["translation"].clone()), (200, Value::Null));
    let (status, sol_again) =
        srv.rpc("pin_term", &b, json!({"session_id": session, "term": "SOL", "translation": "Sun"})).await;
    assert_eq!((status, &sol_again["id"]), (200, &sol["id"]), "the same term, folded, is replaced in place");

    let both = vec![("Rosa".to_owned(), None), ("SOL".to_owned(), Some("Sun".to_owned()))];
    assert_eq!(srv.terms(&a, &session).await, both);
    assert_eq!(srv.terms(&b, &session).await, both, "the partner reads the same list");
    assert!(srv.terms(&stranger, &session).await.is_empty(), "RLS: a stranger reads nothing");

    let refused = srv.rpc("pin_term", &stranger, json!({"session_id": session, "term": "Eve"})).await;
    assert_eq!(error(&refused), (403, "42501", "not a participant of this session"));
    let refused = srv.rpc("unpin_term", &stranger, json!({"session_id": session, "term_id": rosa["id"]})).await;
    assert_eq!(error(&refused), (403, "42501", "not a participant of this session"));
    for bad in [json!({"term": "  "}), json!({"term": "x".repeat(101)}), json!({"term": "Sol", "translation": " "})] {
        let mut args = bad.as_object().unwrap().clone();
        args.insert("session_id".into(), json!(session));
        let reply = srv.rpc("pin_term", &a, Value::Object(args)).await;
        assert_eq!(error(&reply), (400, "P0001", "invalid_input"), "{bad}");
    }

    // Writes go through the RPCs only.
    let path = "/rest/v1/glossary_terms";
    let direct = srv.request(Method::POST, path, &a.token, Some(json!({"session_id": session, "term": "x"}))).await;
    assert_eq!(error(&direct).0, 403);
    let direct =
        srv.request(Method::DELETE, &format!("{path}?id=eq.{}", rosa["id"].as_str().unwrap()), &a.token, None).await;
    assert_eq!(error(&direct), (403, "42501", "permission denied for table glossary_terms"));

    let (status, body) = srv.rpc("unpin_term", &b, json!({"session_id": session, "term_id": rosa["id"]})).await;
    assert_eq!((status, body), (204, Value::Null), "the partner removes A's term; void answers 204");
    let (status, _) = srv.rpc("unpin_term", &b, json!({"session_id": session, "term_id": rosa["id"]})).await;
    assert_eq!(status, 204, "removing it again changes nothing");
    assert_eq!(srv.terms(&a, &session).await, vec![("SOL".to_owned(), Some("Sun".to_owned()))]);
}

#[tokio::test]
async fn a_session_pins_a_bounded_number_of_terms() {
    let srv = Srv::start().await;
    let (a, b) = (srv.user().await, srv.user().await);
    let session = srv.session(&a, &b).await;
    for i in 0..MAX_GLOSSARY_TERMS {
        let (status, _) = srv.rpc("pin_term", &a, json!({"session_id": session, "term": format!("term {i}")})).await;
        assert_eq!(status, 200);
    }
    let over = srv.rpc("pin_term", &b, json!({"session_id": session, "term": "one more"})).await;
    assert_eq!(error(&over), (400, "P0001", "too_many_terms"));
    let (status, _) =
        srv.rpc("pin_term", &b, json!({"session_id": session, "term": "TERM 0", "translation": "x"})).await;
    assert_eq!(status, 200, "replacing a pinned term is not one more");
    assert_eq!(srv.terms(&b, &session).await.len(), MAX_GLOSSARY_TERMS);
}
