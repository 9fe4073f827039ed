//! Browser signals the sync service listens to: online/offline and page visibility.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

pub fn is_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
        .unwrap_or(true)
}

/// Calls `f(online)` on every `online`/`offline` event, for the life of the page.
pub fn on_online_change(f: impl Fn(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let f = std::rc::Rc::new(f);
    for (name, value) in [("online", true), ("offline", false)] {
        let f = f.clone();
        let cb = Closure::<dyn FnMut()>::new(move || f(value));
        let _ = window.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
        cb.forget();
    }
}

/// Calls `f(visible)` on every `visibilitychange`, for the life of the page.
pub fn on_visibility_change(f: impl Fn(bool) + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let cb = Closure::<dyn FnMut()>::new(move || f(is_visible()));
    let _ =
        document.add_event_listener_with_callback("visibilitychange", cb.as_ref().unchecked_ref());
    cb.forget();
}

/// A random v4 UUID from the browser's CSPRNG (through the uuid crate's `js` feature).
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::new_v4()
}
