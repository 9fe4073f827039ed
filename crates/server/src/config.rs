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

    /// Close a realtime socket that sent nothing (not even a heartbeat) for this many seconds.
    #[arg(long, env = "SESSION_IDLE_TIMEOUT", default_value_t = 60)]
    pub idle_timeout_secs: u64,

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
}

impl Config {
    /// A config for tests: in-memory database, ephemeral port, the development secret.
    pub fn for_tests() -> Self {
        Config::parse_from(["session-server", "--db", ":memory:", "--addr", "127.0.0.1:0"])
    }
}
