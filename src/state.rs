//! The app-wide state every page and component may read: who this browser is signed in as.
//! (Online and visibility are the session's sync driver's business.)

use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Pending,
    Ready(String),
    Failed(String),
}

/// Provided as context by the root component.
#[derive(Clone, Copy)]
pub struct AppState {
    pub auth: RwSignal<Auth>,
}

impl AppState {
    pub fn user_id(&self) -> Option<String> {
        match self.auth.get() {
            Auth::Ready(id) => Some(id),
            _ => None,
        }
    }
}
