//! The engine's languages (`functions.invoke('languages', {method: 'GET'})`), fetched once per
//! page load and shared by the home page, the join form and the session page.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::supabase;
use super::translation::Languages;

thread_local! {
    static CACHE: RefCell<Option<Languages>> = const { RefCell::new(None) };
}

/// The list, from the cache after the first success.
pub async fn load() -> Result<Languages, String> {
    if let Some(l) = CACHE.with(|c| c.borrow().clone()) {
        return Ok(l);
    }
    let l: Languages = supabase::invoke::<(), _>("languages", "GET", None).await.map_err(|e| e.message)?;
    CACHE.with(|c| *c.borrow_mut() = Some(l.clone()));
    Ok(l)
}

/// Fills `langs` with the list once it has arrived (it stays `None` if that fails: the app then
/// says nothing about translation support rather than guessing). Call once supabase-js is
/// initialised.
pub fn fetch_into(langs: RwSignal<Option<Languages>>) {
    if let Some(l) = CACHE.with(|c| c.borrow().clone()) {
        let _ = langs.try_set(Some(l));
        return;
    }
    spawn_local(async move {
        match load().await {
            Ok(l) => {
                let _ = langs.try_set(Some(l));
            }
            Err(e) => leptos::logging::warn!("languages: {e}"),
        }
    });
}
