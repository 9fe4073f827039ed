//! Command-line flags and environment, with defaults that run a development server as is.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// The JWT secret of the Supabase CLI's local stack: fine for development and tests, and printed
/// loudly at start so nobody deploys with it unknowingly.
pub const DEV_JWT_SECRET: &str = "super-secret-jwt-token-with-at-least-32-characters-long";

#[derive(Debug, Clone, Parser)]
#[command(name = "session-server", version, about = "Session Translator's embedded Supabase-compatible backend")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "SESSION_ADDR", default_value = "127.0.0.1:54321")]
    pub addr: SocketAddr,

    /// SQLite database file, or `:memory:` for a throwaway database.
    #[arg(long, env = "SESSION_DB", default_value = ".data/session.db")]
    pub db: String,

    /// HS256 secret that signs access tokens and the anon key.
    #[arg(long, env = "SESSION_JWT_SECRET", default_value = DEV_JWT_SECRET, hide_default_value = true)]
    pub jwt_secret: String,

    /// Directory of static files (the built app) served at `/`, with `index.html` for app routes.
    #[arg(long, env = "SESSION_SERVE_DIR")]
    pub serve_dir: Option<PathBuf>,

    /// Access-token lifetime in seconds.
    #[arg(long, env = "SESSION_JWT_EXP", default_value_t = 3600)]
    pub jwt_exp_secs: i64,

    /// Close a realtime socket that sent nothing (not even a heartbeat) for this many seconds;
    /// its presence goes with it. Phoenix's 60 s suits supabase-js's default 25 s heartbeat; a
    /// client that heartbeats faster (the app: every 2 s) is closed sooner, after about two of
    /// its own beats (see `realtime::hub::idle_limit`).
    #[arg(long, env = "SESSION_IDLE_TIMEOUT", default_value_t = 60)]
    pub idle_timeout_secs: u64,

    /// Lifetime of a new session in seconds (24 h). Hidden: tests shorten it to see expiry.
    #[arg(long, env = "SESSION_TTL_SECS", default_value_t = session_sync::domain::SESSION_TTL_SECS, hide = true)]
    pub session_ttl_secs: i64,

    /// Realtime presence calls (track or untrack) one channel may make per window before the
    /// server closes it, as Supabase limits clients (5 per 30 s); 0 disables the limit.
    #[arg(long, env = "SESSION_PRESENCE_CALLS", default_value_t = 5, hide = true)]
    pub realtime_presence_calls: u32,

    /// The window of `realtime_presence_calls`, in milliseconds.
    #[arg(long, env = "SESSION_PRESENCE_WINDOW_MS", default_value_t = 30_000, hide = true)]
    pub realtime_presence_window_ms: u64,

    /// Largest accepted HTTP request body, in bytes.
    #[arg(long, env = "SESSION_MAX_BODY", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Messages one user may store per second, sustained…
    #[arg(long, env = "SESSION_MESSAGE_RATE", default_value_t = 10.0)]
    pub message_rate: f64,

    /// …and in one burst (an outbox flushed after a long offline spell is one burst). Above it
    /// the server answers 429 with the time to wait, which the client's retry schedule honours.
    #[arg(long, env = "SESSION_MESSAGE_BURST", default_value_t = 60)]
    pub message_burst: u32,

    /// Translation engine: apertium, libretranslate, deepl, openai or none. Unset: Apertium
    /// when the `apertium` command is installed, else none.
    #[arg(long, env = "SESSION_TRANSLATOR", value_enum)]
    pub translator: Option<TranslatorKind>,

    /// Base URL of the HTTP engine (LibreTranslate `http://host:5000`, DeepL
    /// `https://api-free.deepl.com`, an OpenAI-compatible `http://host/v1`).
    #[arg(long, env = "SESSION_TRANSLATOR_URL")]
    pub translator_url: Option<String>,

    /// API key of the HTTP engine (LibreTranslate `api_key`, DeepL auth key, OpenAI bearer).
    #[arg(long, env = "SESSION_TRANSLATOR_KEY", hide_env_values = true)]
    pub translator_key: Option<String>,

    /// Model name for the openai engine (default gpt-4o-mini).
    #[arg(long, env = "SESSION_TRANSLATOR_MODEL")]
    pub translator_model: Option<String>,

    /// Longest one translation may take, in milliseconds, before it is recorded as failed.
    #[arg(long, env = "SESSION_TRANSLATOR_TIMEOUT_MS", default_value_t = 15_000)]
    pub translator_timeout_ms: u64,

    /// Apertium's data directory (its `modes/` lists the installed directions).
    #[arg(long, env = "SESSION_APERTIUM_DIR", default_value = "/usr/share/apertium")]
    pub apertium_dir: PathBuf,

    /// Translations that may run at the same time.
    #[arg(long, env = "SESSION_TRANSLATION_WORKERS", default_value_t = 4)]
    pub translation_workers: usize,

    // --- Translation integrity and abuse limits (issue #9) ---
    /// Bytes of finished translations kept in memory, so a repeated text is translated once
    /// (0 disables). Entries are per session (messages) or per user (the translate function).
    #[arg(long, env = "SESSION_TRANSLATION_CACHE_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub translation_cache_bytes: u64,

    /// `/functions/v1/translate` calls one user may make per minute, sustained…
    #[arg(long, env = "SESSION_TRANSLATE_RATE_PER_MIN", default_value_t = 60)]
    pub translate_rate_per_min: u32,

    /// …and in one burst; above either the answer is 429 with `Retry-After`.
    #[arg(long, env = "SESSION_TRANSLATE_BURST", default_value_t = 20)]
    pub translate_burst: u32,

    /// `/functions/v1/translate` calls one user may have running at once (429 above).
    #[arg(long, env = "SESSION_TRANSLATE_CONCURRENCY", default_value_t = 4)]
    pub translate_concurrency: usize,

    /// Messages of one session that may wait for translation at once; a message over it is
    /// marked failed (the reader can retry it), so one session cannot fill the queue for all.
    #[arg(long, env = "SESSION_TRANSLATION_QUEUE_PER_SESSION", default_value_t = 100)]
    pub translation_queue_per_session: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TranslatorKind {
    Apertium,
    Libretranslate,
    Deepl,
    Openai,
    None,
}

impl Config {
    /// A config for tests: in-memory database, ephemeral port, the development secret.
    pub fn for_tests() -> Self {
        Config::parse_from(["session-server", "--db", ":memory:", "--addr", "127.0.0.1:0"])
    }
}
