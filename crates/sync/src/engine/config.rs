//! Tunables and identity.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Millis;

/// Limits and timings. `Default` is the behaviour docs/contracts.md §4 asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// Outbox capacity; one more send is refused.
    pub max_outbox: usize,
    /// Retries after the first attempt before a message is `failed`.
    pub max_retries: u32,
    /// First backoff step; each retry doubles it (1, 2, 4, 8, 16 s).
    pub retry_base_ms: Millis,
    /// Every backoff is moved by up to ± this percentage.
    pub jitter_percent: u32,
    /// A request with no reply after this long counts as a transient failure.
    pub request_timeout_ms: Millis,
    /// Online, visible and not subscribed for this long: ask the driver to reconnect. Doubles
    /// after each forced reconnect, up to 4×.
    pub reconnect_stall_ms: Millis,
    /// Forced reconnects without a subscription before giving up (`disconnected`).
    pub max_reconnects: u32,
    /// How many of the latest stored messages [`super::PersistedState`] keeps, so a reload
    /// without network still shows the conversation. 0 keeps none.
    pub history_cache: usize,
    /// While subscribed, catch up this often even when nothing looks missing: a lost realtime
    /// event with nothing after it (the last message of a burst, a translation UPDATE) shows
    /// no gap, and this is how it is found. 0 disables.
    pub poll_interval_ms: Millis,
    /// Messages per "Load earlier messages" page ([`super::Request::LoadEarlier`]), and how
    /// many of the newest a first open (nothing held, nothing restored) reads: older history
    /// is paged in on demand, so a session of any length opens with one small read.
    pub history_page: u32,
    /// Most rows one catch-up asks for ([`super::Request::CatchUp`]'s `limit`). A longer gap
    /// (a long time offline) is caught up in consecutive pages of this size, so no single reply
    /// is unbounded (hosted PostgREST cuts one at `max_rows`, 1,000 by default, anyway).
    pub catch_up_page: u32,
    /// Most messages the timeline holds. New messages beyond it push the oldest out ("Load
    /// earlier messages" brings them back), so the engine's memory and the bubbles drawn stay
    /// bounded however long the conversation grows. Pages the user asks for are added whole.
    pub timeline_max: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_outbox: 50,
            max_retries: 5,
            retry_base_ms: 1_000,
            jitter_percent: 20,
            request_timeout_ms: 10_000,
            reconnect_stall_ms: 20_000,
            max_reconnects: 6,
            history_cache: 200,
            poll_interval_ms: 15_000,
            history_page: 50,
            catch_up_page: 200,
            timeline_max: 1_000,
        }
    }
}

/// Who is syncing what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub session_id: Uuid,
    pub user_id: Uuid,
    /// The user's language (ISO 639-1): `source_lang` of what they send, and the language the
    /// partner's messages are read in.
    pub language: String,
}
