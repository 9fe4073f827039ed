//! The session page's translation note: no engine on this server, or a language pair it can't
//! translate (known only once the partner's language is).

use leptos::prelude::*;

use crate::services::languages;
use crate::services::message_sync::MessageSync;
use crate::services::translation::{self, Languages};

#[component]
pub fn TranslationNotice(sync: MessageSync) -> impl IntoView {
    let langs = RwSignal::new(None::<Languages>);
    languages::fetch_into(langs);
    let mine = sync.my_language();
    let notice = Memo::new(move |_| {
        let l = langs.get()?;
        let partner = sync.partner.with(|p| p.as_ref().map(|p| p.language.clone()));
        translation::session_notice(&l, &mine, partner.as_deref())
    });
    move || {
        notice.get().map(|text| {
            let kind = if text.no_engine { "no-engine" } else { "unsupported-pair" };
            view! {
                <p class="notice translation-notice" role="status" data-testid="translation-notice" data-kind=kind>
                    {text.text}
                </p>
            }
        })
    }
}
