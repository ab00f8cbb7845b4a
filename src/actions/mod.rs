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
pub mod inbox;
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
    let settings = state
        .run_options
        .settings(s.backend.capabilities().run_options, assistant.clone())
        .map(|r| r.with_breakpoints(&breakpoints(state)));
    (assistant, settings)
}

/// Where runs pause: the user's breakpoints, where the debugger is shown (a chat has none to
/// continue with).
fn breakpoints(state: AppState) -> agent_console_core::debugger::Breakpoints {
    if state.chat_now() {
        Default::default()
    } else {
        state.breakpoints.get_now()
    }
}

/// [`run_settings`] for a run started without the composer (a re-run, a step, an answer): run
/// options that cannot be read send none — unless the run must pause (a `step`, or breakpoints
/// set), which it then would not: the form's fault is answered instead. A step pauses before the
/// next node whatever the breakpoints say.
fn run_settings_or_none(
    state: AppState,
    s: &Server,
    step: bool,
) -> Result<
    (
        Option<String>,
        Option<agent_console_core::backend::RunSettings>,
    ),
    String,
> {
    let (assistant, settings) = run_settings(state, s);
    let pausing = breakpoints(state);
    match settings {
        Err(e) if step || !pausing.is_empty() => {
            Err(format!("The run options cannot be sent: {e}"))
        }
        Err(_) => Ok((assistant, None)),
        Ok(r) if step => Ok((assistant, Some(r.with_breakpoints(&pausing.step())))),
        Ok(r) => Ok((assistant, Some(r))),
    }
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
