//! Servers: the saved profiles of this tab (remembered in sessionStorage only when the user asks), and
//! connecting to one — probe `/info`, list the assistants, load the threads, open a thread.

use crate::app::{open_thread, AppState, Connection, Screen};
use crate::thread_actions::load_threads;
use crate::{agent_protocol, storage, transport, yandex};
use agent_console_core::dialects::langgraph::{convert, requests};
use agent_console_core::domain::{Dialect, ServerInfo, ServerProfile};
use leptos::prelude::*;

/// A profile in the rail's list.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedProfile {
    pub profile: ServerProfile,
    /// Kept in this tab's sessionStorage (with its credentials) so a reload restores it.
    pub remember: bool,
}

/// The saved profiles and what the connected server said about itself.
#[derive(Clone, Copy)]
pub struct ServersState {
    pub saved: RwSignal<Vec<SavedProfile>>,
    pub info: RwSignal<Option<ServerInfo>>,
}

impl ServersState {
    /// Starts with the profiles this tab remembered.
    pub fn new() -> Self {
        let remembered = storage::remembered_profiles();
        Self {
            saved: RwSignal::new(
                remembered
                    .into_iter()
                    .map(|profile| SavedProfile {
                        profile,
                        remember: true,
                    })
                    .collect(),
            ),
            info: RwSignal::new(None),
        }
    }

    /// Adds or replaces (by label) a profile, and rewrites what the tab remembers.
    pub fn save(&self, entry: SavedProfile) {
        self.saved.update(|list| {
            match list
                .iter_mut()
                .find(|e| e.profile.label == entry.profile.label)
            {
                Some(e) => *e = entry,
                None => list.push(entry),
            }
        });
        self.persist();
    }

    pub fn forget(&self, label: &str) {
        self.saved
            .update(|list| list.retain(|e| e.profile.label != label));
        self.persist();
    }

    fn persist(&self) {
        let kept: Vec<ServerProfile> = self.saved.with_untracked(|list| {
            list.iter()
                .filter(|e| e.remember)
                .map(|e| e.profile.clone())
                .collect()
        });
        storage::remember_profiles(&kept);
    }
}

impl Default for ServersState {
    fn default() -> Self {
        Self::new()
    }
}

/// Connects to a server: probes `/info`, lists the assistants (choosing the deep link's one, else the
/// first), loads threads, then opens `thread` if given.
pub fn connect(state: AppState, mut profile: ServerProfile, thread: Option<String>) {
    profile.base_url = absolute(profile.base_url.trim())
        .trim_end_matches('/')
        .to_owned();
    if profile.base_url.is_empty() {
        state
            .connection
            .set(Connection::Failed("Enter the server's URL.".into()));
        return;
    }
    if profile.label.trim().is_empty() {
        profile.label = profile.base_url.clone();
    }
    state.profile.set(Some(profile.clone()));
    state.connection.set(Connection::Connecting);
    state.servers.info.set(None);
    state.assistants.set(Vec::new());
    state.threads.items.set(Vec::new());
    state.selected.set(None);
    state.session.clear();
    state.runs_page.reset();
    state.ap_runs.reset();
    // Yandex and Agent Protocol servers have a server-wide runs page; another opens on the conversation.
    if profile.dialect == Dialect::LangGraph {
        state.screen.set(Screen::Thread);
    }
    leptos::task::spawn_local(async move {
        let mine = profile.clone();
        let still_current = move || state.profile.with_untracked(|p| p.as_ref() == Some(&mine));
        let probed = async {
            if profile.dialect == Dialect::Yandex {
                return yandex::probe(&profile).await;
            }
            if profile.dialect == Dialect::AgentProtocol {
                return agent_protocol::probe(&profile).await;
            }
            let info = transport::send(&profile, &requests::info())
                .await
                .and_then(|r| convert::info(&r.body))?;
            // "Connected" only once the app can run something: the assistant list decides what runs.
            let list = transport::send(&profile, &requests::search_assistants(100, 0))
                .await
                .and_then(|r| convert::assistants(&r.body))?;
            Ok::<_, agent_console_core::http::ApiError>((info, list))
        };
        let (info, list) = match probed.await {
            Ok(found) => found,
            Err(e) => {
                if still_current() {
                    state.connection.set(Connection::Failed(e.to_string()));
                }
                return;
            }
        };
        if !still_current() {
            return;
        }
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
        state.assistant_id.set(chosen);
        state.assistants.set(list);
        let version = match profile.dialect {
            Dialect::LangGraph => info.version.as_ref().map(|v| format!("langgraph-api {v}")),
            _ => info.version.clone(),
        };
        state.connection.set(Connection::Connected { version });
        // The runs page loads when it is opened; if it is open now, it shows the new server's runs.
        if state.screen.get_untracked() == Screen::Runs {
            match profile.dialect {
                Dialect::Yandex => yandex::load_runs(state, yandex::Go::First),
                Dialect::AgentProtocol => agent_protocol::load_runs(state, 0),
                Dialect::LangGraph => {}
            }
        }
        state.servers.info.set(Some(info));
        load_threads(state).await;
        if let Some(t) = thread {
            open_thread(state, t);
        }
        state.update_url();
    });
}

/// A path such as `/yandex` (a same-origin proxy) resolved against the page's origin; anything else as
/// typed.
fn absolute(url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        return format!("{origin}{url}");
    }
    url.to_owned()
}
