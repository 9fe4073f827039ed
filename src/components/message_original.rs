//! A message's original text (`message-original`, always in the DOM: docs/contracts.md §5).
//! Where a translation exists it sits behind a native disclosure whose toggle says "Show
//! original" or "Hide original" (keyboard: Tab to it, Enter or Space). Elsewhere it is a
//! `hidden` paragraph: nothing there to see or to focus.

use leptos::html::Details;
use leptos::prelude::*;

use crate::components::linked_text::LinkedText;
use crate::i18n::t;

#[component]
pub fn MessageOriginal(
    #[prop(into)] text: Signal<String>,
    #[prop(into)] lang: Signal<String>,
    #[prop(into)] offered: Signal<bool>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let details: NodeRef<Details> = NodeRef::new();
    move || {
        if offered.get() {
            view! {
                <details class="original" node_ref=details
                    on:toggle=move |_| open.set(details.get_untracked().is_some_and(|d| d.open()))>
                    <summary data-testid="show-original">
                        {move || t(if open.get() { "a11y-hide-original" } else { "message-show-original" })}
                    </summary>
                    <p data-testid="message-original" dir="auto" lang=lang><LinkedText text=text /></p>
                </details>
            }
            .into_any()
        } else {
            view! { <p class="original" data-testid="message-original" dir="auto" lang=lang hidden>{text}</p> }
                .into_any()
        }
    }
}
