//! Browser facts and events the sync driver needs: online/offline, page visibility, a
//! monotonic clock, randomness, and event listeners that are removed when dropped.

use std::rc::Rc;

use gloo_events::EventListener;

pub fn is_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

pub fn is_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
        .unwrap_or(true)
}

/// Milliseconds on the page's monotonic clock (`performance.now()`). Starts near 0 on every
/// load, so nothing persisted may depend on it.
pub fn now_ms() -> u64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now) as u64
}

/// 64 random bits from `crypto.getRandomValues`.
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes == [0; 8] {
        // No crypto: still different per load.
        return (js_sys::Math::random() * u64::MAX as f64) as u64 ^ js_sys::Date::now() as u64;
    }
    u64::from_le_bytes(bytes)
}

/// A DOM event listener; removed when this is dropped.
pub struct Listener {
    _listening: EventListener,
}

impl Listener {
    /// `online` / `offline` on the window: `f(online)`.
    pub fn on_online_change(f: impl Fn(bool) + 'static) -> Vec<Listener> {
        let Some(window) = web_sys::window() else {
            return Vec::new();
        };
        let f = Rc::new(f);
        [("online", true), ("offline", false)]
            .into_iter()
            .map(|(name, value)| {
                let f = f.clone();
                Listener { _listening: EventListener::new(&window, name, move |_| f(value)) }
            })
            .collect()
    }

    /// Any event `name` on the window (e.g. `resize`): `f()`.
    pub fn on_window(name: &'static str, f: impl Fn() + 'static) -> Option<Listener> {
        let window = web_sys::window()?;
        Some(Listener { _listening: EventListener::new(&window, name, move |_| f()) })
    }

    /// `visibilitychange` on the document: `f(visible)`.
    pub fn on_visibility_change(f: impl Fn(bool) + 'static) -> Option<Listener> {
        let document = web_sys::window()?.document()?;
        Some(Listener { _listening: EventListener::new(&document, "visibilitychange", move |_| f(is_visible())) })
    }
}
