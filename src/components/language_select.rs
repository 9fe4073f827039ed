//! The `language-select`: option values are ISO 639-1 codes.

use leptos::prelude::*;

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

pub fn language_name(code: &str) -> String {
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| code.to_string())
}

#[component]
pub fn LanguageSelect(value: RwSignal<String>, #[prop(into)] id: String) -> impl IntoView {
    view! {
        <label for=id.clone()>"Your language"</label>
        <select
            id=id
            data-testid="language-select"
            on:change=move |ev| value.set(event_target_value(&ev))
            prop:value=move || value.get()
        >
            {LANGUAGES
                .iter()
                .map(|(code, name)| {
                    view! { <option value=*code selected=move || value.get() == *code>{*name}</option> }
                })
                .collect_view()}
        </select>
    }
}
