//! What the user does, as functions of the app state: each asks the connected server's backend and
//! writes the state; views call them. No action names a dialect (but `dialect_code`, the table of the
//! split build's dialect parts) or touches the network itself — the
//! backend knows the dialect, the server's HTTP carries the requests.

pub mod assistant_admin;
pub mod assistants;
pub mod branches;
pub mod connect;
pub mod conversation;
pub mod crons;
pub mod debugger;
pub mod dialect_code;
pub mod gen_ui;
pub mod insight;
pub mod queue;
pub mod replay;
pub mod server_runs;
pub mod store;
pub mod thread;
pub mod thread_list;
pub mod threads;

use crate::state::{AppState, Server};
use leptos::prelude::{GetUntracked, Set, WithUntracked};

/// The assistant chosen and the run options read for `s`'s form (or what is wrong with them, in the
/// user's words): what every run this app starts is sent with.
fn run_settings(
    state: AppState,
    s: &Server,
) -> (
    Option<String>,
    Result<agent_console_core::backend::RunSettings, String>,
) {
    let assistant = state.assistant_id.get_untracked();
    // Every run pauses where the user's breakpoints say, while they are set — where the debugger
    // is shown (a chat has none to continue with).
    let breakpoints = if state.chat_now() {
        Default::default()
    } else {
        state.breakpoints.get_now()
    };
    let settings = state
        .run_options
        .settings(s.backend.capabilities().run_options, assistant.clone())
        .map(|r| r.with_breakpoints(&breakpoints));
    (assistant, settings)
}

/// The connected server, or nothing to do.
fn server(state: AppState) -> Option<Server> {
    state.server_now()
}

/// The connected server, for an action on the live thread (send, answer, stop, edit, regenerate,
/// re-run, fork) — none while a recording plays: playback is read-only, so nothing a recording
/// shows (its questions, its run ids) can act on the live thread with the user's credentials.
fn live_server(state: AppState) -> Option<Server> {
    if state.replay.with_untracked(Option::is_some) {
        state.replay_error.set(Some(
            "A recording is playing: it is read-only. Close it to act on the live thread.".into(),
        ));
        return None;
    }
    state.server_now()
}
