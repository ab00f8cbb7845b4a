//! What the user does, as functions of the app state: each asks the connected server's backend and
//! writes the state; views call them. No action names a dialect or touches the network itself — the
//! backend knows the dialect, the server's HTTP carries the requests.

pub mod assistants;
pub mod branches;
pub mod connect;
pub mod conversation;
pub mod insight;
pub mod replay;
pub mod server_runs;
pub mod thread;
pub mod threads;

use crate::state::{AppState, Server};
use leptos::prelude::GetUntracked;

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
    let settings = state
        .run_options
        .settings(s.backend.capabilities().run_options, assistant.clone());
    (assistant, settings)
}

/// The connected server, or nothing to do.
fn server(state: AppState) -> Option<Server> {
    state.server_now()
}
