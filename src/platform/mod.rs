//! What touches the browser: the network (`transport`, the only network code), sessionStorage, the
//! host page's events, timers and random ids.

pub mod panic;
pub mod storage;
pub mod transport;

pub use transport::{random_id, sleep_ms};

/// Runs `f` before the next repaint (requestAnimationFrame): work coalesced to one per frame. A tab in
/// the background gets no frames; what waits is done by the next synchronous update instead.
pub fn next_frame(f: impl FnOnce() + 'static) {
    let cb = wasm_bindgen::closure::Closure::once_into_js(f);
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&cb));
    }
}

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
