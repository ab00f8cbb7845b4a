//! Asking the server about the run a follow is on: how it ended (asked again briefly while the
//! server still says it goes), the run a thread has going, the run a request started though its
//! answer was lost; and naming the followed run (the tab remembers it, a chain's thread moves to it).

use crate::platform::{storage, transport};
use crate::state::session::ThreadSession;
use crate::state::{AppState, Server};
use agent_console_core::backend::Start;
use agent_console_core::follow::{Follow, Input, Outcome};
use agent_console_core::http::ApiError;
use leptos::prelude::*;

/// How far apart the final status is asked while the server still says the run is active.
const FINAL_STATUS_WAIT_MS: i32 = 150;

/// Asks the server for the run's status; the stream can end a moment before the server records the
/// final status, so an active answer is asked again briefly.
pub(super) async fn final_status(
    server: &Server,
    thread_id: &str,
    session: ThreadSession,
    tries: u32,
) -> Outcome {
    let Some(rid) = session.run_id.get_untracked() else {
        return Outcome::NoRun;
    };
    for attempt in 0..tries {
        match server
            .backend
            .run_outcome(&server.http, thread_id, &rid)
            .await
        {
            Ok((status, usage)) if !status.is_active() => {
                // A run that keeps its usage (Yandex) says it here, not in its stream.
                if let Some(u) = usage {
                    session.run_usage(u);
                }
                return Outcome::Ended(status);
            }
            Ok(_) => {}
            Err(ApiError::Status { status: 404, .. }) => return Outcome::Deleted,
            Err(e) => return Outcome::Unconfirmed(e),
        }
        if attempt + 1 < tries {
            transport::sleep_ms(FINAL_STATUS_WAIT_MS).await;
        }
    }
    Outcome::Active
}

/// Where the run's id is not known yet and the thread is, the thread's going run (else its newest)
/// is named as the followed one, and the machine told.
pub(super) async fn find_unnamed_run(
    state: AppState,
    server: &Server,
    thread_id: &mut String,
    machine: &mut Follow,
) {
    if state.session.run_id.with_untracked(Option::is_some) || thread_id.is_empty() {
        return;
    }
    if let Some(rid) = run_of_thread(server, thread_id).await {
        name_run(state, server, thread_id, &rid);
        machine.on(Input::RunNamed);
    }
}

/// The view follows `run_id`, and the tab remembers it (to rejoin after a reload) on the thread
/// as it is after the run (a chain's thread moves to it).
pub(super) fn name_run(state: AppState, server: &Server, thread_id: &mut String, run_id: &str) {
    state.session.set_run_id(run_id);
    moved(state, server, thread_id, run_id);
    remember(&server.http.profile.base_url, thread_id, run_id);
}

/// Where a thread's id is its newest run (a chain of responses), the thread moves to the run just
/// named: its list entry, the selection and the address, and the rest of this follow.
pub(super) fn moved(state: AppState, server: &Server, thread_id: &mut String, run_id: &str) {
    let after = state
        .session
        .with_view(|v| server.backend.thread_after_run(thread_id, run_id, v))
        .flatten();
    if let Some(thread) = after {
        let id = thread.id.clone();
        state.move_thread(thread_id, thread);
        *thread_id = id;
    }
}

/// The tab remembers the thread's run (to rejoin after a reload) and that it saw it (the Runs tab of
/// servers that list none per thread).
pub(super) fn remember(base_url: &str, thread_id: &str, run_id: &str) {
    storage::remember_run(base_url, thread_id, run_id);
    if !thread_id.is_empty() {
        storage::note_seen_run(base_url, thread_id, run_id);
    }
}

/// The run a request started though its answer was lost: the thread's going run; else, when the
/// thread holds the message this run sent (the server took it, and the run may be over already),
/// the thread's newest run.
pub(super) async fn lost_answer_run(
    server: &Server,
    thread_id: &str,
    start: &Start,
) -> Option<String> {
    if let Some(rid) = server.backend.active_run(&server.http, thread_id).await {
        return Some(rid);
    }
    let (Start::NewRun(Some(local))
    | Start::Branch {
        local: Some(local), ..
    }) = start
    else {
        return None;
    };
    let state = server
        .backend
        .thread_state(&server.http, thread_id)
        .await
        .ok()?;
    if !state.messages.iter().any(|m| m.id == local.id) {
        return None;
    }
    run_of_thread(server, thread_id).await
}

/// The run a thread's stream was about, when the stream did not say: the thread's going run, else
/// its newest.
pub(super) async fn run_of_thread(server: &Server, thread_id: &str) -> Option<String> {
    if let Some(rid) = server.backend.active_run(&server.http, thread_id).await {
        return Some(rid);
    }
    let runs = server
        .backend
        .thread_runs(&server.http, thread_id, 0)
        .await
        .ok()?;
    runs.into_iter().next().map(|r| r.id)
}

/// Finds the run going on a thread: the one this tab remembered, else the deep link's, else the one
/// the server lists as going. `check_remembered`: the server did not say the thread is busy, so a
/// remembered run counts only if the server says it still goes (else it is forgotten).
pub async fn running_run(
    state: AppState,
    server: &Server,
    thread_id: &str,
    check_remembered: bool,
) -> Option<String> {
    let base = &server.http.profile.base_url;
    let going = |rid: String| async move {
        server
            .backend
            .run_status(&server.http, thread_id, &rid)
            .await
            .is_ok_and(|s| s.is_active())
            .then_some(rid)
    };
    if let Some(rid) = storage::remembered_run(base, thread_id) {
        if !check_remembered {
            return Some(rid);
        }
        if let Some(rid) = going(rid).await {
            return Some(rid);
        }
        storage::forget_run(base, thread_id);
    }
    // A deep link's run, if it is one of this thread's and still going.
    if let Some(rid) = state.open_run.get_untracked() {
        if let Some(rid) = going(rid).await {
            return Some(rid);
        }
    }
    server.backend.active_run(&server.http, thread_id).await
}
