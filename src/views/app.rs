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
    // A connection that failed, or a link's server to trust: on a narrow screen the drawer opens on the
    // form, the one thing to do next (once per time it comes to that).
    Effect::new(move |before: Option<bool>| {
        let needs_form = state.link_server.with(Option::is_some)
            || state
                .connection
                .with(|c| matches!(c, Connection::Failed(_)));
        if needs_form && before != Some(true) {
            state.drawer_open.set(true);
        }
        needs_form
    });
    // A tool request the page lends a tool for is answered by it once the run has stopped on it
    // (never a recording's: playback acts on no live thread).
    Effect::new(move || {
        let waiting = state.session.interrupts.with(|l| !l.is_empty());
        if waiting && !state.session.streaming.get() && state.replay.with(Option::is_none) {
            crate::actions::gen_ui::answer_with_page_tool(state);
        }
    });
    let initial_server = config.server.unwrap_or_default();
    let initial_dialect = config.dialect.unwrap_or_default();
    let initial_folder = config.folder.unwrap_or_default();
    let chat = move || state.chat();
    let root = NodeRef::<leptos::html::Div>::new();
    crate::platform::on_window_event("keydown", move |ev: web_sys::KeyboardEvent| {
        on_key(state, root, ev)
    });
    if config.sync_url {
        follow_visual_viewport(root);
    }
    // A swipe towards the left on the drawer closes it (where it started, by touch).
    let swipe_from = StoredValue::new(None::<(i32, i32)>);
    // The open drawer is modal: the pane behind it is inert (no focus, no clicks, unread) until it closes.
    let modal = drawer_modality(state, root);
    // The parts of the full app come in when the browser is idle (the chat has no other screen).
    if !untrack(|| state.chat()) {
        preload_when_idle(state, parts::ALL);
    }

    view! {
        <div class="ac-root" node_ref=root data-theme=move || state.theme.get().as_str()
            data-connection=move || state.connection.with(Connection::as_str)>
            <div class="ac-app" class:ac-chat=chat class:ac-drawer-open=move || state.drawer_open.get()>
                {move || (!chat()).then(|| {
                    let initial_server = initial_server.clone();
                    let initial_folder = initial_folder.clone();
                    view! {
                        <aside class="ac-rail" tabindex="-1" aria-label="Servers and threads"
                            on:click=move |ev| if chose_in_rail(&ev, state) { close_drawer(state, root) }
                            on:pointerdown=move |ev: web_sys::PointerEvent| swipe_from.set_value(
                                (ev.pointer_type() == "touch").then(|| (ev.client_x(), ev.client_y())))
                            on:pointerup=move |ev: web_sys::PointerEvent| {
                                if let Some((x, y)) = swipe_from.get_value() {
                                    swipe_from.set_value(None);
                                    if swiped_left((x, y), (ev.client_x(), ev.client_y())) && state.drawer_open.get_untracked() {
                                        close_drawer(state, root);
                                    }
                                }
                            }
                            on:pointercancel=move |_| swipe_from.set_value(None)>
                            <ConnectPanel initial_server=initial_server initial_dialect=initial_dialect initial_folder=initial_folder>
                                <ThemePicker />
                            </ConnectPanel>
                            <AssistantPanel />
                            <ScreenNav />
                            {move || state.caps().threads.then(|| view! { <ThreadList /> })}
                        </aside>
                        <div class="ac-drawer-backdrop" aria-hidden="true" on:click=move |_| close_drawer(state, root)></div>
                    }
                })}
                <Shortcuts />
                <main class="ac-main" inert=move || modal.get()>
                    {move || (!chat()).then(|| view! {
                        <div class="ac-drawer-bar">
                            <button type="button" class="ac-drawer-toggle"
                                aria-expanded=move || state.drawer_open.get().to_string()
                                on:click=move |_| open_drawer(state, root)>
                                <span aria-hidden="true">"☰ "</span>"Servers and threads"</button>
                            // The rail's word on the connection, while the rail is folded away.
                            {move || match state.connection.get() {
                                Connection::Failed(e) => Some(view! { <span class="ac-error ac-drawer-bar-status" role="alert">{e}</span> }),
                                Connection::Connecting => Some(view! { <span class="ac-drawer-bar-status">"Connecting…"</span> }),
                                _ => None,
                            }}
                        </div>
                    })}
                    {move || {
                        match state.screen.get() {
                            Screen::Assistants if !chat() && state.caps().assistant_admin => {
                                return view! { <Part what="The Assistants page" load=parts::ASSISTANTS_PAGE /> }.into_any();
                            }
                            Screen::Store if !chat() && state.caps().store => {
                                return view! { <Part what="The Store page" load=parts::STORE_PAGE /> }.into_any();
                            }
                            Screen::Crons if !chat() && state.caps().crons => {
                                return view! { <Part what="The Schedules page" load=parts::CRONS_PAGE /> }.into_any();
                            }
                            Screen::Inbox if !chat() => {
                                return view! { <Part what="The Inbox" load=parts::INBOX_PAGE /> }.into_any();
                            }
                            _ => {}
                        }
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

/// Opens the rail as a drawer (below 900 px of the app's width) and moves the focus into it.
fn open_drawer(state: AppState, root: NodeRef<leptos::html::Div>) {
    state.drawer_open.set(true);
    // Focused once the drawer is shown (a hidden element takes no focus).
    state.spawn(async move {
        crate::platform::sleep_ms(0).await;
        focus_in(root, ".ac-rail");
    });
}

/// Whether the drawer is open over the pane now (it is open, and the app is narrow enough for it to be a
/// drawer): measured each time it opens or closes, the mode changes (a chat has no drawer), and the
/// app's own size changes (wider, an open drawer is the rail beside the pane again: nothing is inert).
fn drawer_modality(state: AppState, root: NodeRef<leptos::html::Div>) -> RwSignal<bool> {
    let modal = RwSignal::new(false);
    let measure = move || {
        let narrow = root.get_untracked().is_some_and(|r| drawer_mode(&r));
        let open = state.drawer_open.get_untracked() && !untrack(|| state.chat());
        modal.set(narrow && open);
    };
    Effect::new(move || {
        state.drawer_open.track();
        state.mode.track();
        measure();
    });
    // The app's own width decides (container queries): a host page may resize a widget alone.
    root.on_load(move |el| crate::platform::on_resize(&el, measure));
    modal
}

/// Closes the drawer and gives the focus back to the button that opened it (once the pane it is in is
/// no longer inert).
fn close_drawer(state: AppState, root: NodeRef<leptos::html::Div>) {
    state.drawer_open.set(false);
    state.spawn(async move {
        crate::platform::sleep_ms(0).await;
        focus_in(root, ".ac-drawer-toggle");
    });
}

fn focus_in(root: NodeRef<leptos::html::Div>, sel: &str) {
    if let Some(e) = root.get_untracked().and_then(|r| html_in(&r, sel)) {
        let _ = e.focus();
    }
}

/// The first element `sel` names in `root`, as an HTML element.
fn html_in(root: &web_sys::Element, sel: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(sel)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Whether a click in the rail chose where to go — a thread, a new thread, a screen — after which the
/// drawer has done its job (a choice made by code, e.g. a reconnect clearing the selection, is not one).
fn chose_in_rail(ev: &web_sys::MouseEvent, state: AppState) -> bool {
    // A server whose new threads are named opens its form in the rail: that is no choice yet.
    let new_thread_is_a_form =
        state.caps_now().thread_ops.create == agent_console_core::backend::CreateThreadForm::Named;
    let chosen = if new_thread_is_a_form {
        ".ac-thread-title, .ac-screens button"
    } else {
        ".ac-thread-title, .ac-new-thread, .ac-screens button"
    };
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(chosen).ok().flatten())
        .is_some()
}

/// Whether a touch from `from` to `to` was a swipe towards the left: 60 px or more, mostly sideways.
fn swiped_left(from: (i32, i32), to: (i32, i32)) -> bool {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    dx <= -60 && dy.abs() * 2 < -dx
}

/// The page's app is as tall as what the user sees of the page: with an on-screen keyboard up (the
/// visual viewport shorter than the window), the composer stays above it, not under it.
fn follow_visual_viewport(root: NodeRef<leptos::html::Div>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(viewport) = js_sys::Reflect::get(&window, &"visualViewport".into())
        .ok()
        .and_then(|v| v.dyn_into::<web_sys::EventTarget>().ok())
    else {
        return;
    };
    let fit = {
        let viewport = viewport.clone();
        move || {
            let read = |key: &str| {
                js_sys::Reflect::get(&viewport, &key.into())
                    .ok()
                    .and_then(|h| h.as_f64())
            };
            // Pinch-zoomed, the visual viewport is a part of the page: the app keeps its height.
            let height =
                read("height").filter(|_| read("scale").is_none_or(|s| (s - 1.0).abs() < 0.01));
            if let (Some(root), Some(h)) = (root.get_untracked(), height) {
                let _ = web_sys::HtmlElement::style(&root)
                    .set_property("--ac-viewport-height", &format!("{h}px"));
            }
        }
    };
    let resize = fit.clone();
    crate::platform::on_event(viewport, "resize", move |_: web_sys::Event| resize());
    root.on_load(move |_| fit());
}

/// Whether the rail is a drawer now (the app is narrow: its toggle is shown).
fn drawer_mode(root: &web_sys::Element) -> bool {
    html_in(root, ".ac-drawer-toggle").is_some_and(|e| e.offset_width() > 0)
}

/// What the keyboard does (`?` lists it).
const SHORTCUTS: [(&str, &str); 5] = [
    ("Ctrl/⌘ K", "search the threads"),
    ("Esc", "stop the run (or close this list, or the drawer)"),
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
fn on_key(state: AppState, root_ref: NodeRef<leptos::html::Div>, ev: web_sys::KeyboardEvent) {
    let Some(root) = root_ref.get_untracked() else {
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
    let typing = key_is_for(&ev, false);
    let key = ev.key();
    match key.as_str() {
        "k" | "K" if (ev.ctrl_key() || ev.meta_key()) && drawer_mode(root) => {
            // The search is in the drawer: opened first, the search focused once it shows.
            ev.prevent_default();
            state.drawer_open.set(true);
            let root = root.clone();
            state.spawn(async move {
                crate::platform::sleep_ms(0).await;
                if let Some(search) = html_in(&root, ".ac-thread-search") {
                    let _ = search.focus();
                }
            });
        }
        "k" | "K" if ev.ctrl_key() || ev.meta_key() => {
            if let Some(search) = html_in(root, ".ac-thread-search") {
                ev.prevent_default();
                let _ = search.focus();
            }
        }
        "Escape" if state.shortcuts_open.get_untracked() => state.shortcuts_open.set(false),
        "Escape" if state.drawer_open.get_untracked() && drawer_mode(root) => {
            close_drawer(state, root_ref)
        }
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

/// Whether a key belongs to where it was pressed: a field typed in (or, `buttons`, a button or link,
/// which Enter and Space press) — not to the app's shortcuts.
pub(crate) fn key_is_for(ev: &web_sys::KeyboardEvent, buttons: bool) -> bool {
    ev.composed_path()
        .get(0)
        .dyn_into::<web_sys::HtmlElement>()
        .is_ok_and(|e| {
            let tag = e.tag_name().to_ascii_lowercase();
            matches!(tag.as_str(), "input" | "textarea" | "select")
                || e.is_content_editable()
                || (buttons && matches!(tag.as_str(), "button" | "a"))
        })
}

/// Mounts the app into `parent`; the app lives as long as the page. Used by `main`, tests and embedders.
pub fn mount_app(parent: web_sys::HtmlElement, config: AppConfig) {
    crate::platform::panic::install();
    crate::platform::panic::watch(parent.clone().into());
    let handle = leptos::mount::mount_to(parent, move || view! { <App config=config /> });
    handle.forget();
}
