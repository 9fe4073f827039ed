//! Dates and times as the interface language writes them, through the browser's `Intl` (no
//! locale data in the wasm): the partner's "last seen" time and the saved conversation's times.

use wasm_bindgen::JsValue;

use crate::i18n;

/// An `Intl.DateTimeFormat` for the interface language with `options` (`timeStyle`, `hour`, …).
pub fn formatter(options: &[(&str, &str)]) -> js_sys::Intl::DateTimeFormat {
    let locales = js_sys::Array::of1(&JsValue::from_str(i18n::language()));
    let object = js_sys::Object::new();
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    js_sys::Intl::DateTimeFormat::new(&locales, &object)
}

pub fn format_date(format: &js_sys::Intl::DateTimeFormat, date: &js_sys::Date) -> String {
    format.format().call1(&JsValue::UNDEFINED, date).ok().and_then(|s| s.as_string()).unwrap_or_default()
}
