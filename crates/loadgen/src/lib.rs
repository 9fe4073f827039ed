//! `session-loadgen`: a native driver of the sans-IO sync engine (`session_sync::engine`) that
//! speaks to a backend exactly as supabase-js does — GoTrue sign-up, PostgREST upserts, reads and
//! RPCs over HTTP, Realtime vsn 2.0.0 over a WebSocket — plus a fault layer between the two that
//! drops requests, replies and frames, kills sockets, goes offline and reloads, scripted or
//! seeded-random.
//!
//! - [`server`]: a `session-server` run in-process on its own runtime (stop and restart it on the
//!   same database file and port), or any URL.
//! - [`api`]: the REST and Auth calls, with errors classified by the app's own rule.
//! - [`realtime`]: one socket's life: connect, join, heartbeat, frames, reconnect schedule.
//! - [`faults`]: what to break and when.
//! - [`client`]: the driver: owns an `Engine`, feeds it inputs, executes its outputs.
//! - [`screen`]: what each client's screen showed, audited and timed.
//!
//! - [`bench`]: the benchmark behind docs/benchmarks.md (the `bench` binary).
//!
//! Used by the integration tests in `tests/` and by the `chaos` and `bench` binaries.

pub mod api;
pub mod bench;
pub mod client;
pub mod faults;
pub mod realtime;
pub mod screen;
pub mod server;

pub use api::{Api, Auth};
pub use client::{Client, ClientOptions, RequestCounts};
pub use faults::{Faults, Odds, RequestKind, RestFault};
pub use screen::Snapshot;
pub use server::LocalServer;
