//! sessionStorage: the id of a run being followed survives a page reload, so reopening the thread joins it;
//! and the server profiles the user asked to remember (credentials included — only those).

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
