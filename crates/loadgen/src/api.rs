//! The HTTP calls supabase-js makes for the app (docs/contracts.md §3), with failures classified by the
//! app's own rule (`session_sync::classify`), so the load tools test the classifier users run.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};
use session_sync::classify::{classify, Failure};
use session_sync::domain::{Message, NewMessage, Participant};
use session_sync::engine::RequestError;
use uuid::Uuid;

/// A backend: its base URL (`http://host:port`) and anon key.
#[derive(Clone, Debug)]
pub struct Api {
    http: reqwest::Client,
    pub base: String,
    pub anon_key: String,
}

/// A signed-in (anonymous) user.
#[derive(Clone, Debug)]
pub struct Auth {
    pub access_token: String,
    pub user_id: Uuid,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    user: UserResponse,
}

#[derive(Deserialize)]
struct UserResponse {
    id: Uuid,
}

impl Api {
    pub fn new(base: &str, anon_key: &str) -> Api {
        let http = reqwest::Client::builder()
            // The engine times requests out itself; this only bounds a leaked task.
            .timeout(Duration::from_secs(60))
            .build()
            .expect("http client");
        Api { http, base: base.trim_end_matches('/').to_owned(), anon_key: anon_key.to_owned() }
    }

    /// For a server given by URL only: the anon key from its `/config.json`.
    pub async fn discover(base: &str) -> Result<Api, String> {
        let url = format!("{}/config.json", base.trim_end_matches('/'));
        let body: Value =
            reqwest::get(&url).await.map_err(|e| e.to_string())?.json().await.map_err(|e| e.to_string())?;
        let key = body["supabaseAnonKey"].as_str().ok_or_else(|| format!("{url} has no supabaseAnonKey"))?;
        Ok(Api::new(base, key))
    }

