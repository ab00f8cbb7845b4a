//! Follows one run's stream into the thread session, the way a user expects a live view to behave:
//! tokens appear as they arrive; a dropped connection is rejoined with backoff and jitter, resuming
//! after the last event applied (no token lost, none shown twice); when the stream ends, the run's final
//! status is asked of the server, which knows better than the stream (a cancelled run just stops).
//! A watchdog looks at the open stream: silent for `stream_silence_ms` → dropped, rejoined; only
//! heartbeats for as long (or a Stop it ignores, after 2 s) → the server is asked whether the run is
//! over, and if it is, the stream is closed and the run settled.

use crate::platform::transport::Chunk;
use crate::platform::{storage, transport};
use crate::state::session::ThreadSession;
use crate::state::{AppState, Server};
pub use agent_console_core::backend::Start;
use agent_console_core::domain::RunStatus;
use agent_console_core::event::EventKey;
use agent_console_core::http::{ApiError, HttpRequest};
use agent_console_core::recording::Recording;
use agent_console_core::reducer::Changes;
use leptos::prelude::*;
use web_sys::AbortController;

/// Rejoin attempts after a drop before giving up (the error is then shown; tokens stay): with the
/// backoff, about 25 s — a server restarting comes back within it.
const MAX_REJOINS: u32 = 8;
/// How often, and how far apart, the final status is asked while the server still says the run is active.
const FINAL_STATUS_TRIES: u32 = 8;
const FINAL_STATUS_WAIT_MS: i32 = 150;
/// How often the watchdog looks at an open stream.
const WATCH_TICK_MS: u32 = 500;
/// After a Stop the server accepted, how long the stream may go on before the server is asked.
const STOP_GRACE_MS: f64 = 2_000.0;

fn backoff_ms(attempt: u32) -> i32 {
    let base = 300.0 * 2f64.powi(attempt.saturating_sub(1) as i32);
    (base.min(5_000.0) + js_sys::Math::random() * 250.0) as i32
}

