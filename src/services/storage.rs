//! localStorage, with every key of the app in one place. Failures (private mode, quota) are
//! treated as "nothing stored": the app keeps working, only without persistence.

use gloo_storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use session_sync::engine::PersistedState;

/// Every key starts with this; the values are JSON (what `gloo-storage` reads and writes).
const PREFIX: &str = "st:";

/// `gloo-storage` throws when the page has no `localStorage` (some private modes, sandboxed
/// frames), which would abort the caller, so each use checks first.
fn available() -> bool {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).is_some()
}

fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    available().then(|| LocalStorage::get(format!("{PREFIX}{key}")).ok()).flatten()
}

fn set<T: Serialize>(key: &str, value: &T) {
    if available() {
        let _ = LocalStorage::set(format!("{PREFIX}{key}"), value);
    }
}

fn remove(key: &str) {
    if available() {
        LocalStorage::delete(format!("{PREFIX}{key}"));
    }
}

/// The name and language this browser used last, to prefill the forms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub display_name: String,
    pub language: String,
}

/// That this browser's user joined (or created) the session with this code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub user_id: String,
    pub session_id: String,
    pub code: String,
    pub display_name: String,
    pub language: String,
}

impl Profile {
    /// The language the forms pre-select: the one chosen last, else the interface's (which
    /// follows the browser's preferences on a first visit: docs/features/i18n.md).
    pub fn language_to_offer(&self) -> String {
        if self.language.is_empty() {
            crate::i18n::language().to_string()
        } else {
            self.language.clone()
        }
    }
}

/// Whether this browser wants the composer's translation preview (off until switched on).
pub fn preview_enabled() -> bool {
    get::<bool>("preview").unwrap_or(false)
}

pub fn set_preview_enabled(on: bool) {
    set("preview", &on);
}

pub fn profile() -> Profile {
    get("profile").unwrap_or_default()
}

pub fn save_profile(p: &Profile) {
    set("profile", p)
}

pub fn membership(code: &str, user_id: &str) -> Option<Membership> {
    get::<Membership>(&format!("member:{code}")).filter(|m| m.user_id == user_id)
}

pub fn save_membership(m: &Membership) {
    set(&format!("member:{}", m.code), m)
}

pub fn forget_membership(code: &str) {
    remove(&format!("member:{code}"))
}

/// The sync engine's saved state (outbox, counters, recent history) for one session and
/// user: `st:sync:{session_id}:{user_id}`, replaced as a whole on every `Output::Persist`.
fn sync_key(session_id: &str, user_id: &str) -> String {
    format!("sync:{session_id}:{user_id}")
}

pub fn sync_state(session_id: &str, user_id: &str) -> Option<PersistedState> {
    get(&sync_key(session_id, user_id))
}

/// Drops the saved engine state (history cache and outbox) of a session left for good.
pub fn forget_sync_state(session_id: &str, user_id: &str) {
    remove(&sync_key(session_id, user_id))
}

pub fn save_sync_state(state: &PersistedState) {
    set(&sync_key(&state.session_id.to_string(), &state.user_id.to_string()), state)
}
