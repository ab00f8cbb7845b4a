//! The host page's tools (a widget's `tools` option / property, the app page's
//! `globalThis.agentConsoleTools`): JS functions the page lends the agent, called with the arguments
//! the run asked for.

use serde_json::Value;
use wasm_bindgen::JsCast;

/// A page's tools by name, read from an options object's `tools` (functions only; anything else in
/// it is refused with why).
pub fn read(options: &wasm_bindgen::JsValue) -> Result<Vec<(String, js_sys::Function)>, String> {
    const WHAT: &str = "the widget's tools";
    let Ok(tools) = js_sys::Reflect::get(options, &"tools".into()) else {
        return Ok(Vec::new());
    };
    if tools.is_undefined() || tools.is_null() {
        return Ok(Vec::new());
    }
    let Some(obj) = tools.dyn_ref::<js_sys::Object>() else {
        return Err(format!("{WHAT}: an object of names to functions"));
    };
    entries(obj)
        .into_iter()
        .map(|(name, f)| {
            f.map(|f| (name.clone(), f))
                .ok_or_else(|| format!("{WHAT}: {name:?} is not a function"))
        })
        .collect()
}

/// The app page's own tools: `globalThis.agentConsoleTools`, read when a run asks for one (so a
/// page script may lend them after the app started). What is not a function is left out, and said
/// on the console.
pub fn of_page() -> Vec<(String, js_sys::Function)> {
    let tools = js_sys::Reflect::get(&js_sys::global(), &"agentConsoleTools".into())
        .unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
    let Some(obj) = tools.dyn_ref::<js_sys::Object>() else {
        return Vec::new();
    };
    entries(obj)
        .into_iter()
        .filter_map(|(name, f)| {
            if f.is_none() {
                let why = format!("agentConsoleTools: {name:?} is not a function (left out)");
                web_sys::console::warn_1(&why.into());
            }
            Some(name).zip(f)
        })
        .collect()
}

/// An object's entries: each name with its value if that is a function.
fn entries(obj: &js_sys::Object) -> Vec<(String, Option<js_sys::Function>)> {
    js_sys::Object::entries(obj)
        .iter()
        .map(|pair| {
            let pair: js_sys::Array = pair.unchecked_into();
            let name = pair.get(0).as_string().unwrap_or_default();
            (name, pair.get(1).dyn_into::<js_sys::Function>().ok())
        })
        .collect()
}

/// Whether the page's own tools may answer the server at `base_url`: one on the page's own origin,
/// or one whose origin the page lists in `globalThis.agentConsoleToolsServers` — the app page
/// connects where a link or the user says, and a server the page did not name must not call its
/// functions with arguments of its choosing.
pub fn page_lends_to(base_url: &str) -> bool {
    let origin = |url: &str| web_sys::Url::new(url).ok().map(|u| u.origin());
    let Some(server) = origin(base_url) else {
        return false;
    };
    let page = web_sys::window().and_then(|w| w.location().origin().ok());
    if page.as_deref() == Some(server.as_str()) {
        return true;
    }
    let listed = js_sys::Reflect::get(&js_sys::global(), &"agentConsoleToolsServers".into())
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|v| js_sys::Array::from(&v));
    listed.is_some_and(|l| {
        l.iter()
            .filter_map(|v| v.as_string())
            .any(|s| origin(&s).as_deref() == Some(server.as_str()))
    })
}

/// Calls `tool` with `args` (as a plain JS object) and waits for its answer (a promise is awaited):
/// the answer as JSON, or why there is none (it threw, or rejected, or answered what JSON cannot
/// hold).
pub async fn call(tool: &js_sys::Function, args: &Value) -> Result<Value, String> {
    let answer = tool
        .call1(&wasm_bindgen::JsValue::NULL, &super::json::to_js(args))
        .map_err(|e| said(&e))?;
    let answer = match answer.dyn_into::<js_sys::Promise>() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
            .await
            .map_err(|e| said(&e))?,
        Err(v) => v,
    };
    super::json::from_js(&answer).map_err(|e| format!("its answer is not JSON: {e}"))
}

/// What a thrown value says: an error's message, a string as it is.
fn said(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "it failed".into())
}
