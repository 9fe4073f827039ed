//! The translation pipeline end to end: messages sent through REST get their translation as an
//! UPDATE of the row, with the real Apertium engine (when installed) and with local fakes of
//! the HTTP engines, including their failures and the retry.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use session_server::config::{Config, TranslatorKind};
use session_server::translate::apertium;
use uuid::Uuid;

struct Srv {
    url: String,
    anon: String,
    http: reqwest::Client,
    state: session_server::AppState,
}

struct User {
    id: String,
    token: String,
}

impl Srv {
    async fn start(config: Config) -> Srv {
        let (running, state) = session_server::spawn_with_state(config).await.expect("server starts");
        Srv { url: running.url, anon: running.anon_key, http: reqwest::Client::new(), state }
    }

    async fn call(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}{}", self.url, path))
            .header("apikey", &self.anon)
            .header("Authorization", format!("Bearer {token}"))
            .header("Prefer", "return=representation,resolution=ignore-duplicates")
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn user(&self) -> User {
        let (_, body) = self.call("/auth/v1/signup", &self.anon, json!({})).await;
        User { id: body["user"]["id"].as_str().unwrap().into(), token: body["access_token"].as_str().unwrap().into() }
    }

    async fn send(&self, user: &User, session: &str, client_seq: i64, body: &str, lang: &str) -> String {
        let id = Uuid::new_v4().to_string();
        let row = json!([{"id": id, "session_id": session, "sender_id": user.id, "client_seq": client_seq, "body": body, "source_lang": lang}]);
        let (status, reply) = self.call("/rest/v1/messages?on_conflict=id", &user.token, row).await;
        assert_eq!(status, StatusCode::CREATED, "{reply}");
        id
    }

    async fn message(&self, user: &User, id: &str) -> Value {
        let response = self
            .http
            .get(format!("{}/rest/v1/messages?id=eq.{id}", self.url))
            .header("apikey", &self.anon)
            .header("Authorization", format!("Bearer {}", user.token))
            .send()
            .await
            .unwrap();
        response.json::<Value>().await.unwrap()[0].clone()
    }

