//! Translation: one [`Provider`] trait with an offline engine (Apertium, kept warm) and HTTP
//! engines (LibreTranslate, DeepL, OpenAI-compatible chat), a cache bounded in bytes and scoped
//! per session or user in front of it ([`Translator`]), and the background [`pipeline`] that
//! translates stored messages into the partner's language and publishes the result as a
//! messages UPDATE (docs/contracts.md §3).

pub mod apertium;
pub mod cache;
pub mod detect;
pub mod http;
pub mod in_flight;
pub mod pipeline;
pub mod quality;
pub mod route;
pub mod text;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use crate::config::{Config, TranslatorKind};
use cache::Cache;
use text::Stages;

pub use text::{GlossaryTerm, TextContext};

pub use cache::Scope;

pub use pipeline::{Job, Pipeline};

/// Why a text could not be translated. The `Display` text is what the pipeline stores in
/// `translation_error`, so it is written for the person reading the conversation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranslateError {
    #[error("no translation engine configured")]
    NoEngine,
    #[error("{provider}: no {from}→{to} pair")]
    Unsupported { provider: &'static str, from: String, to: String },
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("{provider}: provider timeout")]
    Timeout { provider: &'static str },
    #[error("{provider}: {message}")]
    Provider { provider: &'static str, message: String },
}

impl TranslateError {
    pub fn provider(provider: &'static str, message: impl Into<String>) -> Self {
        TranslateError::Provider { provider, message: message.into() }
    }
}

/// A translation engine. Codes are ISO 639-1 (`en`, `es`), as the app stores them.
pub trait Provider: Send + Sync {
    /// Short name reported to clients (`{translated, provider}`) and used in error texts.
    fn name(&self) -> &'static str;

    /// The directions this engine can translate, or `None` when it does not say (remote
    /// services): then any pair of [`COMMON_LANGUAGES`] is offered and the service decides.
    fn pairs(&self) -> Option<Vec<(String, String)>>;

    fn supports(&self, source: &str, target: &str) -> bool {
        match self.pairs() {
            Some(pairs) => pairs.iter().any(|(s, t)| s == source && t == target),
            None => true,
        }
    }

    /// The languages a translation from `source` to `target` passes through (just the two
    /// unless the engine goes through a pivot); `Translated::route` names them.
    fn route(&self, source: &str, target: &str) -> Vec<String> {
        vec![source.to_owned(), target.to_owned()]
    }

    /// The directions worth starting before the first message: none for remote services.
    fn warm_up_pairs(&self) -> Vec<(String, String)> {
        Vec::new()
    }

    fn translate<'a>(
        &'a self,
        text: &'a str,
        source: &'a str,
        target: &'a str,
    ) -> BoxFuture<'a, Result<String, TranslateError>>;
}

/// Offered for engines that do not list their languages; all of them are common to
/// LibreTranslate, DeepL and general-purpose chat models.
pub const COMMON_LANGUAGES: [&str; 12] = ["en", "es", "fr", "de", "it", "pt", "nl", "pl", "ru", "uk", "ja", "zh"];

/// Longest text `translate` accepts, in characters: a message is at most 2000, and previews
/// should not be a way to use the server as a free bulk translator.
pub const MAX_TEXT_CHARS: usize = 5000;

/// A finished translation and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub text: String,
    pub provider: &'static str,
    /// What `messages.translated_by` records: `<engine> <source>><target>`, or through a pivot
    /// `<engine> <source>><pivot>><target>` (docs/contracts.md §1).
    pub route: String,
    pub cached: bool,
}

/// The route label `messages.translated_by` records: `apertium en>es`, `apertium fr>es>en`.
pub fn route_label(provider: &str, languages: &[String]) -> String {
    format!("{provider} {}", languages.join(">"))
}

/// The configured provider behind a cache and a per-request time limit. The limit covers the
/// whole request, the wait for a busy engine included; engines are written so that a request
/// dropped at any point leaves them usable (see `apertium`).
pub struct Translator {
    provider: Option<Arc<dyn Provider>>,
    cache: Cache,
    timeout: Duration,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Translator {
    pub fn new(provider: Option<Arc<dyn Provider>>, cache_bytes: u64, timeout: Duration) -> Self {
        Translator {
            provider,
            cache: Cache::new(cache_bytes),
            timeout,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The engine the flags ask for; `None` (auto) means Apertium when it is installed.
    pub fn from_config(config: &Config) -> Result<Self, String> {
        let timeout = Duration::from_millis(config.translator_timeout_ms.max(1));
        let provider: Option<Arc<dyn Provider>> = match config.translator {
            None => {
                if apertium::is_installed() {
                    let engine = apertium::Apertium::discover(&config.apertium_dir, timeout)?;
                    Some(Arc::new(engine))
                } else {
                    tracing::warn!("apertium is not on PATH and no --translator is set: messages stay untranslated");
                    None
                }
            }
            Some(TranslatorKind::None) => None,
            Some(TranslatorKind::Apertium) => {
                if !apertium::is_installed() {
                    return Err("--translator apertium: the apertium command is not on PATH".into());
                }
                Some(Arc::new(apertium::Apertium::discover(&config.apertium_dir, timeout)?))
            }
            Some(kind) => Some(http::from_config(kind, config)?),
        };
        if let Some(p) = &provider {
            tracing::info!(provider = p.name(), "translation engine ready");
        }
        Ok(Translator::new(provider, config.translation_cache_bytes, timeout))
    }

    pub fn provider_name(&self) -> Option<&'static str> {
        self.provider.as_ref().map(|p| p.name())
    }

    /// Pairs offered to the join form; every pair of [`COMMON_LANGUAGES`] for engines that do
    /// not list theirs, none without an engine.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let Some(provider) = &self.provider else { return Vec::new() };
        provider.pairs().unwrap_or_else(|| {
            let mut all = Vec::new();
            for s in COMMON_LANGUAGES {
                for t in COMMON_LANGUAGES.iter().filter(|t| **t != s) {
                    all.push((s.to_owned(), (*t).to_owned()));
                }
            }
            all
        })
    }

    /// Languages that appear in some pair, sorted.
    pub fn languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = self.pairs().into_iter().flat_map(|(s, t)| [s, t]).collect();
        langs.sort();
        langs.dedup();
        langs
    }

