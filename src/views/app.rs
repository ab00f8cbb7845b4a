//! The root view: the rail (servers, assistants, the screens, threads) and the main pane (the thread,
//! or the server's runs page of the kind its capabilities name).

use crate::actions::connect::{connect, link_trusted};
use crate::actions::conversation::{open_neighbour, set_theme};
use crate::actions::thread::cancel;
use crate::config::{AppConfig, Theme};
use crate::state::{use_app_state, AppState, Connection, Screen};
use crate::views::{
    assistants::AssistantPanel,
    connect::ConnectPanel,
    folder_runs::ScreenNav,
    part::{preload_when_idle, Part},
    parts,
    thread::ThreadPane,
    thread_list::ThreadList,
};
use agent_console_core::backend::ServerRunsKind;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The whole client (or, in [`crate::config::Mode::Chat`], one thread's chat).
#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    let state = AppState::new(&config);
    app_view(state, config)
}

/// Provides `state` to the views below, connects to the configured server, and renders the client.
pub(crate) fn app_view(state: AppState, config: AppConfig) -> impl IntoView {
    provide_context(state);
    if let Some(profile) = config.profile() {
        if config.server_from_link
            && !link_trusted(state, &profile.base_url, config.trust_loopback_links)
        {
            // A link chose this server: nothing goes to it until the user says so (the form asks).
            state
                .link_server
                .set(Some(crate::platform::absolute_url(profile.base_url.trim())));
        } else {
            // The link's thread; kept too for a connect by hand to the same server (a key typed).
            connect(state, profile, config.thread.clone());
        }
    }
    let initial_server = config.server.unwrap_or_default();
    let initial_dialect = config.dialect.unwrap_or_default();
    let initial_folder = config.folder.unwrap_or_default();
    let chat = move || state.chat();
    let root = NodeRef::<leptos::html::Div>::new();
    crate::platform::on_window_event("keydown", move |ev: web_sys::KeyboardEvent| {
        on_key(state, root, ev)
    });
    // The parts of the full app come in when the browser is idle (the chat has no other screen).
    if !untrack(|| state.chat()) {
        preload_when_idle(state, parts::ALL);
    }
    view! {
        <div class="ac-root" node_ref=root data-theme=move || state.theme.get().as_str()
            data-connection=move || state.connection.with(Connection::as_str)>
            <div class="ac-app" class:ac-chat=chat>
                {move || (!chat()).then(|| {
                    let initial_server = initial_server.clone();
                    let initial_folder = initial_folder.clone();
                    view! {
                        <aside class="ac-rail">
                            <ThemePicker />
                            <ConnectPanel initial_server=initial_server initial_dialect=initial_dialect initial_folder=initial_folder />
                            <AssistantPanel />
                            <ScreenNav />
                            {move || state.caps().threads.then(|| view! { <ThreadList /> })}
                        </aside>
                    }
                })}
                <Shortcuts />
                <main class="ac-main">
                    {move || {
                        let runs = state.caps().server_runs.filter(|_| !chat() && state.screen.get() == Screen::Runs);
                        match runs.map(|r| r.kind) {
                            Some(ServerRunsKind::Search) => view! { <Part what="The runs page" load=parts::SEARCH_RUNS_PAGE /> }.into_any(),
                            Some(ServerRunsKind::Folder) => view! { <Part what="The runs page" load=parts::FOLDER_RUNS_PAGE /> }.into_any(),
                            None => view! { <ThreadPane /> }.into_any(),
                        }
                    }}
                </main>
            </div>
        </div>
    }
}

/// Light, dark or the system's colour scheme, remembered in this browser.
#[component]
fn ThemePicker() -> impl IntoView {
    let state = use_app_state();
    view! {
        <label class="ac-theme-pick">"Theme "
            <select class="ac-theme" on:change=move |ev| {
                if let Some(t) = Theme::parse(&event_target_value(&ev)) { set_theme(state, t) }
            }>
                {[(Theme::Light, "Light"), (Theme::Dark, "Dark"), (Theme::Auto, "System")].into_iter().map(|(t, label)| view! {
                    <option value=t.as_str() selected=move || state.theme.get() == t>{label}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// What the keyboard does (`?` lists it).
const SHORTCUTS: [(&str, &str); 5] = [
    ("Ctrl/⌘ K", "search the threads"),
    ("Esc", "stop the run (or close this list)"),
    ("Alt ↑ / Alt ↓", "the previous / next thread"),
    ("Enter / Shift Enter", "send / a new line, in the composer"),
    ("?", "show or hide this list"),
];

#[component]
fn Shortcuts() -> impl IntoView {
    let state = use_app_state();
    move || {
        state.shortcuts_open.get().then(|| view! {
            <div class="ac-shortcuts" role="dialog" aria-label="Keyboard shortcuts">
                <h2>"Keyboard shortcuts"</h2>
                <dl>{SHORTCUTS.into_iter().map(|(k, what)| view! { <dt><kbd>{k}</kbd></dt><dd>{what}</dd> }).collect_view()}</dl>
                <button type="button" class="ac-shortcuts-close" on:click=move |_| state.shortcuts_open.set(false)>"Close"</button>
            </div>
        })
    }
}

/// A key pressed in this app (or, for the page's own app, anywhere on the page).
fn on_key(state: AppState, root: NodeRef<leptos::html::Div>, ev: web_sys::KeyboardEvent) {
    let Some(root) = root.get_untracked() else {
        return;
    };
    let root: &web_sys::Element = &root;
    let inside = ev
        .composed_path()
        .iter()
        .any(|n| n.dyn_ref::<web_sys::Element>().is_some_and(|e| e == root));
    let on_page = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| e.tag_name().eq_ignore_ascii_case("body"));
    let ours = inside || (on_page && state.sync_url.get_value());
    if !ours {
        return;
    }
    let typing = ev
        .composed_path()
        .get(0)
        .dyn_into::<web_sys::HtmlElement>()
        .is_ok_and(|e| {
            matches!(
                e.tag_name().to_ascii_lowercase().as_str(),
                "input" | "textarea" | "select"
            ) || e.is_content_editable()
        });
    let key = ev.key();
    match key.as_str() {
        "k" | "K" if ev.ctrl_key() || ev.meta_key() => {
            if let Some(search) = root
                .query_selector(".ac-thread-search")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                ev.prevent_default();
                let _ = search.focus();
            }
        }
        "Escape" if state.shortcuts_open.get_untracked() => state.shortcuts_open.set(false),
        "Escape" => {
            let s = state.session;
            if s.streaming.get_untracked()
                && s.run_id.with_untracked(Option::is_some)
                && state.caps_now().stop.is_some()
            {
                cancel(state);
            }
        }
        "ArrowUp" | "ArrowDown" if ev.alt_key() => {
            ev.prevent_default();
            open_neighbour(state, if key == "ArrowUp" { -1 } else { 1 });
        }
        "?" if !typing => state.shortcuts_open.update(|o| *o = !*o),
        _ => {}
    }
}

/// Mounts the app into `parent`; the app lives as long as the page. Used by `main`, tests and embedders.
pub fn mount_app(parent: web_sys::HtmlElement, config: AppConfig) {
    crate::platform::panic::install();
    crate::platform::panic::watch(parent.clone().into());
    let handle = leptos::mount::mount_to(parent, move || view! { <App config=config /> });
    handle.forget();
}