    /// The row once the pipeline has settled it (translated, failed or same language).
    async fn settled(&self, user: &User, id: &str) -> Value {
        for _ in 0..200 {
            let row = self.message(user, id).await;
            if !row["target_lang"].is_null() && (!row["translated_body"].is_null() || !row["translation_error"].is_null() || row["target_lang"] == row["source_lang"]) {
                return row;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("message {id} was never translated: {}", self.message(user, id).await);
    }

    /// A session between `a` (speaking `la`) and, if given, `b` (speaking `lb`).
    async fn session(&self, a: &User, la: &str, b: Option<(&User, &str)>) -> (String, String) {
        let (_, created) = self.call("/rest/v1/rpc/create_session", &a.token, json!({"display_name": "A", "language": la})).await;
        let (id, code) = (created["id"].as_str().unwrap().to_owned(), created["code"].as_str().unwrap().to_owned());
        if let Some((b, lb)) = b {
            self.join(b, &code, lb).await;
        }
        (id, code)
    }

    async fn join(&self, b: &User, code: &str, language: &str) {
        let (status, _) = self.call("/rest/v1/rpc/join_session", &b.token, json!({"code": code, "display_name": "B", "language": language})).await;
        assert_eq!(status, StatusCode::OK);
    }
}

fn config_with(kind: TranslatorKind, url: Option<String>) -> Config {
    let mut config = Config::for_tests();
    config.translator = Some(kind);
    config.translator_url = url;
    config.translator_key = Some("test-key".into());
    config.translator_timeout_ms = 500;
    config
}

fn apertium_ready() -> bool {
    if !apertium::is_installed() || !std::path::Path::new("/usr/share/apertium/modes/eng-spa.mode").exists() {
        eprintln!("SKIPPED: apertium with apertium-eng-spa is not installed (apt-get install apertium apertium-eng-spa)");
        return false;
    }
    true
}

#[tokio::test]
async fn apertium_translates_both_ways_and_the_backlog_when_the_partner_joins() {
    if !apertium_ready() {
        return;
    }
    let mut config = Config::for_tests();
    config.translator = Some(TranslatorKind::Apertium);
    let srv = Srv::start(config).await;
    let (a, b) = (srv.user().await, srv.user().await);
    let (session, code) = srv.session(&a, "en", None).await;
    let early = srv.send(&a, &session, 1, "Good morning", "en").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(srv.message(&a, &early).await["target_lang"].is_null(), "nobody to translate for yet");

    srv.join(&b, &code, "es").await;
    let row = srv.settled(&b, &early).await;
    assert_eq!((row["translated_body"].as_str(), row["target_lang"].as_str()), (Some("Buenos días"), Some("es")));

    let hello = srv.send(&a, &session, 2, "The cat is black.", "en").await;
    let row = srv.settled(&b, &hello).await;
    assert_eq!(row["translated_body"], "El gato es negro.");
    assert_eq!(row["translation_error"], Value::Null);

    let back = srv.send(&b, &session, 1, "Buenos días", "es").await;
    let row = srv.settled(&a, &back).await;
    assert_eq!((row["translated_body"].as_str(), row["target_lang"].as_str()), (Some("Good morning"), Some("en")));

    // The functions endpoint shares the engine and its cache.
    let (status, reply) = srv.call("/functions/v1/translate", &a.token, json!({"text": "Good morning", "source": "en", "target": "es"})).await;
    assert_eq!((status, reply), (StatusCode::OK, json!({"translated": "Buenos días", "provider": "apertium"})));
    let (hits, _) = srv.state.translation.translator.stats();
    assert!(hits >= 1, "the second 'Good morning' came from the cache");
    let (status, reply) = srv.call("/functions/v1/translate", &a.token, json!({"text": "x", "source": "en", "target": "fr"})).await;
    assert_eq!((status.as_u16(), reply["error"].as_str()), (422, Some("apertium: no en→fr pair")));
    let (status, reply) = srv.call("/functions/v1/languages", &a.token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert!(reply["pairs"].as_array().unwrap().contains(&json!(["en", "es"])), "{reply}");
}

#[tokio::test]
async fn same_language_and_missing_engine_are_visible_states() {
    let srv = Srv::start(config_with(TranslatorKind::None, None)).await;
    let (a, b) = (srv.user().await, srv.user().await);
    let (session, _) = srv.session(&a, "en", Some((&b, "es"))).await;
    let id = srv.send(&a, &session, 1, "hello", "en").await;
    let row = srv.settled(&b, &id).await;
    assert_eq!(row["translation_error"], "no translation engine configured");
    assert_eq!(row["body"], "hello", "the original stays readable");

    let (c, d) = (srv.user().await, srv.user().await);
    let (session, _) = srv.session(&c, "en", Some((&d, "en"))).await;
    let id = srv.send(&c, &session, 1, "hello", "en").await;
    let row = srv.settled(&d, &id).await;
    assert_eq!((row["target_lang"].as_str(), row["translated_body"].clone(), row["translation_error"].clone()), (Some("en"), Value::Null, Value::Null));

    let (status, reply) = srv.call("/functions/v1/translate", &srv.anon, json!({"text": "hi", "source": "en", "target": "es"})).await;
    assert_eq!((status.as_u16(), reply["code"].as_str()), (503, Some("no_engine")));
    let (status, _) = srv.call("/functions/v1/translate", &srv.anon, json!({"text": "hi"})).await;
    assert_eq!(status.as_u16(), 400);
}

/// What a fake engine does with the next request.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Ok,
    Fail,
    Hang,
}

#[derive(Clone)]
struct Fake {
    mode: Arc<Mutex<Mode>>,
    calls: Arc<AtomicU32>,
    seen: Arc<Mutex<Vec<(HeaderMap, Value)>>>,
}

impl Fake {
    fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }
}

async fn fake_reply(fake: &Fake, headers: HeaderMap, body: Value, answer: impl FnOnce(&Value) -> Value) -> (StatusCode, Json<Value>) {
    fake.calls.fetch_add(1, Ordering::SeqCst);
    fake.seen.lock().unwrap().push((headers, body.clone()));
    let mode = *fake.mode.lock().unwrap();
    match mode {
        Mode::Ok => (StatusCode::OK, Json(answer(&body))),
        Mode::Fail => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"error": "engine down"}))),
        Mode::Hang => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            (StatusCode::OK, Json(json!({})))
        }
    }
}

/// LibreTranslate, DeepL and OpenAI-compatible APIs on one local port; each "translates" by
/// tagging the text with the target language, which is enough to check the mappings.
async fn fake_engines() -> (String, Fake) {
    let fake = Fake { mode: Arc::new(Mutex::new(Mode::Ok)), calls: Arc::default(), seen: Arc::default() };
    let app = Router::new()
        .route(
            "/translate",
            post(|State(f): State<Fake>, h: HeaderMap, Json(b): Json<Value>| async move {
                fake_reply(&f, h, b, |b| json!({"translatedText": format!("[{}] {}", b["target"].as_str().unwrap(), b["q"].as_str().unwrap())})).await
            }),
        )
        .route(
            "/v2/translate",
            post(|State(f): State<Fake>, h: HeaderMap, Json(b): Json<Value>| async move {
                fake_reply(&f, h, b, |b| json!({"translations": [{"detected_source_language": "EN", "text": format!("[{}] {}", b["target_lang"].as_str().unwrap(), b["text"][0].as_str().unwrap())}]})).await
            }),
        )
        .route(
            "/chat/completions",
            post(|State(f): State<Fake>, h: HeaderMap, Json(b): Json<Value>| async move {
                fake_reply(&f, h, b, |b| json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": format!(" [llm] {}\n", b["messages"][1]["content"].as_str().unwrap())}}]})).await
            }),
        )
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, fake)
}

