//! What touches the browser: the network (`transport`, the only network code), sessionStorage, the
//! host page's events, timers and random ids.

pub mod json;
pub mod notify;
pub mod page_tools;
pub mod panic;
pub mod storage;
mod stream;
pub mod tasks;
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

/// Listens for `event` on the window for as long as the reactive owner this is called under lives:
/// on its cleanup the listener is removed and its closure freed. (Leptos's `window_event_listener`
/// hands its closure to JS for good: with an app's state captured, each widget mounted and unmounted
/// left ~1.6 KB of wasm memory behind.)
pub fn on_window_event<E: wasm_bindgen::convert::FromWasmAbi + 'static>(
    event: &'static str,
    handler: impl FnMut(E) + 'static,
) {
    if let Some(window) = web_sys::window() {
        on_event(window.into(), event, handler);
    }
}

/// Listens to `event` on `target` (the page's `visualViewport`, say) until the current reactive owner
/// is cleaned up.
pub fn on_event<E: wasm_bindgen::convert::FromWasmAbi + 'static>(
    window: web_sys::EventTarget,
    event: &'static str,
    handler: impl FnMut(E) + 'static,
) {
    listen(window, event, false, handler);
}

/// Watches `event` on the window without ever delaying it (a passive listener: the browser scrolls
/// at once, whatever the page's thread is doing), until the current reactive owner is cleaned up.
pub fn watch_window_event<E: wasm_bindgen::convert::FromWasmAbi + 'static>(
    event: &'static str,
    handler: impl FnMut(E) + 'static,
) {
    if let Some(window) = web_sys::window() {
        listen(window.into(), event, true, handler);
    }
}

fn listen<E: wasm_bindgen::convert::FromWasmAbi + 'static>(
    window: web_sys::EventTarget,
    event: &'static str,
    passive: bool,
    handler: impl FnMut(E) + 'static,
) {
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(E)>::new(handler);
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(passive);
    let listening = window
        .add_event_listener_with_callback_and_add_event_listener_options(
            event,
            wasm_bindgen::JsCast::unchecked_ref(closure.as_ref()),
            &options,
        )
        .is_ok();
    if !listening {
        return;
    }
    let held = send_wrapper::SendWrapper::new((window, closure));
    leptos::prelude::on_cleanup(move || {
        let (window, closure) = held.take();
        let _ = window.remove_event_listener_with_callback(
            event,
            wasm_bindgen::JsCast::unchecked_ref(closure.as_ref()),
        );
    });
}

/// Calls `handler` each time `element`'s size changes (and once when it is first observed), until the
/// current reactive owner is cleaned up: a widget resized by its host page, with no window resize.
pub fn on_resize(element: &web_sys::Element, handler: impl FnMut() + 'static) {
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(handler);
    let Ok(observer) =
        web_sys::ResizeObserver::new(wasm_bindgen::JsCast::unchecked_ref(closure.as_ref()))
    else {
        return;
    };
    observer.observe(element);
    let held = send_wrapper::SendWrapper::new((observer, closure));
    leptos::prelude::on_cleanup(move || {
        let (observer, _closure) = held.take();
        observer.disconnect();
    });
}

/// Goes on in a task of its own (a zero timeout): the browser paints and answers input between.
pub async fn next_task() {
    transport::sleep_ms(0).await;
}

/// Waits for the browser to be idle (`requestIdleCallback`), at most `within_ms`; where there is no
/// such call (Safari), `within_ms` on a timer.
pub async fn idle(within_ms: u32) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let asked = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(ask) = asked else {
        return transport::sleep_ms(within_ms as i32).await;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &within_ms.into());
        let _ = ask.call2(&window, &resolve, &options);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
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

/// Offers `bytes` as a file: `anchor` (an `<a download>` being clicked) gets an object URL of them, so
/// the click goes on to save it. The URL stays valid for the page (a test reads it back).
pub fn offer_download(anchor: &web_sys::HtmlAnchorElement, name: &str, bytes: &[u8], mime: &str) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts) else {
        return;
    };
    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
        let old = anchor.href();
        if old.starts_with("blob:") {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        anchor.set_href(&url);
        anchor.set_download(name);
    }
}

/// A file the user picked or dropped, read whole.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("Cannot read {}: {e:?}", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Writes `text` to the clipboard (`navigator.clipboard.writeText`).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let nav = web_sys::window()
        .ok_or("No window to copy from.")?
        .navigator();
    wasm_bindgen_futures::JsFuture::from(nav.clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "The browser did not let the page use the clipboard.".to_owned())
}
