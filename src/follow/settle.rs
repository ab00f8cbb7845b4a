//! A follow's end: the view settled once, with the server's word on how the run ended and — where
//! it ended — against the server's own state of the thread (what the stream lacked is recovered and
//! said); the recording named by its run.

use crate::platform::storage;
use crate::state::{AppState, Server};
use agent_console_core::domain::RunStatus;
use agent_console_core::follow::Outcome;
use agent_console_core::StreamPipeline;
use leptos::prelude::*;

/// Settles the view of the follower of `generation` (if it still owns the view) with `outcome`.
pub(super) async fn settle(
    state: AppState,
    server: &Server,
    generation: u64,
    thread_id: &str,
    outcome: Outcome,
    pipeline: &mut StreamPipeline,
) {
    let ended = Some(outcome);
    let session = state.session;
    let profile = &server.http.profile;
    storage::forget_run(&profile.base_url, thread_id);
    // A stream's bytes cannot tell a finished run from one cut with a clean end (LangGraph sends no
    // end event): once the server says the run ended, its own state of the thread is the truth.
    let server_state = match (&ended, thread_id.is_empty()) {
        (Some(Outcome::Ended(_)), false) if session.is_current(generation) => server
            .backend
            .thread_state(&server.http, thread_id)
            .await
            .ok(),
        _ => None,
    };
    if session.is_current(generation) {
        session.apply(|v| pipeline.finish_into(v));
        if let Some(snap) = server_state {
            // A run stopped at a breakpoint ends `success` with nodes due; one that failed or was
            // stopped may leave the same state, and is no pause.
            let succeeded = matches!(ended, Some(Outcome::Ended(RunStatus::Success)));
            session.pause.set(snap.pause.clone().filter(|_| succeeded));
            let mut recovered = 0;
            session.apply(|v| {
                let (mut changes, n) = v.recover_from(&snap.messages, &snap.interrupts);
                recovered = n;
                changes.merge(v.load_ui(&snap.values));
                changes
            });
            if recovered > 0 {
                let said = format!(
                    "The stream ended early: {recovered} part(s) of the run were recovered from the server's state."
                );
                // After what this follow already said about its stream, if anything.
                session.notice.update(|n| {
                    *n = Some(match n.take() {
                        Some(before) => format!("{before} {said}"),
                        None => said,
                    })
                });
            }
        }
        // The view settles once, with the server's word on how the run ended.
        match ended {
            Some(Outcome::Ended(status)) => session.set_status(status),
            Some(Outcome::Deleted) => session.set_status(RunStatus::Unknown("deleted".into())),
            Some(Outcome::Unconfirmed(e)) => {
                session.set_status(RunStatus::Unknown("unconfirmed".into()));
                // A failed rejoin's own error says more; keep it.
                if session.error.get_untracked().is_none() {
                    session.fail(format!(
                        "The stream ended, but the server could not say how the run ended: {e}"
                    ));
                }
            }
            // Rejoins gave up while the run goes on: the error is shown; the run did not end here.
            Some(Outcome::Active) => session.set_status(RunStatus::Unknown("disconnected".into())),
            // No run id to ask about: the stream's own end is all there is — and a run it left
            // "in progress" is not shown as going on for ever.
            Some(Outcome::NoRun) | None => {
                let active = session
                    .with_view(|v| v.status.as_ref().is_some_and(RunStatus::is_active))
                    .unwrap_or(false);
                if active {
                    session.set_status(RunStatus::Unknown("unconfirmed".into()));
                }
            }
        }
        session.streaming.set(false);
        session.end_meters();
        state.host.run_finished(thread_id, &session);
    }
    // The recording is named by its run, once known; past the bound, the oldest go.
    let run = session.run_id.try_get_untracked().flatten();
    let _ = state.recorder.try_update_value(|r| {
        if let Some(rec) = r.current() {
            rec.label = run.unwrap_or_else(|| thread_id.to_owned());
        }
        r.trim();
    });
    let _ = state.recordings.try_update(|n| *n += 1);
}
