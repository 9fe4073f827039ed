//! The session's glossary (`glossary`): a disclosure listing the pinned terms — each with its
//! fixed translation or "kept as written" and who pinned it, and a remove button — above a small
//! form to pin one more (docs/features/glossary.md). State lives in `GlossaryService`.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use session_sync::domain::{GlossaryTerm, MAX_GLOSSARY_TERM_CHARS};
use uuid::Uuid;

use crate::i18n::{t, tr};
use crate::services::glossary_sync::Glossary;

#[component]
pub fn GlossaryPanel(glossary: Glossary, me: Uuid, #[prop(into)] partner_name: Signal<String>) -> impl IntoView {
    let term = RwSignal::new(String::new());
    let translation = RwSignal::new(String::new());
    let keep = RwSignal::new(true);
    let term_input: NodeRef<leptos::html::Input> = NodeRef::new();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if glossary.busy() {
            return;
        }
        spawn_local(async move {
            if glossary.pin(term.get_untracked(), translation.get_untracked(), keep.get_untracked()).await {
                term.set(String::new());
                translation.set(String::new());
                keep.set(true);
                if let Some(input) = term_input.get_untracked() {
                    let _ = input.focus();
                }
            }
        });
    };
    let max = MAX_GLOSSARY_TERM_CHARS.to_string();

    view! {
        <details class="glossary" data-testid="glossary">
            <summary>
                {move || t("glossary-title")}
                " "
                <span class="muted">{move || tr("glossary-count", &[("count", glossary.count().into())])}</span>
            </summary>
            <p class="hint">{move || t("glossary-hint")}</p>
            <Show when=move || glossary.count() == 0>
                <p class="muted glossary-empty">{move || t("glossary-empty")}</p>
            </Show>
            <ul class="glossary-terms" aria-label=move || t("glossary-list-label")>
                <For each=move || glossary.terms() key=|term| (term.id, term.term.clone(), term.translation.clone(), term.created_by) let:term>
                    <GlossaryRow glossary=glossary term=term me=me partner_name=partner_name />
                </For>
            </ul>
            <form class="glossary-form" on:submit=submit novalidate>
                <label>
                    <span>{move || t("glossary-term-label")}</span>
                    <input type="text" data-testid="glossary-term-input" node_ref=term_input maxlength=max.clone()
                        autocomplete="off" dir="auto"
                        prop:value=move || term.get() on:input=move |ev| term.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{move || t("glossary-translation-label")}</span>
                    <input type="text" data-testid="glossary-translation-input" maxlength=max autocomplete="off"
                        dir="auto" prop:value=move || translation.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            // Writing a translation means not keeping the term as written.
                            if !text.trim().is_empty() {
                                keep.set(false);
                            }
                            translation.set(text);
                        } />
                </label>
                <label class="glossary-keep">
                    <input type="checkbox" data-testid="glossary-keep" prop:checked=move || keep.get()
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            keep.set(checked);
                            if checked {
                                translation.set(String::new());
                            }
                        } />
                    <span>{move || t("glossary-keep-label")}</span>
                </label>
                <button type="submit" data-testid="glossary-add" aria-busy=move || glossary.busy().to_string()>
                    {move || t("glossary-add")}
                </button>
            </form>
            {move || glossary.problem().map(|problem| view! {
                <p class="error glossary-error" role="alert" data-testid="glossary-error" data-code=problem.code()>
                    {move || t(problem.key())}
                </p>
            })}
        </details>
    }
}

#[component]
fn GlossaryRow(glossary: Glossary, term: GlossaryTerm, me: Uuid, partner_name: Signal<String>) -> impl IntoView {
    let GlossaryTerm { id, term, translation, created_by, .. } = term;
    let mine = created_by == me;
    let remove_label = {
        let term = term.clone();
        move || tr("glossary-remove-label", &[("term", term.clone().into())])
    };
    let (data_term, kept) = (term.clone(), translation.is_none().to_string());
    view! {
        <li data-testid="glossary-term" data-term=data_term data-kept=kept>
            <span class="glossary-pair">
                <bdi class="glossary-source">{term}</bdi>
                <span aria-hidden="true">" → "</span>
                {match translation {
                    Some(text) => view! { <bdi class="glossary-target">{text}</bdi> }.into_any(),
                    None => view! { <span class="muted glossary-target">{move || t("glossary-kept")}</span> }.into_any(),
                }}
            </span>
            <span class="muted glossary-by">
                {move || if mine { t("glossary-by-me") } else { tr("glossary-by-partner", &[("name", partner_name.get().into())]) }}
            </span>
            <button type="button" class="glossary-remove" data-testid="glossary-remove" aria-label=remove_label.clone()
                title=remove_label
                on:click=move |_| spawn_local(async move {
                    glossary.unpin(id).await;
                })>
                "×"
            </button>
        </li>
    }
}
