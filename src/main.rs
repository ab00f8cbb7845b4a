//! Entry point of the web app: sets the panic hook and mounts [`agent_console::App`] on the body —
//! unless the page loaded this bundle for its `<agent-console>` widgets (the element module sets
//! `globalThis.__agentConsoleWidget` before starting the wasm), where `mount` does the mounting.

fn main() {
    console_error_panic_hook::set_once();
    let embedded = js_sys::Reflect::get(&js_sys::global(), &"__agentConsoleWidget".into())
        .is_ok_and(|v| v.is_truthy());
    if embedded {
        return;
    }
    let config = agent_console::AppConfig::from_location();
    leptos::mount::mount_to_body(move || leptos::view! { <agent_console::App config=config /> });
}
