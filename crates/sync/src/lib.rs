//! Session Translator's shared core.
//!
//! `domain` holds the contract types of `docs/contracts.md` §3 (rows, codes, limits, error codes)
//! used by the app, `session-server` and the load tools alike. `engine` is the sans-IO sync
//! engine (outbox, retries, connection state, timeline, receipts) the app's driver wires to
//! supabase-js, storage, timers and browser events; see `docs/architecture/realtime-sync.md`.
//! `classify` turns a failed request into the engine's `RequestError`, for every driver.

pub mod classify;
pub mod domain;
pub mod engine;
pub mod presence;

pub use engine::{Engine, Input, Output, Request};
