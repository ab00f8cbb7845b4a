//! Connecting: what the server offers (the backend's capabilities), its assistants, its threads, then
//! the thread asked for.

use super::thread::open_thread;
use super::thread_list::load_threads;
use crate::platform::absolute_url;
use crate::state::{AppState, Connection, Screen, Server};
use agent_console_core::backend::Backend;
use agent_console_core::domain::ServerProfile;
use leptos::prelude::*;

/// Connects to a server: finds what it offers, lists the assistants (choosing the deep link's one,
/// else the first), loads threads, then opens `thread` if given.
pub fn connect(state: AppState, mut profile: ServerProfile, thread: Option<String>) {
    // What was typed may name the server another way (an A2A agent by its card's URL).
    let typed = absolute_url(profile.base_url.trim());
    profile.base_url = agent_console_core::backend::ConnectForm::of(profile.dialect)
        .server_url(&typed)
        .trim_end_matches('/')
        .to_owned();
    if profile.base_url.is_empty() {
        state
            .connection
            .set(Connection::Failed("Enter the server's URL.".into()));
        return;
    }
    let allowed = state.allowed_servers.get_value();
    if !agent_console_core::trust::allowed(&profile.base_url, &allowed) {
        state.connection.set(Connection::Failed(format!(
            "This build of agent-console connects only to {}: {} is not one of them.",
            allowed.join(", "),
            profile.base_url
        )));
        state.connect_done.set(true);
        return;
    }
    // Anything sent now goes where the user chose: a link's question is answered.
    state.link_server.set(None);
    if profile.label.trim().is_empty() {
        profile.label = profile.base_url.clone();
    }
    state.profile.set(Some(profile.clone()));
    state.connection.set(Connection::Connecting);
    state.connect_done.set(false);
    state.server.set(None);
    state.servers.info.set(None);
    state.assistants.set(Vec::new());
    state.threads.items.set(Vec::new());
    state.selected.set(None);
    state.session.clear();
    state.folder_runs.reset();
    state.search_runs.reset();
    state.spawn(async move {
        let mine = profile.clone();
        let still_current = move || state.profile.with_untracked(|p| p.as_ref() == Some(&mine));
        let http = crate::state::server_http(&profile, state.timeouts.get_value());
        let connected = match super::dialect_code::code_of(profile.dialect).await {
            Ok(code) => Backend::connect_with(code, &profile, &http)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(format!("Connecting failed: {e}.")),
        };
        let connected = match connected {
            Ok(c) => c,
            Err(e) => {
                if still_current() {
                    state.connection.set(Connection::Failed(e));
                    state.connect_done.set(true);
                }
                return;
            }
        };
        if !still_current() {
            return;
        }
        let list = connected.assistants;
        let wanted = state.wanted_assistant.get_value();
        let chosen = wanted
            .as_ref()
            .and_then(|w| {
                list.iter()
                    .find(|a| a.id == *w || a.graph_or_model.as_deref() == Some(w))
            })
            .or(list.first())
            .map(|a| a.id.clone())
            .or(wanted);
        let caps = connected.backend.capabilities().clone();
        state.assistant_id.set(chosen);
        state.assistants.set(list);
        // Another server's store is not at the last one's namespace (a link's place is kept for
        // the first server connected).
        if state.server.with_untracked(Option::is_some) {
            state.store_place.set(Default::default());
        }
        state.server.set(Some(Server {
            backend: connected.backend,
            http,
        }));
        state.connection.set(Connection::Connected {
            version: Some(caps.status.clone()),
        });
        // A server without the page shown (its runs, its assistants) opens on the conversation; one
        // that has it shows the new server's.
        match state.screen.get_untracked() {
            Screen::Runs if caps.server_runs.is_some() => super::server_runs::open_page(state),
            Screen::Assistants if caps.assistant_admin => {}
            Screen::Store if caps.store => {}
            Screen::Crons if caps.crons => {}
            Screen::Inbox => {}
            _ => state.screen.set(Screen::Thread),
        }
        state.servers.info.set(Some(connected.info));
        if caps.threads {
            load_threads(state).await;
        }
        if !still_current() {
            return;
        }
        if let Some(t) = thread.filter(|_| caps.threads) {
            // What was typed or sent while connecting was meant for the thread shown now.
            state.queue.update(|q| {
                for m in q.iter_mut().filter(|m| m.thread.is_none()) {
                    m.thread = Some(t.clone());
                }
            });
            open_thread(state, t);
        }
        state.connect_done.set(true);
        state.update_url();
    });
}

/// Whether a server a link named may be connected to without asking: on this page's origin (its own
/// proxy), one of the saved profiles, or — `loopback` — on this machine.
pub fn link_trusted(state: AppState, server: &str, loopback: bool) -> bool {
    use agent_console_core::trust::origin_of;
    let url = absolute_url(server.trim());
    let Some(origin) = origin_of(&url) else {
        return false;
    };
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let on_this_machine = agent_console_core::trust::is_loopback_origin(&origin);
    let norm = |u: &str| u.trim().trim_end_matches('/').to_owned();
    origin == page
        || (loopback && on_this_machine)
        || state
            .servers
            .saved
            .with_untracked(|l| l.iter().any(|e| norm(&e.profile.base_url) == norm(&url)))
}
