//! Remote engines over HTTP: LibreTranslate, DeepL and any OpenAI-compatible chat-completions
//! service. Each is a request mapping and a response mapping around one shared client.
//! reqwest is built with rustls and WebPKI roots, so hosted `https://` APIs work as well as
//! plain `http://` engines on the host or LAN.

use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::{json, Value};

use super::{Provider, TranslateError};
use crate::config::{Config, TranslatorKind};

pub fn from_config(kind: TranslatorKind, config: &Config) -> Result<Arc<dyn Provider>, String> {
    let url = config
        .translator_url
        .clone()
        .or_else(|| match kind {
            TranslatorKind::Libretranslate => Some("http://127.0.0.1:5000".into()),
            _ => None,
        })
        .ok_or_else(|| format!("--translator {kind:?} needs --translator-url").to_lowercase())?;
    let timeout = Duration::from_millis(config.translator_timeout_ms.max(1));
    let key = config.translator_key.clone();
    Ok(match kind {
        TranslatorKind::Libretranslate => Arc::new(LibreTranslate::new(&url, key, timeout)),
        TranslatorKind::Deepl => {
            Arc::new(DeepL::new(&url, key.ok_or("--translator deepl needs --translator-key")?, timeout))
        }
        TranslatorKind::Openai => {
            let model = config.translator_model.clone().unwrap_or_else(|| "gpt-4o-mini".into());
            Arc::new(OpenAi::new(&url, key, model, timeout))
        }
        TranslatorKind::Apertium | TranslatorKind::None => unreachable!("not an HTTP engine"),
    })
}

fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder().timeout(timeout).build().unwrap_or_default()
}

/// Sends a request and reads a JSON answer, turning transport failures, timeouts and error
/// statuses into the provider's error with the status and a short excerpt of the body.
async fn send_json(provider: &'static str, request: reqwest::RequestBuilder) -> Result<Value, TranslateError> {
    let response = request.send().await.map_err(|e| {
        if e.is_timeout() {
            TranslateError::Timeout { provider }
        } else {
            TranslateError::provider(provider, format!("unreachable ({})", root_cause(&e)))
        }
    })?;
    let status = response.status();
    let body = response.text().await.map_err(|e| {
        if e.is_timeout() {
            TranslateError::Timeout { provider }
        } else {
            TranslateError::provider(provider, format!("reading the answer failed ({e})"))
        }
    })?;
    if !status.is_success() {
        let excerpt: String = body.chars().take(200).collect();
        return Err(TranslateError::provider(provider, format!("HTTP {} {}", status.as_u16(), excerpt.trim())));
    }
    serde_json::from_str(&body).map_err(|_| TranslateError::provider(provider, "answer is not JSON"))
}

fn root_cause(err: &dyn std::error::Error) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

fn missing(provider: &'static str, field: &str) -> TranslateError {
    TranslateError::provider(provider, format!("answer has no {field}"))
}

fn base(url: &str) -> String {
    url.trim_end_matches('/').to_owned()
}

/// LibreTranslate: `POST /translate {q, source, target, format, api_key?}` → `{translatedText}`.
pub struct LibreTranslate {
    url: String,
    key: Option<String>,
    client: reqwest::Client,
}

impl LibreTranslate {
    pub fn new(url: &str, key: Option<String>, timeout: Duration) -> Self {
        LibreTranslate { url: base(url), key, client: client(timeout) }
    }

    pub fn request_body(&self, text: &str, source: &str, target: &str) -> Value {
        let mut body = json!({"q": text, "source": source, "target": target, "format": "text"});
        if let Some(key) = &self.key {
            body["api_key"] = json!(key);
        }
        body
    }
}