    /// `(cache hits, provider calls)` since start; the bench and tests read them.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }

    /// Translates `text` from `source` to `target` through every stage (protected spans, the
    /// engine, polish), from the cache when this exact request was answered before in the same
    /// `scope` and `context`. The same language needs no engine and returns the text as is.
    pub async fn translate(
        &self,
        scope: Scope,
        text: &str,
        source: &str,
        target: &str,
        context: &TextContext,
    ) -> Result<Translated, TranslateError> {
        self.translate_stages(scope, text, source, target, context, Stages::ALL).await
    }

    /// [`Translator::translate`] with only some stages; the quality benchmark scores each.
    pub async fn translate_stages(
        &self,
        scope: Scope,
        text: &str,
        source: &str,
        target: &str,
        context: &TextContext,
        stages: Stages,
    ) -> Result<Translated, TranslateError> {
        check_input(text, source, target)?;
        let Some(provider) = &self.provider else { return Err(TranslateError::NoEngine) };
        let route = route_label(provider.name(), &provider.route(source, target));
        if source == target {
            return Ok(Translated { text: text.to_owned(), provider: provider.name(), route, cached: false });
        }
        if !provider.supports(source, target) {
            return Err(TranslateError::Unsupported {
                provider: provider.name(),
                from: source.to_owned(),
                to: target.to_owned(),
            });
        }
        let key = if context.is_empty() && stages == Stages::ALL {
            text.to_owned()
        } else {
            format!("{text}\u{0}{}\u{0}{stages:?}", context.fingerprint())
        };
        if let Some(hit) = self.cache.get(scope, &key, source, target) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(Translated { text: hit, provider: provider.name(), route, cached: true });
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let (prepared, input) = text::prepare(text, context, stages);
        let output = tokio::time::timeout(self.timeout, provider.translate(&input, source, target))
            .await
            .map_err(|_| TranslateError::Timeout { provider: provider.name() })??;
        let translated = prepared.finish(&output, target);
        self.cache.put(scope, &key, source, target, translated.clone());
        Ok(Translated { text: translated, provider: provider.name(), route, cached: false })
    }

    /// Starts the engine's processes now rather than on the first message (Apertium loads its
    /// dictionaries in about half a second per direction).
    pub async fn warm_up(&self) {
        let Some(provider) = &self.provider else { return };
        for (source, target) in provider.warm_up_pairs() {
            if let Err(err) = provider.translate("hello", &source, &target).await {
                tracing::warn!(%err, %source, %target, "warm-up failed");
            }
        }
    }

    /// The route of every direction offered, for `/functions/v1/languages`: the languages
    /// between source and target (empty for a direct one).
    pub fn routes(&self) -> Vec<(String, String, Vec<String>)> {
        let Some(provider) = &self.provider else { return Vec::new() };
        self.pairs()
            .into_iter()
            .map(|(s, t)| {
                let route = provider.route(&s, &t);
                let via = route[1..route.len() - 1].to_vec();
                (s, t, via)
            })
            .collect()
    }
}

pub fn check_input(text: &str, source: &str, target: &str) -> Result<(), TranslateError> {
    use session_sync::domain::is_language_code;
    if !is_language_code(source) || !is_language_code(target) {
        return Err(TranslateError::InvalidInput("source and target must be ISO 639-1 codes such as \"en\"".into()));
    }
    if text.trim().is_empty() {
        return Err(TranslateError::InvalidInput("text is empty".into()));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(TranslateError::InvalidInput(format!("text is longer than {MAX_TEXT_CHARS} characters")));
    }
    Ok(())
}

/// The translator, the pipeline that uses it and the translate function's calls in flight, as
/// the server holds them.
#[derive(Clone)]
pub struct Translation {
    pub translator: Arc<Translator>,
    pub pipeline: Pipeline,
    pub in_flight: Arc<in_flight::InFlight>,
}
