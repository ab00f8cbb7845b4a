//! sessionStorage: the id of a run being followed survives a page reload, so reopening the thread joins it;
//! and the server profiles the user asked to remember (credentials included — only those).
//! localStorage: the ids of the runs this browser saw on a thread, for servers that list none per
//! thread (ids only: no content, no credential), and the colour scheme chosen. sessionStorage also
//! keeps whether this tab hides tool calls.

use agent_console_core::domain::ServerProfile;
use agent_console_core::profiles;

const PROFILES_KEY: &str = "agent-console:profiles";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn run_key(server: &str, thread_id: &str) -> String {
    format!("agent-console:run:{server}|{thread_id}")
}

pub fn remember_run(server: &str, thread_id: &str, run_id: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&run_key(server, thread_id), run_id);
    }
}

pub fn remembered_run(server: &str, thread_id: &str) -> Option<String> {
    storage()?.get_item(&run_key(server, thread_id)).ok()?
}

/// Runs kept per thread in the seen list.
const SEEN_MAX: usize = 50;

fn seen_key(server: &str, thread_id: &str) -> String {
    format!("agent-console:seen:{server}|{thread_id}")
}

/// Notes that this browser saw `run_id` on the thread (newest first, at most [`SEEN_MAX`]).
pub fn note_seen_run(server: &str, thread_id: &str, run_id: &str) {
    let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let mut ids = seen_runs(server, thread_id);
    ids.retain(|r| r != run_id);
    ids.insert(0, run_id.to_owned());
    ids.truncate(SEEN_MAX);
    if let Ok(text) = serde_json::to_string(&ids) {
        let _ = s.set_item(&seen_key(server, thread_id), &text);
    }
}

/// The runs this browser saw on the thread, newest first.
pub fn seen_runs(server: &str, thread_id: &str) -> Vec<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(&seen_key(server, thread_id)).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

pub fn forget_run(server: &str, thread_id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&run_key(server, thread_id));
    }
}

/// The profiles this tab remembered; none if storage is unavailable or unreadable.
pub fn remembered_profiles() -> Vec<ServerProfile> {
    storage()
        .and_then(|s| s.get_item(PROFILES_KEY).ok().flatten())
        .map(|json| profiles::from_json(&json))
        .unwrap_or_default()
}

/// Replaces the remembered profiles; an empty list removes the entry.
pub fn remember_profiles(kept: &[ServerProfile]) {
    let Some(s) = storage() else { return };
    if kept.is_empty() {
        let _ = s.remove_item(PROFILES_KEY);
    } else {
        let _ = s.set_item(PROFILES_KEY, &profiles::to_json(kept));
    }
}

const THEME_KEY: &str = "agent-console:theme";
const HIDE_TOOLS_KEY: &str = "agent-console:hide-tools";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The colour scheme the user chose in this browser (`light`, `dark`, `auto`), if any.
pub fn remembered_theme() -> Option<String> {
    local()?.get_item(THEME_KEY).ok()?
}

pub fn remember_theme(theme: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(THEME_KEY, theme);
    }
}

/// Whether tool calls are hidden in this tab.
pub fn tools_hidden() -> bool {
    storage()
        .and_then(|s| s.get_item(HIDE_TOOLS_KEY).ok().flatten())
        .is_some_and(|v| v == "1")
}

pub fn hide_tools(hidden: bool) {
    if let Some(s) = storage() {
        let _ = if hidden {
            s.set_item(HIDE_TOOLS_KEY, "1")
        } else {
            s.remove_item(HIDE_TOOLS_KEY)
        };
    }
}
