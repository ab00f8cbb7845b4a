//! The net under the app. There should be no panics (network data is never unwrapped); if one
//! happens anyway, the wasm instance is gone — so instead of a page that silently stops answering,
//! every mounted agent-console says so in place: "agent-console stopped — reload", with the panic's
//! message (as text) and a reload link that needs no wasm to work.

use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    /// Where apps and widgets are mounted: where the notice goes.
    static ROOTS: RefCell<Vec<web_sys::Element>> = const { RefCell::new(Vec::new()) };
}

/// Installs the panic hook (once): the hook before it, the console's message, then the notice.
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // A hook set before ours (a test harness's) still runs.
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            before(info);
            console_error_panic_hook::hook(info);
            show_stopped(&info.to_string());
        }));
    });
}

/// Remembers a mount point, for the notice; marked `data-ac-mount` for the notice of a fault the
/// wasm cannot report itself (a trap, a stack overflow: `widget/stopped.js`, plain JS).
pub fn watch(root: web_sys::Element) {
    let _ = root.set_attribute("data-ac-mount", "");
    ROOTS.with(|r| r.borrow_mut().push(root));
}

/// Forgets a mount point (an unmounted widget).
pub fn unwatch(root: &web_sys::Element) {
    let _ = root.remove_attribute("data-ac-mount");
    ROOTS.with(|r| r.borrow_mut().retain(|x| x != root));
}

/// Shows the notice in every mount point (once each). Text nodes only: a message may quote data.
pub fn show_stopped(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    ROOTS.with(|roots| {
        for root in roots.borrow().iter() {
            if root
                .query_selector(":scope > .ac-stopped")
                .ok()
                .flatten()
                .is_some()
            {
                continue;
            }
            let _ = (|| -> Result<(), wasm_bindgen::JsValue> {
                let note = doc.create_element("div")?;
                note.set_class_name("ac-stopped");
                note.set_attribute("role", "alert")?;
                let title = doc.create_element("strong")?;
                title.set_text_content(Some("agent-console stopped — reload"));
                let detail = doc.create_element("pre")?;
                detail.set_text_content(Some(message));
                let reload = doc.create_element("a")?;
                reload.set_attribute("href", &href)?;
                reload.set_class_name("ac-stopped-reload");
                reload.set_text_content(Some("Reload"));
                note.append_child(&title)?;
                note.append_child(&detail)?;
                note.append_child(&reload)?;
                root.insert_before(&note, root.first_child().as_ref())?;
                Ok(())
            })();
        }
    });
}

/// The body, as the app's mount point.
pub fn watch_body() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        watch(body.unchecked_into());
    }
}