    /// `ws://…/realtime/v1/websocket?apikey=…&vsn=2.0.0`, as supabase-js builds it.
    pub fn realtime_url(&self) -> String {
        let ws = if let Some(rest) = self.base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = self.base.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            self.base.clone()
        };
        format!("{ws}/realtime/v1/websocket?apikey={}&vsn=2.0.0", self.anon_key)
    }

    fn request(&self, method: Method, path: &str, token: Option<&str>) -> reqwest::RequestBuilder {
        let bearer = token.unwrap_or(&self.anon_key);
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("apikey", &self.anon_key)
            .header("authorization", format!("Bearer {bearer}"))
            .header("x-client-info", "session-loadgen")
    }

    /// `auth.signInAnonymously()`.
    pub async fn sign_up(&self) -> Result<Auth, RequestError> {
        let res = self.request(Method::POST, "/auth/v1/signup", None).json(&json!({})).send().await.map_err(network)?;
        let t: TokenResponse = decode(res).await?;
        Ok(Auth { access_token: t.access_token, user_id: t.user.id })
    }

    /// `rpc(name, args)`: the function's JSON result (`Null` for a void function's 204).
    pub async fn rpc(&self, auth: &Auth, name: &str, args: Value) -> Result<Value, RequestError> {
        let res = self
            .request(Method::POST, &format!("/rest/v1/rpc/{name}"), Some(&auth.access_token))
            .json(&args)
            .send()
            .await
            .map_err(network)?;
        if res.status() == StatusCode::NO_CONTENT {
            return Ok(Value::Null);
        }
        decode(res).await
    }

    /// `rpc('create_session', …)` → the session's id and code.
    pub async fn create_session(
        &self,
        auth: &Auth,
        name: &str,
        language: &str,
    ) -> Result<(Uuid, String), RequestError> {
        let v = self.rpc(auth, "create_session", json!({"display_name": name, "language": language})).await?;
        let id = v["id"]
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| RequestError::Permanent(format!("create_session answered {v}").into()))?;
        let code = v["code"].as_str().unwrap_or_default().to_owned();
        Ok((id, code))
    }

    /// `rpc('join_session', …)` → the session's id.
    pub async fn join_session(
        &self,
        auth: &Auth,
        code: &str,
        name: &str,
        language: &str,
    ) -> Result<Uuid, RequestError> {
        let v =
            self.rpc(auth, "join_session", json!({"code": code, "display_name": name, "language": language})).await?;
        v["id"]
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| RequestError::Permanent(format!("join_session answered {v}").into()))
    }

    /// `from('messages').upsert(rows, {onConflict: 'id', ignoreDuplicates: true}).select()`.
    pub async fn upsert(&self, auth: &Auth, rows: &[NewMessage]) -> Result<Vec<Message>, RequestError> {
        let res = self.upsert_request(&auth.access_token).json(rows).send().await.map_err(network)?;
        decode(res).await
    }

    /// The request of [`Api::upsert`] without its body, for a caller that times it itself.
    pub fn upsert_request(&self, access_token: &str) -> reqwest::RequestBuilder {
        self.request(Method::POST, "/rest/v1/messages?on_conflict=id&select=*", Some(access_token))
            .header("prefer", "resolution=ignore-duplicates,return=representation")
    }

    /// `from('messages').select('*').eq('session_id', s).gt('seq', after).order('seq')`: every
    /// message after `after_seq` (what a test compares against).
    pub async fn messages_after(
        &self,
        auth: &Auth,
        session: Uuid,
        after_seq: i64,
    ) -> Result<Vec<Message>, RequestError> {
        let path = format!("/rest/v1/messages?select=*&session_id=eq.{session}&seq=gt.{after_seq}&order=seq.asc");
        let res = self.request(Method::GET, &path, Some(&auth.access_token)).send().await.map_err(network)?;
        decode(res).await
    }

    /// The engine's catch-up page: `.gt('seq', after).order('seq', {ascending: !newest})
    /// .limit(limit)`.
    pub async fn messages_page(
        &self,
        auth: &Auth,
        session: Uuid,
        after_seq: i64,
        limit: u32,
        newest: bool,
    ) -> Result<Vec<Message>, RequestError> {
        let order = if newest { "desc" } else { "asc" };
        let path = format!(
            "/rest/v1/messages?select=*&session_id=eq.{session}&seq=gt.{after_seq}&order=seq.{order}&limit={limit}"
        );
        let res = self.request(Method::GET, &path, Some(&auth.access_token)).send().await.map_err(network)?;
        decode(res).await
    }

    /// `from('participants').select('*').eq('session_id', s)`.
    pub async fn participants(&self, auth: &Auth, session: Uuid) -> Result<Vec<Participant>, RequestError> {
        let path = format!("/rest/v1/participants?select=*&session_id=eq.{session}");
        let res = self.request(Method::GET, &path, Some(&auth.access_token)).send().await.map_err(network)?;
        decode(res).await
    }

    /// `rpc('ack_messages', {session_id, delivered_seq, read_seq})`.
    pub async fn ack(&self, auth: &Auth, session: Uuid, delivered_seq: i64, read_seq: i64) -> Result<(), RequestError> {
        self.rpc(
            auth,
            "ack_messages",
            json!({"session_id": session, "delivered_seq": delivered_seq, "read_seq": read_seq}),
        )
        .await
        .map(|_| ())
    }
}

fn network(e: reqwest::Error) -> RequestError {
    classify(&Failure { message: &e.to_string(), ..Failure::default() })
}

/// The body as `T` on success, else the failure classified as the app classifies it.
async fn decode<T: serde::de::DeserializeOwned>(res: reqwest::Response) -> Result<T, RequestError> {
    let status = res.status();
    let retry_after_secs =
        res.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    let body = res.bytes().await.map_err(network)?;
    if status.is_success() {
        return serde_json::from_slice(&body)
            .map_err(|e| RequestError::Transient(format!("unreadable {status} reply: {e}")));
    }
    // PostgREST's error shape (`code`, `message`, `details`); GoTrue says `msg` or `error`.
    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let message = ["message", "msg", "error"]
        .iter()
        .find_map(|k| v[k].as_str())
        .map_or_else(|| String::from_utf8_lossy(&body).into_owned(), str::to_owned);
    Err(classify(&Failure {
        status: status.as_u16(),
        code: v["code"].as_str(),
        message: &message,
        details: v["details"].as_str(),
        retry_after_secs,
    }))
}
