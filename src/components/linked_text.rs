//! A message's text with its web addresses as links (src/services/links.rs decides what is
//! one). A link opens in a new tab and tells the site neither where it came from nor gives it
//! a handle on this page: the session link in the address bar is the session's secret.

use leptos::prelude::*;

use crate::services::links::{pieces, Piece};

#[component]
pub fn LinkedText(#[prop(into)] text: Signal<String>) -> impl IntoView {
    move || {
        text.with(|text| {
            pieces(text)
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(plain) => plain.to_string().into_any(),
                    Piece::Link { text, href } => {
                        view! { <a href=href target="_blank" rel="noopener noreferrer">{text.to_string()}</a> }
                            .into_any()
                    }
                })
                .collect_view()
        })
    }
}
