//! Command-line flags and environment, with defaults that run a development server as is.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::store::rate_limit::{Bucket, LockoutPolicy};

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
    #[arg(long, env = "SESSION_PRESENCE_CALLS", default_value_t = session_sync::domain::PRESENCE_CALLS_PER_WINDOW, hide = true)]
    pub realtime_presence_calls: u32,

    /// The window of `realtime_presence_calls`, in milliseconds.
    #[arg(long, env = "SESSION_PRESENCE_WINDOW_MS", default_value_t = session_sync::domain::PRESENCE_WINDOW_MS, hide = true)]
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

    /// Engines tried, in order, when the first (`--translator`) fails, is too slow or has no
    /// route for a pair: a comma-separated list, e.g. `--translator libretranslate
    /// --translator-fallback apertium` (docs/features/translation.md, "Fallback").
    #[arg(long, env = "SESSION_TRANSLATOR_FALLBACK", value_enum, value_delimiter = ',')]
    pub translator_fallback: Vec<TranslatorKind>,

    /// Longest any engine but the last of the chain may take, in milliseconds, so a hung
    /// engine leaves the next one time to answer within `--translator-timeout-ms`.
    #[arg(long, env = "SESSION_TRANSLATOR_ENGINE_TIMEOUT_MS", default_value_t = 5_000)]
    pub translator_engine_timeout_ms: u64,

    /// Longest one translation may take, in milliseconds, before it is recorded as failed.
    #[arg(long, env = "SESSION_TRANSLATOR_TIMEOUT_MS", default_value_t = 15_000)]
    pub translator_timeout_ms: u64,

    /// Apertium's data directory (its `modes/` lists the installed directions).
    #[arg(long, env = "SESSION_APERTIUM_DIR", default_value = "/usr/share/apertium")]
    pub apertium_dir: PathBuf,

    /// Translations that may run at the same time.
    #[arg(long, env = "SESSION_TRANSLATION_WORKERS", default_value_t = 4)]
    pub translation_workers: usize,

    // --- Abuse limits on sessions and auth (issue #9 item 4) ---
    /// Wrong join codes one user may try without delay; each further one locks the user's joins
    /// for a while. A person who mistypes a code a few times never meets the lockout; a guesser
    /// (one code in 31^6) gains nothing from five.
    #[arg(long, env = "SESSION_JOIN_FREE_FAILURES_USER", default_value_t = 5)]
    pub join_free_failures_user: u32,

    /// Wrong join codes one client address (an IPv6 /64) may try without delay.
    /// Anonymous sign-up is cheap, so this is the limit a guesser meets; higher than per user
    /// for a family, classroom or office behind one NAT.
    #[arg(long, env = "SESSION_JOIN_FREE_FAILURES_IP", default_value_t = 20)]
    pub join_free_failures_ip: u32,

    /// The first lockout after the free failures, in milliseconds; each further wrong code
    /// doubles it. Refused joins (429 `too_many_attempts`) include correct codes, except a
    /// participant's rejoin.
    #[arg(long, env = "SESSION_JOIN_LOCKOUT_MS", default_value_t = 1_000)]
    pub join_lockout_ms: u64,

    /// Longest lockout, in seconds: 5 minutes holds a guesser to 12 codes an hour once reached.
    #[arg(long, env = "SESSION_JOIN_LOCKOUT_MAX_SECS", default_value_t = 300)]
    pub join_lockout_max_secs: u64,

    /// Wrong codes are forgotten after this many seconds without one (an hour: a guesser who
    /// waits it out gets about 30 codes per hour and address).
    #[arg(long, env = "SESSION_JOIN_QUIET_SECS", default_value_t = 3_600)]
    pub join_quiet_secs: u64,

    /// Sessions one user may create in a burst (retries, a second tab, starting over)…
    #[arg(long, env = "SESSION_CREATE_BURST_USER", default_value_t = 10)]
    pub create_burst_user: u32,

    /// …and per hour after it (one a minute: more than any conversation needs).
    #[arg(long, env = "SESSION_CREATE_PER_HOUR_USER", default_value_t = 60.0)]
    pub create_per_hour_user: f64,

    /// Sessions one client address may create in a burst (many people behind one NAT; the
    /// end-to-end suite creates about 40 sessions in a run from 127.0.0.1)…
    #[arg(long, env = "SESSION_CREATE_BURST_IP", default_value_t = 30)]
    pub create_burst_ip: u32,

    /// …and per hour after it, as many as sign-ups per address (600).
    #[arg(long, env = "SESSION_CREATE_PER_HOUR_IP", default_value_t = 600.0)]
    pub create_per_hour_ip: f64,

    /// Anonymous sign-ups one client address may make in a burst (a test suite, a family
    /// behind one NAT)…
    #[arg(long, env = "SESSION_SIGNUP_BURST_IP", default_value_t = 100)]
    pub signup_burst_ip: u32,

    /// …and per hour after it: enough for people, too few to mint an army of users.
    #[arg(long, env = "SESSION_SIGNUP_PER_HOUR_IP", default_value_t = 600.0)]
    pub signup_per_hour_ip: f64,

    /// Largest sign-up `data` (the user's `user_metadata`), in bytes of JSON. The app stores a
    /// display name of at most 64 characters there.
    #[arg(long, env = "SESSION_SIGNUP_METADATA_BYTES", default_value_t = 1024)]
    pub signup_metadata_bytes: usize,

    /// Seconds after a refresh token is spent during which presenting it again answers with its
    /// family's current token, as GoTrue does with its 10 s default; after that a reuse revokes
    /// the whole auth session, except of the current token's parent (a lost answer, which is
    /// always answered with the current token, as in GoTrue).
    #[arg(long, env = "SESSION_REFRESH_REUSE_INTERVAL_SECS", default_value_t = 10)]
    pub refresh_reuse_interval_secs: u64,

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
    /// The failed-join lockouts, per user and per client address.
    pub fn join_lockouts(&self) -> (LockoutPolicy, LockoutPolicy) {
        let per_user = LockoutPolicy {
            free_failures: self.join_free_failures_user,
            first_lockout_ms: self.join_lockout_ms,
            max_lockout_ms: self.join_lockout_max_secs.saturating_mul(1000),
            quiet_ms: self.join_quiet_secs.saturating_mul(1000),
        };
        (per_user, LockoutPolicy { free_failures: self.join_free_failures_ip, ..per_user })
    }

    /// The session-creation buckets, per user and per client address.
    pub fn create_buckets(&self) -> (Bucket, Bucket) {
        let bucket =
            |burst: u32, per_hour: f64| Bucket { capacity: f64::from(burst), refill_per_sec: per_hour / 3600.0 };
        (
            bucket(self.create_burst_user, self.create_per_hour_user),
            bucket(self.create_burst_ip, self.create_per_hour_ip),
        )
    }

    /// The sign-up bucket per client address.
    pub fn signup_bucket(&self) -> Bucket {
        Bucket { capacity: f64::from(self.signup_burst_ip), refill_per_sec: self.signup_per_hour_ip / 3600.0 }
    }

    /// A config for tests: in-memory database, ephemeral port, the published development secret
    /// (tests mint tokens with it).
    pub fn for_tests() -> Self {
        Config::parse_from(["session-server", "--db", ":memory:", "--addr", "127.0.0.1:0", "--insecure-dev-jwt-secret"])
    }
}