/// Streams a run into `state.session`. Returns whether the server accepted the first request.
pub async fn follow_run(
    state: AppState,
    mut thread_id: String,
    first: HttpRequest,
    start: Start,
) -> bool {
    let Some(server) = state.server_now() else {
        return false;
    };
    let profile = server.http.profile.clone();
    let session = state.session;
    let asked_at = js_sys::Date::now();
    // Nothing in the view changes until the server accepts the request: another run may still be
    // streaming here (a multitask strategy allows a second one), and a refused run changes nothing.
    let abort = AbortController::new().ok();
    let mut adopted = None;
    let timeouts = server.http.timeouts;
    let first_stream =
        match transport::open_stream(&profile, &first, abort.as_ref(), timeouts).await {
            Ok(s) => Some(s),
            // No answer is not "not received": the server may have started the run and its answer been
            // lost (a connection reset under the request, an answer slower than the timeout). If the
            // thread has a run going now, or holds the message just sent, the run is this one: follow
            // it (or settle it from the server's state) rather than tell the user to send again.
            Err(
                e @ (ApiError::Unreachable { .. }
                | ApiError::Dropped { .. }
                | ApiError::TimedOut { .. }),
            ) if !thread_id.is_empty() || matches!(start, Start::Listen { .. }) => {
                // A run created before its stream (its id known): a stream that did not open is a
                // drop like any other, rejoined with backoff.
                let found = match &start {
                    Start::Listen { run_id, .. } => Some(run_id.clone()),
                    _ => {
                        transport::sleep_ms(300).await;
                        lost_answer_run(&server, &thread_id, &start).await
                    }
                };
                match found {
                    Some(rid) => {
                        adopted = Some(rid);
                        None
                    }
                    None => {
                        session.fail(e.to_string());
                        return false;
                    }
                }
            }
            Err(e) => {
                session.fail(e.to_string());
                return false;
            }
        };
    // This follower takes over the view; an older one still streaming stops quietly.
    let generation = session.take_over();
    if let Some(old) = abort.clone().and_then(|a| session.register_stream(Some(a))) {
        old.abort();
    }
    session.begin_run();
    // The flight recorder keeps the stream as it arrives, from the request that started it.
    let dialect = server.backend.dialect().as_str();
    let seq = state
        .recorder
        .try_update_value(|r| {
            let seq = r.start(Recording::new(thread_id.clone(), dialect, &first));
            if let (Some(s), Some(rec)) = (first_stream.as_ref(), r.current()) {
                rec.open(&first, Some(s.status), &s.header_list());
            }
            seq
        })
        .unwrap_or_default();
    session.start_meters(asked_at, seq);
    state.recordings.update(|n| *n += 1);
    let subscription = match &start {
        Start::Subscription { path, since, .. } => Some((*path, *since)),
        _ => None,
    };
    match start {
        Start::JoinFromStart => session.apply(|v| {
            v.load_messages(Vec::new());
            Changes {
                list: true,
                ..Changes::default()
            }
        }),
        Start::NewRun(Some(local)) => session.push_local(local),
        Start::NewRun(None) => {}
        // The new branch holds what the checkpoint held, then the edited message.
        Start::Branch { keep, local } => {
            session.apply(|v| {
                v.load_messages(keep);
                Changes {
                    list: true,
                    ..Changes::default()
                }
            });
            if let Some(m) = local {
                session.push_local(m);
            }
        }
        Start::Listen { run_id, local } => {
            if let Some(m) = local {
                session.push_local(m);
            }
            name_run(state, &server, &mut thread_id, &run_id);
        }
        Start::Subscription { run_id, local, .. } => {
            if let Some(m) = local {
                session.push_local(m);
            }
            if let Some(rid) = run_id {
                name_run(state, &server, &mut thread_id, &rid);
            }
        }
    }
    let named = first_stream.as_ref().and_then(|s| {
        server
            .backend
            .run_id_of_stream(s.header("content-location").as_deref())
    });
    if let Some(rid) = named.or(adopted) {
        name_run(state, &server, &mut thread_id, &rid);
    }
    state.host.run_started(&thread_id, &session);

    let mut pipeline = server.backend.pipeline();
    // The run the tab remembers for this thread; a stream that names its run later (its first
    // event) is remembered then.
    let mut remembered = session.run_id.get_untracked();
    let mut next = first_stream;
    let mut attempt = 0;
    let mut ended = None;
    loop {
        let opened = match next.take() {
            Some(s) => Ok(s),
            None => {
                let Some(run_id) = session.run_id.get_untracked() else {
                    break;
                };
                let join = match subscription {
                    Some((path, since)) => resubscribe(&thread_id, path, since, session),
                    None => session
                        .with_view(|v| server.backend.rejoin(&thread_id, &run_id, v))
                        .unwrap_or_else(|| server.backend.join(&thread_id, &run_id).0),
                };
                session.apply(|v| {
                    v.begin_replay();
                    Changes::default()
                });
                // A subscription resumes exactly after the last seq: the adapter's context holds.
                if subscription.is_some() {
                    pipeline.reconnected();
                } else {
                    pipeline = server.backend.pipeline();
                }
                let abort = AbortController::new().ok();
                if abort.is_some() {
                    session.register_stream(abort.clone());
                }
                let opened =
                    transport::open_stream(&profile, &join, abort.as_ref(), timeouts).await;
                if let Ok(s) = &opened {
                    let _ = state.recorder.try_update_value(|r| {
                        if let Some(rec) = r.current() {
                            rec.open(&join, Some(s.status), &s.header_list());
                        }
                    });
                }
                opened
            }
        };
        let failure: Option<ApiError> = match opened {
            Err(e) => Some(e),
            Ok(stream) => {
                let silence = f64::from(timeouts.stream_silence_ms);
                let (mut last_bytes, mut last_event) = (js_sys::Date::now(), js_sys::Date::now());
                let mut dropped = None;
                loop {
                    let wait = (silence > 0.0).then_some(WATCH_TICK_MS);
                    match stream.next_within(wait).await {
                        Ok(Chunk::Bytes(bytes)) => {
                            if !session.is_current(generation) {
                                return true;
                            }
                            attempt = 0;
                            last_bytes = js_sys::Date::now();
                            let _ = state.recorder.try_update_value(|r| {
                                if let Some(rec) = r.current() {
                                    rec.chunk(last_bytes - asked_at, &bytes);
                                }
                            });
                            if session.apply_chunk(&mut pipeline, &bytes) {
                                last_event = last_bytes;
                                let now = session.run_id.get_untracked();
                                if now.is_some() && now != remembered {
                                    remembered = now.clone();
                                    if let Some(rid) = now {
                                        moved(state, &server, &mut thread_id, &rid);
                                        remember(&profile.base_url, &thread_id, &rid);
                                    }
                                }
                            }
                            state.host.token(&thread_id, &session, false);
                            // A thread subscription goes on after the run: its lifecycle says the end.
                            if let Some(done) = subscription.and(terminal(session)) {
                                session.abort_stream();
                                ended = Some(FinalStatus::Ended(done));
                                break;
                            }
                        }
                        Ok(Chunk::Quiet) => {
                            if !session.is_current(generation) {
                                return true;
                            }
                        }
                        Ok(Chunk::End) => break,
                        Err(e) => {
                            dropped = Some(e);
                            break;
                        }
                    }
                    // The watchdog. Not a byte for too long: the connection is dead, rejoin.
                    let now = js_sys::Date::now();
                    if silence > 0.0 && now - last_bytes >= silence {
                        stream.cancel();
                        dropped = Some(ApiError::Dropped {
                            detail: format!("nothing arrived for {} s", (silence / 1000.0).round()),
                        });
                        break;
                    }
                    // Heartbeats but no events for as long, or a Stop the stream does not end: the
                    // server says whether the run is over.
                    let ask_after = if session.stopping.get_untracked() {
                        STOP_GRACE_MS
                    } else {
                        silence
                    };
                    if ask_after > 0.0 && now - last_event >= ask_after {
                        last_event = now;
                        if session.run_id.get_untracked().is_none() && !thread_id.is_empty() {
                            if let Some(rid) = run_of_thread(&server, &thread_id).await {
                                name_run(state, &server, &mut thread_id, &rid);
                            }
                        }
                        if let FinalStatus::Ended(status) =
                            final_status(&server, &thread_id, session, 1).await
                        {
                            stream.cancel();
                            ended = Some(FinalStatus::Ended(status));
                            break;
                        }
                    }
                }
                dropped
            }
        };
        if !session.is_current(generation) {
            return true;
        }
        if ended.is_some() {
            break;
        }
        // The stream ended before it named its run (cut in its first bytes; the Agent Protocol has no
        // header naming it): the thread's going run — else its newest — is the one to follow.
        if session.run_id.get_untracked().is_none() && !thread_id.is_empty() {
            if let Some(rid) = run_of_thread(&server, &thread_id).await {
                name_run(state, &server, &mut thread_id, &rid);
            }
        }
        // Bytes alone cannot tell a finished run's stream from one cut short (a proxy or server that
        // closes cleanly): a clean end is a drop while the server still says the run is going.
        let failure = match failure {
            Some(err) => Some(err),
            None => match final_status(&server, &thread_id, session, FINAL_STATUS_TRIES).await {
                FinalStatus::StillActive => Some(ApiError::Dropped {
                    detail: "the stream ended while the server still reports the run as running"
                        .into(),
                }),
                // The server is down or restarting (a proxy's 502, no answer): ask again after a
                // while, as for a drop.
                FinalStatus::Unconfirmed(e) if transient(&e) => Some(e),
                other => {
                    ended = Some(other);
                    None
                }
            },
        };
        if !session.is_current(generation) {
            return true;
        }
        let Some(err) = failure else { break };
        // A 4xx on a rejoin means the run's stream is gone (finished, deleted): stop and ask the server.
        // A 5xx or no answer is a server away for a moment: rejoin with backoff.
        if !transient(&err) || attempt >= MAX_REJOINS {
            session.fail(err.to_string());
            break;
        }
        if session.run_id.get_untracked().is_none() {
            session.fail(format!(
                "{err} — the run's id is unknown, so it cannot be rejoined"
            ));
            break;
        }
        attempt += 1;
        session.reconnected();
        transport::sleep_ms(backoff_ms(attempt)).await;
        if !session.is_current(generation) {
            return true;
        }
    }
    session.register_stream(None);
    // After a failure too (a rejoin refused because the run finished meanwhile), the server knows best.
    if ended.is_none() {
        ended = Some(final_status(&server, &thread_id, session, FINAL_STATUS_TRIES).await);
    }
    storage::forget_run(&profile.base_url, &thread_id);
    // A stream's bytes cannot tell a finished run from one cut with a clean end (LangGraph sends no
    // end event): once the server says the run ended, its own state of the thread is the truth.
    let server_state = match (&ended, thread_id.is_empty()) {
        (Some(FinalStatus::Ended(_)), false) if session.is_current(generation) => server
            .backend
            .thread_state(&server.http, &thread_id)
            .await
            .ok(),
        _ => None,
    };
    if session.is_current(generation) {
        session.apply(|v| pipeline.finish_into(v));
        if let Some(snap) = server_state {
            let mut recovered = 0;
            session.apply(|v| {
                let (changes, n) = v.recover_from(&snap.messages, &snap.interrupts);
                recovered = n;
                changes
            });
            if recovered > 0 {
                session.notice.set(Some(format!(
                    "The stream ended early: {recovered} part(s) of the run were recovered from the server's state."
                )));
            }
        }
        // The view settles once, with the server's word on how the run ended.
        match ended {
            Some(FinalStatus::Ended(status)) => session.set_status(status),
            Some(FinalStatus::Deleted) => session.set_status(RunStatus::Unknown("deleted".into())),
            Some(FinalStatus::Unconfirmed(e)) => {
                session.set_status(RunStatus::Unknown("unconfirmed".into()));
                // A failed rejoin's own error says more; keep it.
                if session.error.get_untracked().is_none() {
                    session.fail(format!(
                        "The stream ended, but the server could not say how the run ended: {e}"
                    ));
                }
            }
            // Rejoins gave up while the run goes on: the error is shown; the run did not end here.
            Some(FinalStatus::StillActive) => {
                session.set_status(RunStatus::Unknown("disconnected".into()))
            }
            // No run id to ask about: the stream's own end is all there is — and a run it left
            // "in progress" is not shown as going on for ever.
            Some(FinalStatus::NoRun) | None => {
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
        state.host.run_finished(&thread_id, &session);
    }
    // The recording is named by its run, once known; past the bound, the oldest go.
    let run = session.run_id.try_get_untracked().flatten();
    let _ = state.recorder.try_update_value(|r| {
        if let Some(rec) = r.current() {
            rec.label = run.unwrap_or_else(|| thread_id.clone());
        }
        r.trim();
    });
    let _ = state.recordings.try_update(|n| *n += 1);
    true
}

/// Whether an error may pass by itself: no answer, a dropped stream, a 5xx or 429 (a server or proxy
/// restarting, overloaded).
fn transient(e: &ApiError) -> bool {
    match e {
        ApiError::Status { status, .. } => *status >= 500 || *status == 429,
        ApiError::Unreachable { .. } | ApiError::Dropped { .. } | ApiError::TimedOut { .. } => true,
        ApiError::Decode { .. } | ApiError::Redirected { .. } => false,
    }
}

/// The run's end as its events told it (a thread subscription's `lifecycle`), if it has ended.
fn terminal(session: ThreadSession) -> Option<RunStatus> {
    session
        .with_view(|v| v.status.clone())
        .flatten()
        .filter(|s| !s.is_active())
}

/// Reopens a thread subscription after the last `seq` applied (none applied yet: after `first`).
fn resubscribe(
    thread_id: &str,
    path: &'static str,
    first: Option<u64>,
    session: ThreadSession,
) -> HttpRequest {
    let since = session
        .with_view(|v| match v.last_key {
            Some(EventKey::Seq(n)) => Some(n),
            _ => None,
        })
        .flatten()
        .or(first);
    agent_console_core::dialects::agent_protocol::requests::open_thread_stream(
        thread_id,
        path,
        &agent_console_core::dialects::thread_protocol::CHANNELS,
        since,
    )
}

/// How the server says a run whose stream ended cleanly has ended.
enum FinalStatus {
    Ended(RunStatus),
    /// Still `pending`/`running` after a few tries: the stream was cut, the run goes on.
    StillActive,
    /// The run is gone (404): rolled back or deleted.
    Deleted,
    /// The server could not be asked.
    Unconfirmed(ApiError),
    /// The stream never named its run.
    NoRun,
}

/// Asks the server for the run's status; the stream can end a moment before the server records the
/// final status, so an active answer is asked again briefly.
async fn final_status(
    server: &Server,
    thread_id: &str,
    session: ThreadSession,
    tries: u32,
) -> FinalStatus {
    let Some(rid) = session.run_id.get_untracked() else {
        return FinalStatus::NoRun;
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
                return FinalStatus::Ended(status);
            }
            Ok(_) => {}
            Err(ApiError::Status { status: 404, .. }) => return FinalStatus::Deleted,
            Err(e) => return FinalStatus::Unconfirmed(e),
        }
        if attempt + 1 < tries {
            transport::sleep_ms(FINAL_STATUS_WAIT_MS).await;
        }
    }
    FinalStatus::StillActive
}

