//! The `language-select`: option values are ISO 639-1 codes. Languages the server's translation
//! engine handles (`/functions/v1/languages`) come first; a hint under the select says what the
//! chosen language is translated to and from, or that it can't be, or that there is no engine.

use leptos::prelude::*;

use crate::i18n::{self, t};
use crate::services::languages;
use crate::services::translation::{self, Languages};
use crate::state::AppState;

/// (code, name in that language)
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("ca", "Català"),
    ("gl", "Galego"),
    ("eu", "Euskara"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("zh", "中文"),
    ("ja", "日本語"),
];

#[component]
pub fn LanguageSelect(value: RwSignal<String>, #[prop(into)] id: String) -> impl IntoView {
    let app = expect_context::<AppState>();
    let langs = RwSignal::new(None::<Languages>);
    // Once signed in (supabase-js is initialised by then).
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        if app.user_id().is_some() {
            languages::fetch_into(langs);
            return true;
        }
        false
    });
    // The interface speaks the language being chosen (docs/features/i18n.md).
    Effect::new(move |_| i18n::set_language(&value.get()));
    let hint_id = format!("{id}-hint");
    let option = move |(code, name): &(&'static str, &'static str)| {
        let code = *code;
        view! { <option value=code selected=move || value.get() == code>{*name}</option> }
    };
    // All languages stay selectable; with a list, the translated ones are grouped first.
    let options = move || match langs.get() {
        Some(l) if l.has_engine() && !l.languages.is_empty() => {
            let (yes, no): (Vec<_>, Vec<_>) = LANGUAGES.iter().partition(|(c, _)| l.offers(c));
            view! {
                <optgroup label=move || t("language-group-translated")>{yes.into_iter().map(option).collect_view()}</optgroup>
                <optgroup label=move || t("language-group-untranslated")>{no.into_iter().map(option).collect_view()}</optgroup>
            }
            .into_any()
        }
        _ => LANGUAGES.iter().map(option).collect_view().into_any(),
    };
    let hint = move || {
        let l = langs.get()?;
        translation::choice_hint(&l, &value.get())
    };
    view! {
        <label for=id.clone()>{move || t("language-label")}</label>
        <select
            id=id
            data-testid="language-select"
            aria-describedby=hint_id.clone()
            on:change=move |ev| value.set(event_target_value(&ev))
            prop:value=move || value.get()
        >
            {options}
        </select>
        <p id=hint_id class="hint muted" data-testid="language-hint" aria-live="polite">{hint}</p>
    }
}
