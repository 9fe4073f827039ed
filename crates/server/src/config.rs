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

    /// Translations kept in memory, so a repeated text is translated once (0 disables).
    #[arg(long, env = "SESSION_TRANSLATION_CACHE", default_value_t = 10_000)]
    pub translation_cache: usize,

    // ---- Realtime and HTTP resource limits: one client must not exhaust memory, the hub or
    // file descriptors for everyone else (docs: docs/security.md).
    /// postgres_changes bindings one channel join may ask for (the app uses 3); more are
    /// refused with `TooManyBindings: …` before they are parsed.
    #[arg(long, env = "SESSION_REALTIME_MAX_BINDINGS", default_value_t = 10)]
    pub realtime_max_bindings: usize,

    /// Channels one realtime socket may have joined (the app uses 1; Supabase allows 100).
    #[arg(long, env = "SESSION_REALTIME_MAX_CHANNELS", default_value_t = 10)]
    pub realtime_max_channels: usize,

    /// Largest `phx_join` frame in bytes (the app's is about 1.5 KB); bigger joins are refused
    /// from a scan of their envelope, without parsing the payload.
    #[arg(long, env = "SESSION_REALTIME_MAX_JOIN_BYTES", default_value_t = 16 * 1024)]
    pub realtime_max_join_bytes: usize,

    /// Channel joins one socket may make per second (twice as many in a burst); above it the
    /// socket is disconnected, as Supabase does.
    #[arg(long, env = "SESSION_REALTIME_JOINS_PER_SEC", default_value_t = 10)]
    pub realtime_joins_per_sec: u32,

    /// Realtime sockets open at once; further upgrades get 429 `Too many connected users`.
    #[arg(long, env = "SESSION_REALTIME_MAX_SOCKETS", default_value_t = 500)]
    pub realtime_max_sockets: usize,

    /// Realtime sockets open at once from one client address (IPv6: one /64).
    #[arg(long, env = "SESSION_REALTIME_MAX_SOCKETS_PER_IP", default_value_t = 32)]
    pub realtime_max_sockets_per_ip: usize,

    /// Sockets one user may have channels joined on at once (one per open tab of the app).
    #[arg(long, env = "SESSION_REALTIME_MAX_SOCKETS_PER_USER", default_value_t = 8)]
    pub realtime_max_sockets_per_user: usize,

    /// Also allow joins of topics other than `session:<uuid>` (public broadcast and presence
    /// rooms, readable by any valid token). The app never uses them, so they are refused by
    /// default; protocol tests that exercise them turn this on.
    #[arg(long, env = "SESSION_REALTIME_PUBLIC_TOPICS")]
    pub realtime_public_topics: bool,

    /// Bytes of received frames one socket may have waiting for the realtime hub; beyond it the
    /// socket is not read until the hub has caught up, so a flood slows its sender only.
    #[arg(long, env = "SESSION_REALTIME_INBOUND_BYTES", default_value_t = 256 * 1024)]
    pub realtime_inbound_bytes: usize,

    /// Frames queued for one socket before it counts as too slow a reader and is dropped…
    #[arg(long, env = "SESSION_REALTIME_OUTBOX_FRAMES", default_value_t = 1024)]
    pub realtime_outbox_frames: usize,

    /// …and bytes queued for it.
    #[arg(long, env = "SESSION_REALTIME_OUTBOX_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub realtime_outbox_bytes: usize,

    /// Milliseconds a client has to send a request's headers, counted from the connect or from
    /// the end of the previous response, so it is also how long an idle keep-alive connection
    /// stays open (slowloris).
    #[arg(long, env = "SESSION_HTTP_HEADER_TIMEOUT_MS", default_value_t = 15_000)]
    pub http_header_timeout_ms: u64,

    /// TCP connections served at once (WebSockets included); 0: the open-file limit minus
    /// `fd_reserve`. Over it a new connection gets 503 and is closed.
    #[arg(long, env = "SESSION_HTTP_MAX_CONNECTIONS", default_value_t = 0)]
    pub http_max_connections: usize,

    /// TCP connections served at once for one client address (IPv6: one /64); over it a new
    /// connection gets 429 and is closed.
    #[arg(long, env = "SESSION_HTTP_MAX_CONNECTIONS_PER_IP", default_value_t = 128)]
    pub http_max_connections_per_ip: usize,

    /// New TCP connections one client address may open per second (twice as many in a burst);
    /// more are answered 429 and closed at once, before any HTTP or WebSocket work. 0: no limit.
    #[arg(long, env = "SESSION_HTTP_CONNECTIONS_PER_SEC_PER_IP", default_value_t = 20)]
    pub http_connections_per_sec_per_ip: u32,

    /// File descriptors kept free of connections for SQLite, translation pipes, static files
    /// and logs when the connection cap is derived from the open-file limit.
    #[arg(long, env = "SESSION_FD_RESERVE", default_value_t = 256)]
    pub fd_reserve: usize,
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
