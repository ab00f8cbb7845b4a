//! Entry point of the web app: sets the panic hook (a notice in place of a frozen page) and mounts [`agent_console::App`] on the body —
//! unless the page loaded this bundle for its `<agent-console>` widgets (the element module sets
//! `globalThis.__agentConsoleWidget` before starting the wasm), where `mount` does the mounting.

fn main() {
    agent_console::platform::panic::install();
    let embedded = js_sys::Reflect::get(&js_sys::global(), &"__agentConsoleWidget".into())
        .is_ok_and(|v| v.is_truthy());
    if embedded {
        return;
    }
    // The static shell of index.html gives way to the app.
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("ac-shell"))
    {
        shell.remove();
    }
    agent_console::platform::panic::watch_body();
    let config = agent_console::AppConfig::from_location();
    leptos::mount::mount_to_body(move || leptos::view! { <agent_console::App config=config /> });
}
