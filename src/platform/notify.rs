//! Browser notifications, reached through `window.Notification` as it is at each call (a page, or
//! a test's stand-in, may replace it; a browser may have none). Permission is asked only from the
//! click that turns notifications on.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn constructor() -> Option<Function> {
    let w = web_sys::window()?;
    Reflect::get(&w, &JsValue::from_str("Notification"))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

/// `"granted"`, `"denied"`, `"default"` — or `None` where the browser has no notifications.
pub fn permission() -> Option<String> {
    let c = constructor()?;
    Reflect::get(&c, &JsValue::from_str("permission"))
        .ok()?
        .as_string()
}

/// Asks for permission: call it in the click's own handler (browsers refuse a request made
/// later) — the request is made at once; the future gives the answer (`"unsupported"` without
/// notifications), for the caller to await in a task it owns.
pub fn request() -> impl std::future::Future<Output = String> {
    let asked = constructor().map(|c| {
        Reflect::get(&c, &JsValue::from_str("requestPermission"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&c).ok())
            .and_then(|p| p.dyn_into::<Promise>().ok())
    });
    let now = permission().unwrap_or_else(|| "unsupported".into());
    async move {
        match asked.flatten() {
            Some(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| "denied".into()),
            None => now,
        }
    }
}

/// Shows a notification (`tag`: a newer one of the same tag replaces it); `on_click` runs when it
/// is clicked. False where it cannot be shown.
pub fn show(title: &str, body: &str, tag: &str, on_click: impl FnOnce() + 'static) -> bool {
    let Some(c) = constructor() else {
        return false;
    };
    if permission().as_deref() != Some("granted") {
        return false;
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"body".into(), &body.into());
    let _ = Reflect::set(&options, &"tag".into(), &tag.into());
    let args = js_sys::Array::of2(&title.into(), &options);
    let Ok(note) = Reflect::construct(&c, &args) else {
        return false;
    };
    let click = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.focus();
        }
        on_click();
    });
    let _ = Reflect::set(&note, &"onclick".into(), &click);
    true
}