/// The view follows `run_id`, and the tab remembers it (to rejoin after a reload) on the thread
/// as it is after the run (a chain's thread moves to it).
fn name_run(state: AppState, server: &Server, thread_id: &mut String, run_id: &str) {
    state.session.set_run_id(run_id);
    moved(state, server, thread_id, run_id);
    remember(&server.http.profile.base_url, thread_id, run_id);
}

/// Where a thread's id is its newest run (a chain of responses), the thread moves to the run just
/// named: its list entry, the selection and the address, and the rest of this follow.
fn moved(state: AppState, server: &Server, thread_id: &mut String, run_id: &str) {
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
fn remember(base_url: &str, thread_id: &str, run_id: &str) {
    storage::remember_run(base_url, thread_id, run_id);
    if !thread_id.is_empty() {
        storage::note_seen_run(base_url, thread_id, run_id);
    }
}

/// The run a request started though its answer was lost: the thread's going run; else, when the
/// thread holds the message this run sent (the server took it, and the run may be over already),
/// the thread's newest run.
async fn lost_answer_run(server: &Server, thread_id: &str, start: &Start) -> Option<String> {
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
async fn run_of_thread(server: &Server, thread_id: &str) -> Option<String> {
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

/// Drops the open stream's connection as a network failure would; the follower then rejoins.
pub fn drop_connection(state: AppState) {
    state.session.abort_stream();
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
