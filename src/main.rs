//! Session Translator web app: Leptos CSR, built to wasm by Trunk.
//!
//! Only the wasm build is the app. A native build (the workspace's `cargo test`) compiles the
//! pure logic alone — `i18n`, `services::{invite, links, qr, session_error, transcript, translation}`
//! and `config::resolve` — and runs its unit tests.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
mod config;
mod i18n;
#[cfg(target_arch = "wasm32")]
mod pages;
mod services;
#[cfg(target_arch = "wasm32")]
mod state;

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    services::service_worker::register();
    // The first render speaks the chosen language: a language other than the built-in English
    // has its messages fetched first (one small file, from the service worker's cache after
    // the first time), so nobody sees the page flash from English into their language.
    wasm_bindgen_futures::spawn_local(async {
        i18n::prepare(&app::first_language()).await;
        leptos::mount::mount_to_body(app::App);
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("session-translator is a web app: build it with `scripts/build-app.sh` (Trunk).");
}
