//! Command-line flags and environment, with defaults that run a development server as is.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// The JWT secret of the Supabase CLI's local stack. It is published, so a server signing with it
/// accepts tokens anyone can mint: used only with `--insecure-dev-jwt-secret` (tests that mint
/// their own tokens), never by default (see `secret.rs`).
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

    /// HS256 secret that signs access tokens and the anon key (at least 32 characters). Prefer
    /// the environment variable or --jwt-secret-file: a flag is visible in the process list.
    /// Unset: a random secret generated on first start and kept in `<db>.jwt-secret` (mode
    /// 0600) beside the database; random per process for `:memory:`.
    #[arg(long, env = "SESSION_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Read the JWT secret from this file's first line.
    #[arg(long, env = "SESSION_JWT_SECRET_FILE", conflicts_with = "jwt_secret")]
    pub jwt_secret_file: Option<PathBuf>,

    /// Sign with the Supabase CLI's published development secret, so test tools can mint their
    /// own tokens. Anyone can then forge any user's token: never for a reachable server.
    #[arg(long, conflicts_with_all = ["jwt_secret", "jwt_secret_file"])]
    pub insecure_dev_jwt_secret: bool,

    /// Origins besides the server's own whose pages may call the API (CORS), comma-separated:
    /// a copy of the app hosted elsewhere, or `http://127.0.0.1:8080` for the Trunk dev server
    /// used without its proxy. `*` allows any site (not advised: any page could then read
    /// answers meant for the app).
    #[arg(long, env = "SESSION_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

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

    /// Translations kept in memory, so a repeated text is translated once (0 disables).
    #[arg(long, env = "SESSION_TRANSLATION_CACHE", default_value_t = 10_000)]
    pub translation_cache: usize,
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
    /// A config for tests: in-memory database, ephemeral port, the published development secret
    /// (tests mint tokens with it).
    pub fn for_tests() -> Self {
        Config::parse_from(["session-server", "--db", ":memory:", "--addr", "127.0.0.1:0", "--insecure-dev-jwt-secret"])
    }
}
