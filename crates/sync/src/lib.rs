//! Session Translator's shared core.
//!
//! `domain` holds the contract types of `shared/design.md` §3 (rows, codes, limits, error codes)
//! used by the app, `session-server` and the load tools alike. The sans-IO sync engine (outbox,
//! retries, connection state, timeline, receipts) grows beside it.

pub mod domain;
