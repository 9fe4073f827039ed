//! The join link as a QR code on the waiting screen, so a partner across the table joins by
//! pointing a phone camera at it. Drawn on the device as inline SVG (services/qr.rs); nothing is
//! fetched. Dark modules on a white square with its quiet zone, whatever the colour scheme,
//! since scanners expect dark on light (docs/features/transcript-and-qr.md).

use leptos::prelude::*;

use crate::i18n::t;
use crate::services::qr;

#[component]
pub fn JoinQr(code: String) -> impl IntoView {
    // The same link the header shows and copies.
    let origin = window().location().origin().unwrap_or_default();
    qr::drawing(&format!("{origin}/s/{code}")).map(|drawing| {
        let view_box = format!("0 0 {0} {0}", drawing.extent);
        // The modules as markup of their own (digits and path commands only): two typed SVG
        // elements would cost the wasm more than this string (docs/app.md, Measurements).
        let modules = format!(
            r##"<rect width="100%" height="100%" fill="#ffffff"/><path d="{}" fill="#000000"/>"##,
            drawing.path
        );
        view! {
            <figure class="join-qr">
                <svg data-testid="join-qr" role="img" aria-label=move || t("transcript-qr-label")
                    viewBox=view_box shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg"
                    inner_html=modules>
                </svg>
                <figcaption class="muted">{move || t("transcript-qr-caption")}</figcaption>
            </figure>
        }
    })
}
