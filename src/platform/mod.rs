//! What touches the browser: the network (`transport`, the only network code), sessionStorage, the
//! host page's events, timers and random ids.

pub mod panic;
pub mod storage;
pub mod transport;

pub use transport::{random_id, sleep_ms};

/// Replaces the address bar's query (history.replaceState): the view's deep link.
pub fn replace_url(query: &str) {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
    }
}

/// A path such as `/yandex` (a same-origin proxy) resolved against the page's origin; anything else as
/// typed.
pub fn absolute_url(url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        return format!("{origin}{url}");
    }
    url.to_owned()
}
