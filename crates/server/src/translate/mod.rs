//! Translation: one [`Provider`] trait with an offline engine (Apertium, a pipeline per
//! direction started on first use, with pivots through one language) and HTTP engines
//! (LibreTranslate, DeepL, OpenAI-compatible chat), a cache bounded in bytes and scoped
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
    /// Every engine of the chain failed; each one's failure, in order.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    AllFailed(Vec<TranslateError>),
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

/// The configured engines, in the order they are tried, behind a cache and a per-request time
/// limit. The limit covers the whole request, the wait for a busy engine included; engines are
/// written so that a request dropped at any point leaves them usable (see `apertium`).
pub struct Translator {
    /// The chain: the first engine with a route for a pair answers, the next ones when it fails.
    engines: Vec<Arc<dyn Provider>>,
    cache: Cache,
    timeout: Duration,
    /// Longest an engine that is not the last one of the chain may take.
    engine_timeout: Duration,
    /// Every language of some engine's pairs, sorted; fixed with the engines, and read for each
    /// message (the detector's candidates).
    languages: Vec<String>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Translator {
    pub fn new(engines: Vec<Arc<dyn Provider>>, cache_bytes: u64, timeout: Duration, engine_timeout: Duration) -> Self {
        let mut languages: Vec<String> =
            engines.iter().flat_map(|e| engine_pairs(e.as_ref())).flat_map(|(s, t)| [s, t]).collect();
        languages.sort();
        languages.dedup();
        Translator {
            engines,
            cache: Cache::new(cache_bytes),
            timeout,
            engine_timeout,
            languages,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The engines the flags ask for; no `--translator` means Apertium when it is installed.
    pub fn from_config(config: &Config) -> Result<Self, String> {
        let timeout = Duration::from_millis(config.translator_timeout_ms.max(1));
        let engine_timeout = Duration::from_millis(config.translator_engine_timeout_ms.max(1));
        let first = match config.translator {
            None if !apertium::is_installed() => {
                tracing::warn!("apertium is not on PATH and no --translator is set: messages stay untranslated");
                None
            }
            None => Some(TranslatorKind::Apertium),
            Some(kind) => Some(kind),
        };
        let mut engines: Vec<Arc<dyn Provider>> = Vec::new();
        for kind in first.into_iter().chain(config.translator_fallback.iter().copied()) {
            let engine: Arc<dyn Provider> = match kind {
                TranslatorKind::None => continue,
                TranslatorKind::Apertium => {
                    if !apertium::is_installed() {
                        return Err("--translator apertium: the apertium command is not on PATH".into());
                    }
                    Arc::new(apertium::Apertium::discover(&config.apertium_dir, timeout)?)
                }
                kind => http::from_config(kind, config)?,
            };
            if engines.iter().any(|e| e.name() == engine.name()) {
                return Err(format!("the translation engine {} is listed twice", engine.name()));
            }
            tracing::info!(provider = engine.name(), "translation engine ready");
            engines.push(engine);
        }
        Ok(Translator::new(engines, config.translation_cache_bytes, timeout, engine_timeout))
    }

    /// The first engine's name; `None` without an engine.
    pub fn provider_name(&self) -> Option<&'static str> {
        self.engines.first().map(|p| p.name())
    }

    /// Pairs offered to the join form: every engine's (every pair of [`COMMON_LANGUAGES`] for
    /// engines that do not list theirs), none without an engine.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = self.engines.iter().flat_map(|e| engine_pairs(e.as_ref())).collect();
        all.sort();
        all.dedup();
        all
    }

    /// Languages that appear in some pair, sorted.
    pub fn languages(&self) -> &[String] {
        &self.languages
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
        let Some(first) = self.engines.first() else { return Err(TranslateError::NoEngine) };
        if source == target {
            let route = route_label(first.name(), &[source.to_owned(), target.to_owned()]);
            return Ok(Translated { text: text.to_owned(), provider: first.name(), route, cached: false });
        }
        let candidates: Vec<&Arc<dyn Provider>> = self.engines.iter().filter(|e| e.supports(source, target)).collect();
        if candidates.is_empty() {
            return Err(TranslateError::Unsupported {
                provider: first.name(),
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
            // Cached as `route \0 text`: the engine that answered is part of the answer.
            if let Some((route, text)) = hit.split_once('\0') {
                let name = route.split(' ').next().unwrap_or_default();
                if let Some(engine) = self.engines.iter().find(|e| e.name() == name) {
                    self.hits.fetch_add(1, Ordering::Relaxed);
                    let (route, text) = (route.to_owned(), text.to_owned());
                    return Ok(Translated { text, provider: engine.name(), route, cached: true });
                }
            }
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let (prepared, input) = text::prepare(text, context, stages);
        let deadline = tokio::time::Instant::now() + self.timeout;
        let mut failures = Vec::new();
        for (i, engine) in candidates.iter().enumerate() {
            let remaining = deadline.saturating_duration_since(tokio::time::Instant::now());
            let budget = engine_budget(i + 1 == candidates.len(), remaining, self.engine_timeout);
            let answer = tokio::time::timeout(budget, engine.translate(&input, source, target))
                .await
                .unwrap_or(Err(TranslateError::Timeout { provider: engine.name() }));
            match answer {
                Ok(output) => {
                    let translated = prepared.finish(&output, target);
                    let route = route_label(engine.name(), &engine.route(source, target));
                    self.cache.put(scope, &key, source, target, format!("{route}\0{translated}"));
                    return Ok(Translated { text: translated, provider: engine.name(), route, cached: false });
                }
                Err(err) => {
                    if i + 1 < candidates.len() {
                        tracing::info!(%err, next = candidates[i + 1].name(), "translation engine failed; falling back");
                    }
                    failures.push(err);
                }
            }
        }
        Err(if failures.len() == 1 { failures.remove(0) } else { TranslateError::AllFailed(failures) })
    }

    /// The route of every direction offered, for `/functions/v1/languages`: the languages
    /// between source and target (empty for a direct one).
    pub fn routes(&self) -> Vec<(String, String, Vec<String>)> {
        self.pairs()
            .into_iter()
            .filter_map(|(s, t)| {
                let engine = self.engines.iter().find(|e| e.supports(&s, &t))?;
                let route = engine.route(&s, &t);
                let via = route[1..route.len() - 1].to_vec();
                Some((s, t, via))
            })
            .collect()
    }
}

/// How long the chain lets an engine try: the last one gets whatever is left of the request's
/// time; the others at most `engine_timeout` of it, so the next one still has time.
pub fn engine_budget(is_last: bool, remaining: Duration, engine_timeout: Duration) -> Duration {
    if is_last {
        remaining
    } else {
        remaining.min(engine_timeout)
    }
}

fn engine_pairs(engine: &dyn Provider) -> Vec<(String, String)> {
    engine.pairs().unwrap_or_else(|| {
        let mut all = Vec::new();
        for s in COMMON_LANGUAGES {
            for t in COMMON_LANGUAGES.iter().filter(|t| **t != s) {
                all.push((s.to_owned(), (*t).to_owned()));
            }
        }
        all
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_engine_of_the_chain_gets_all_the_time_left() {
        let (left, share) = (Duration::from_secs(10), Duration::from_secs(3));
        assert_eq!(engine_budget(false, left, share), share);
        assert_eq!(engine_budget(true, left, share), left);
        assert_eq!(engine_budget(false, Duration::from_secs(1), share), Duration::from_secs(1));
    }

    #[test]
    fn a_chain_that_fails_everywhere_names_each_failure() {
        let err = TranslateError::AllFailed(vec![
            TranslateError::Timeout { provider: "libretranslate" },
            TranslateError::provider("apertium", "pipeline task stopped"),
        ]);
        assert_eq!(err.to_string(), "libretranslate: provider timeout; apertium: pipeline task stopped");
    }
}
