//! Registers the offline shell's service worker (`public/sw.js`, copied to `/sw.js` by Trunk;
//! see docs/features/offline-support.md).
//!
//! Release builds only: under `trunk serve` (a debug build) a worker would keep answering
//! from its cache while the code is being edited. Without service-worker support (an insecure
//! origin, some private modes) or when registration fails, the app runs as before; the
//! failure is logged, never shown.

#[cfg(debug_assertions)]
pub fn register() {}

#[cfg(not(debug_assertions))]
pub fn register() {
    use wasm_bindgen::JsValue;
    use wasm_bindgen_futures::JsFuture;

    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    // `navigator.serviceWorker` is missing outside secure contexts.
    let supported = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !supported {
        return;
    }
    let container = navigator.service_worker();
    // A first visit's requests happened before the worker existed, the interface messages of a
    // language other than English included: ask for them again once it controls the page, so
    // it keeps them and an offline start speaks that language too.
    if container.controller().is_none() {
        let refetch = move |_: &web_sys::Event| {
            if let Some(url) = crate::i18n::catalogue_url() {
                let _ = window.fetch_with_str(&url);
            }
        };
        gloo_events::EventListener::once(&container, "controllerchange", refetch).forget();
    }
    let promise = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(promise).await {
            leptos::logging::warn!("service worker not registered: {e:?}");
        }
    });
}
