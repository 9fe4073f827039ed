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
    leptos::mount::mount_to_body(app::App);
    services::service_worker::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("session-translator is a web app: build it with `scripts/build-app.sh` (Trunk).");
}