#[tokio::test]
async fn libretranslate_outage_and_timeout_are_stored_and_retranslate_recovers() {
    let (url, fake) = fake_engines().await;
    let srv = Srv::start(config_with(TranslatorKind::Libretranslate, Some(url))).await;
    let (a, b) = (srv.user().await, srv.user().await);
    let (session, _) = srv.session(&a, "en", Some((&b, "es"))).await;

    let id = srv.send(&a, &session, 1, "hello", "en").await;
    assert_eq!(srv.settled(&b, &id).await["translated_body"], "[es] hello");
    let (_, body) = fake.seen.lock().unwrap()[0].clone();
    assert_eq!(body, json!({"q": "hello", "source": "en", "target": "es", "format": "text", "api_key": "test-key"}));

    fake.set(Mode::Fail);
    let failed = srv.send(&a, &session, 2, "are you there?", "en").await;
    let row = srv.settled(&b, &failed).await;
    assert!(row["translation_error"].as_str().unwrap().starts_with("libretranslate: HTTP 500"), "{row}");
    assert_eq!(row["translated_body"], Value::Null);

    fake.set(Mode::Hang);
    let slow = srv.send(&a, &session, 3, "still there?", "en").await;
    assert_eq!(srv.settled(&b, &slow).await["translation_error"], "libretranslate: provider timeout");

    // The conversation goes on, and the reader's retry translates the failed message.
    fake.set(Mode::Ok);
    let (status, _) = srv.call("/rest/v1/rpc/retranslate", &b.token, json!({"message_id": failed})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let row = srv.settled(&b, &failed).await;
    assert_eq!((row["translated_body"].as_str(), row["translation_error"].clone()), (Some("[es] are you there?"), Value::Null));

    // Cached: the same text and pair is not sent to the engine again.
    let calls = fake.calls.load(Ordering::SeqCst);
    let again = srv.send(&a, &session, 4, "hello", "en").await;
    assert_eq!(srv.settled(&b, &again).await["translated_body"], "[es] hello");
    assert_eq!(fake.calls.load(Ordering::SeqCst), calls);
}

#[tokio::test]
async fn deepl_and_openai_requests_and_answers_are_mapped() {
    let (url, fake) = fake_engines().await;
    let deepl = session_server::translate::Translator::from_config(&config_with(TranslatorKind::Deepl, Some(url.clone()))).unwrap();
    let done = deepl.translate("Good morning", "es", "en").await.unwrap();
    assert_eq!((done.text.as_str(), done.provider), ("[EN-US] Good morning", "deepl"));
    let (headers, body) = fake.seen.lock().unwrap().last().unwrap().clone();
    assert_eq!(headers["authorization"], "DeepL-Auth-Key test-key");
    assert_eq!(body, json!({"text": ["Good morning"], "source_lang": "ES", "target_lang": "EN-US"}));

    let mut config = config_with(TranslatorKind::Openai, Some(url));
    config.translator_model = Some("tiny-model".into());
    let openai = session_server::translate::Translator::from_config(&config).unwrap();
    let done = openai.translate("Hola", "es", "en").await.unwrap();
    assert_eq!((done.text.as_str(), done.provider), ("[llm] Hola", "openai"), "the answer is trimmed");
    let (headers, body) = fake.seen.lock().unwrap().last().unwrap().clone();
    assert_eq!(headers["authorization"], "Bearer test-key");
    assert_eq!(body["model"], "tiny-model");
    assert_eq!(body["messages"][0]["role"], "system");
    assert!(body["messages"][0]["content"].as_str().unwrap().contains("'es'"));
    assert_eq!(body["messages"][1], json!({"role": "user", "content": "Hola"}));

    fake.set(Mode::Fail);
    let err = openai.translate("Otra", "es", "en").await.unwrap_err();
    assert!(err.to_string().starts_with("openai: HTTP 500"), "{err}");
    fake.set(Mode::Hang);
    assert_eq!(deepl.translate("Otra vez", "es", "en").await.unwrap_err().to_string(), "deepl: provider timeout");

    // Nobody listening: a clear "unreachable", not a hang.
    let gone = session_server::translate::Translator::from_config(&config_with(TranslatorKind::Libretranslate, Some("http://127.0.0.1:9".into()))).unwrap();
    let err = gone.translate("hi", "en", "es").await.unwrap_err().to_string();
    assert!(err.starts_with("libretranslate: unreachable"), "{err}");
}
