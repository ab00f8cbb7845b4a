//! Entry point of the web app: sets the panic hook and mounts [`agent_console::App`] on the body.

fn main() {
    console_error_panic_hook::set_once();
    let config = agent_console::AppConfig::from_location();
    leptos::mount::mount_to_body(move || leptos::view! { <agent_console::App config=config /> });
}