impl Provider for LibreTranslate {
    fn name(&self) -> &'static str {
        "libretranslate"
    }

    fn pairs(&self) -> Option<Vec<(String, String)>> {
        None
    }

    fn translate<'a>(
        &'a self,
        text: &'a str,
        source: &'a str,
        target: &'a str,
    ) -> BoxFuture<'a, Result<String, TranslateError>> {
        Box::pin(async move {
            let request =
                self.client.post(format!("{}/translate", self.url)).json(&self.request_body(text, source, target));
            let answer = send_json(self.name(), request).await?;
            answer["translatedText"].as_str().map(str::to_owned).ok_or_else(|| missing(self.name(), "translatedText"))
        })
    }
}

/// DeepL: `POST /v2/translate` with `Authorization: DeepL-Auth-Key …` and JSON
/// `{text: [..], source_lang, target_lang}` (upper-case codes) → `{translations: [{text}]}`.
pub struct DeepL {
    url: String,
    key: String,
    client: reqwest::Client,
}

impl DeepL {
    pub fn new(url: &str, key: String, timeout: Duration) -> Self {
        DeepL { url: base(url), key, client: client(timeout) }
    }

    pub fn request_body(text: &str, source: &str, target: &str) -> Value {
        // DeepL wants a regional variant for some targets; these are the ones it refuses bare.
        let target = match target {
            "en" => "EN-US".to_owned(),
            "pt" => "PT-PT".to_owned(),
            other => other.to_uppercase(),
        };
        json!({"text": [text], "source_lang": source.to_uppercase(), "target_lang": target})
    }
}

impl Provider for DeepL {
    fn name(&self) -> &'static str {
        "deepl"
    }

    fn pairs(&self) -> Option<Vec<(String, String)>> {
        None
    }

    fn translate<'a>(
        &'a self,
        text: &'a str,
        source: &'a str,
        target: &'a str,
    ) -> BoxFuture<'a, Result<String, TranslateError>> {
        Box::pin(async move {
            let request = self
                .client
                .post(format!("{}/v2/translate", self.url))
                .header("Authorization", format!("DeepL-Auth-Key {}", self.key))
                .json(&Self::request_body(text, source, target));
            let answer = send_json(self.name(), request).await?;
            answer["translations"][0]["text"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| missing(self.name(), "translations[0].text"))
        })
    }
}

/// An OpenAI-compatible chat-completions endpoint (OpenAI, a llama.cpp or vLLM server, …):
/// `POST /chat/completions` → `choices[0].message.content`.
pub struct OpenAi {
    url: String,
    key: Option<String>,
    model: String,
    client: reqwest::Client,
}

impl OpenAi {
    pub fn new(url: &str, key: Option<String>, model: String, timeout: Duration) -> Self {
        OpenAi { url: base(url), key, model, client: client(timeout) }
    }

    pub fn request_body(&self, text: &str, source: &str, target: &str) -> Value {
        let instruction = format!(
            "You translate chat messages from the language with ISO 639-1 code '{source}' into the \
             language with code '{target}'. Reply with the translation only: no quotes, notes or \
             explanations. Keep line breaks, names, emoji and URLs as they are."
        );
        json!({
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": instruction},
                {"role": "user", "content": text},
            ],
        })
    }
}

impl Provider for OpenAi {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn pairs(&self) -> Option<Vec<(String, String)>> {
        None
    }

    fn translate<'a>(
        &'a self,
        text: &'a str,
        source: &'a str,
        target: &'a str,
    ) -> BoxFuture<'a, Result<String, TranslateError>> {
        Box::pin(async move {
            let mut request = self
                .client
                .post(format!("{}/chat/completions", self.url))
                .json(&self.request_body(text, source, target));
            if let Some(key) = &self.key {
                request = request.bearer_auth(key);
            }
            let answer = send_json(self.name(), request).await?;
            let content = answer["choices"][0]["message"]["content"]
                .as_str()
                .ok_or_else(|| missing(self.name(), "choices[0].message.content"))?;
            let content = content.trim();
            if content.is_empty() {
                return Err(missing(self.name(), "translation (empty content)"));
            }
            Ok(content.to_owned())
        })
    }
}
