//! The app-wide state every page and component may read: who this browser is signed in as,
//! what the page title adds for the page shown, and the session just left.
//! (Online and visibility are the session's sync driver's business.)

use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Pending,
    Ready(String),
    Failed(String),
}

/// A session this browser just left: what the end screen on `/` tells (docs/features/chat.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Left {
    /// The partner's name, if someone had joined.
    pub partner: Option<String>,
}

/// Provided as context by the root component.
#[derive(Clone, Copy)]
pub struct AppState {
    pub auth: RwSignal<Auth>,
    /// What goes before the app's name in the page title, e.g. "(3) Ana · " in a session
    /// (the root component is the title's one writer).
    pub title_prefix: RwSignal<String>,
    pub left: RwSignal<Option<Left>>,
}

impl AppState {
    pub fn user_id(&self) -> Option<String> {
        match self.auth.get() {
            Auth::Ready(id) => Some(id),
            _ => None,
        }
    }
}
