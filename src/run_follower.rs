//! Follows one run's stream into the thread session, the way a user expects a live view to behave:
//! tokens appear as they arrive; a dropped connection is rejoined with backoff and jitter, resuming
//! after the last event applied (no token lost, none shown twice); when the stream ends, the run's final
//! status is asked of the server, which knows better than the stream (a cancelled run just stops).

use crate::app::AppState;
use crate::storage;
use crate::transport;
use agent_console_core::dialects::langgraph::{convert, requests};
use agent_console_core::http::{ApiError, HttpRequest};
use agent_console_core::reducer::Changes;
use agent_console_core::StreamPipeline;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use web_sys::AbortController;

/// Rejoin attempts after a drop before giving up (the error is then shown; tokens stay).
const MAX_REJOINS: u32 = 6;

thread_local! {
    /// The abort handle of each session's open stream, to simulate or force a reconnect.
    static OPEN_STREAMS: RefCell<HashMap<u64, AbortController>> = RefCell::new(HashMap::new());
}

/// How a follow starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A run this client just started; the view already holds the thread's messages.
    NewRun,
    /// Joining a run already going (a busy thread, a reload): replay its stream from the start into an
    /// empty message list, since the stored state lacks what the run has streamed so far.
    JoinFromStart,
}

fn backoff_ms(attempt: u32) -> i32 {
    let base = 300.0 * 2f64.powi(attempt.saturating_sub(1) as i32);
    (base.min(5_000.0) + js_sys::Math::random() * 250.0) as i32
}

/// Streams a run into `state.session`. Returns whether the server accepted the first request.
pub async fn follow_run(
    state: AppState,
    thread_id: String,
    first: HttpRequest,
    start: Start,
) -> bool {
    let Some(profile) = state.profile.get_untracked() else {
        return false;
    };
    let session = state.session;
    session.begin_run();
    if start == Start::JoinFromStart {
        session.apply(|v| {
            v.load_messages(Vec::new());
            Changes {
                list: true,
                ..Changes::default()
            }
        });
    }
    let mut req = first;
    let mut accepted = false;
    let mut attempt = 0;
    let mut pipeline = StreamPipeline::new(profile.dialect);
    loop {
        let abort = AbortController::new().ok();
        if let Some(a) = &abort {
            OPEN_STREAMS.with(|m| m.borrow_mut().insert(session.id(), a.clone()));
        }
        let failure: Option<ApiError> =
            match transport::open_stream(&profile, &req, abort.as_ref()).await {
                Err(e) if !accepted => {
                    session.fail(e.to_string());
                    return false;
                }
                Err(e) => Some(e),
                Ok(stream) => {
                    if !accepted {
                        accepted = true;
                        if let Some(rid) = stream
                            .header("content-location")
                            .as_deref()
                            .and_then(convert::run_id_from_content_location)
                        {
                            session.set_run_id(&rid);
                            storage::remember_run(&profile.base_url, &thread_id, &rid);
                        }
                    }
                    let mut dropped = None;
                    loop {
                        match stream.next_chunk().await {
                            Ok(Some(bytes)) => {
                                attempt = 0;
                                session.apply_chunk(&mut pipeline, &bytes);
                            }
                            Ok(None) => break,
                            Err(e) => {
                                dropped = Some(e);
                                break;
                            }
                        }
                    }
                    dropped
                }
            };
        let Some(err) = failure else { break };
        // A 4xx on a rejoin means the run's stream is gone (finished, deleted): stop and ask the server.
        if matches!(err, ApiError::Status { .. }) || attempt >= MAX_REJOINS {
            session.fail(err.to_string());
            break;
        }
        let Some(run_id) = session.run_id.get_untracked() else {
            session.fail(format!(
                "{err} — the run's id is unknown, so it cannot be rejoined"
            ));
            break;
        };
        attempt += 1;
        session.reconnects.update(|n| *n += 1);
        transport::sleep_ms(backoff_ms(attempt)).await;
        let after = session
            .with_view(|v| v.resume_after().map(|k| k.resume_token()))
            .flatten();
        session.apply(|v| {
            v.begin_replay();
            Changes::default()
        });
        pipeline = StreamPipeline::new(profile.dialect);
        req = requests::join_stream(&thread_id, &run_id, Some(after.as_deref().unwrap_or("0")));
    }
    OPEN_STREAMS.with(|m| m.borrow_mut().remove(&session.id()));
    session.apply(|v| pipeline.finish_into(v));
    // The server's word on how the run ended (an interrupt-cancelled run ends its stream cleanly).
    if let Some(rid) = session.run_id.get_untracked() {
        if let Ok(run) = transport::send(&profile, &requests::get_run(&thread_id, &rid))
            .await
            .and_then(|r| convert::run_detail(&r.body))
        {
            if !run.status.is_active() {
                session.set_status(run.status);
            }
        }
        storage::forget_run(&profile.base_url, &thread_id);
    }
    session.streaming.set(false);
    accepted
}

/// Drops the open stream's connection as a network failure would; the follower then rejoins.
pub fn drop_connection(state: AppState) {
    let id = state.session.id();
    if let Some(a) = OPEN_STREAMS.with(|m| m.borrow().get(&id).cloned()) {
        a.abort();
    }
}

/// Finds the run going on a busy thread: the one this tab remembered, else the newest running one.
pub async fn running_run(state: AppState, thread_id: &str) -> Option<String> {
    let profile = state.profile.get_untracked()?;
    if let Some(rid) = storage::remembered_run(&profile.base_url, thread_id) {
        return Some(rid);
    }
    let runs = transport::send(&profile, &requests::list_runs(thread_id, 10, 0))
        .await
        .and_then(|r| convert::runs(&r.body))
        .ok()?;
    runs.into_iter()
        .find(|r| r.status.is_active())
        .map(|r| r.id)
}
