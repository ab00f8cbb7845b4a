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
use agent_console_core::follow::{
    first_answer_lost, Action, FirstAnswer, Follow, FollowConfig, Input, Outcome, WATCH_TICK_MS,
};
use agent_console_core::http::{ApiError, HttpRequest};
use agent_console_core::recording::Recording;
use agent_console_core::reducer::Changes;
use leptos::prelude::*;
use std::collections::VecDeque;
use web_sys::AbortController;

/// Rejoin attempts after a drop before giving up (the error is then shown; tokens stay): with the
/// backoff, about 25 s — a server restarting comes back within it.
const MAX_REJOINS: u32 = 8;
/// How often, and how far apart, the final status is asked while the server still says the run is active.
const FINAL_STATUS_TRIES: u32 = 8;
const FINAL_STATUS_WAIT_MS: i32 = 150;
/// After a Stop the server accepted, how long the stream may go on before the server is asked.
const STOP_GRACE_MS: f64 = 2_000.0;

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
            Err(e) => {
                let listen = matches!(start, Start::Listen { .. });
                let found = match (first_answer_lost(&e, !thread_id.is_empty(), listen), &start) {
                    // A run created before its stream (its id known): a stream that did not open is a
                    // drop like any other, rejoined with backoff.
                    (FirstAnswer::Rejoin, Start::Listen { run_id, .. }) => Some(run_id.clone()),
                    (FirstAnswer::LookForRun { after_ms }, _) => {
                        transport::sleep_ms(after_ms as i32).await;
                        lost_answer_run(&server, &thread_id, &start).await
                    }
                    _ => None,
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
            let seq = r.start(Recording::new(
                thread_id.clone(),
                dialect,
                &first,
                &profile.secret_values(),
            ));
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
    let named = move || session.run_id.with_untracked(Option::is_some);
    // The policy (watchdog, rejoins, settling) is core's `Follow`; this loop does what it says.
    let config = FollowConfig {
        silence_ms: f64::from(timeouts.stream_silence_ms),
        stop_grace_ms: STOP_GRACE_MS,
        max_rejoins: MAX_REJOINS,
        final_status_tries: FINAL_STATUS_TRIES,
    };
    let mut conn = first_stream;
    let (mut machine, mut open_now) = match conn {
        Some(_) => (Follow::new(config, js_sys::Date::now(), named()), false),
        None => (Follow::rejoining(config, named()), true),
    };
    let mut todo: VecDeque<Action> = VecDeque::from([Action::Read]);
    let outcome = loop {
        if open_now {
            open_now = false;
            todo.clear();
            let Some(run_id) = session.run_id.get_untracked() else {
                break Outcome::NoRun;
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
            let opened = transport::open_stream(&profile, &join, abort.as_ref(), timeouts).await;
            if !session.is_current(generation) {
                return true;
            }
            let input = match opened {
                Ok(s) => {
                    let _ = state.recorder.try_update_value(|r| {
                        if let Some(rec) = r.current() {
                            rec.open(&join, Some(s.status), &s.header_list());
                        }
                    });
                    conn = Some(s);
                    Input::Opened {
                        at: js_sys::Date::now(),
                    }
                }
                Err(e) => Input::Failed(e),
            };
            todo.extend(machine.on(input));
            continue;
        }
        let Some(action) = todo.pop_front() else {
            // The machine always ends with `Settle`; nothing left to do means nothing to settle.
            break Outcome::NoRun;
        };
        match action {
            Action::Read => {
                let read = match conn.as_ref() {
                    Some(stream) => {
                        let wait = (config.silence_ms > 0.0).then_some(WATCH_TICK_MS);
                        stream.next_within(wait).await
                    }
                    None => Ok(Chunk::End),
                };
                if !session.is_current(generation) {
                    return true;
                }
                let stopping = session.stopping.get_untracked();
                let input = match read {
                    Ok(Chunk::Bytes(bytes)) => {
                        let at = js_sys::Date::now();
                        let _ = state.recorder.try_update_value(|r| {
                            if let Some(rec) = r.current() {
                                rec.chunk(at - asked_at, &bytes);
                            }
                        });
                        let events = session.apply_chunk(&mut pipeline, &bytes);
                        if events {
                            let now = session.run_id.get_untracked();
                            if now.is_some() && now != remembered {
                                remembered = now.clone();
                                if let Some(rid) = now {
                                    moved(state, &server, &mut thread_id, &rid);
                                    remember(&profile.base_url, &thread_id, &rid);
                                }
                                machine.on(Input::RunNamed);
                            }
                        }
                        state.host.token(&thread_id, &session, false);
                        // A thread subscription goes on after the run: its lifecycle says the end.
                        match subscription.and(terminal(session)) {
                            Some(done) => Input::EndSeen(done),
                            None => Input::Bytes {
                                at,
                                events,
                                stopping,
                            },
                        }
                    }
                    Ok(Chunk::Quiet) => {
                        let at = js_sys::Date::now();
                        // About to be closed as dead: a run with no id yet is looked for first.
                        if machine.is_silent(at) {
                            find_unnamed_run(state, &server, &mut thread_id, &mut machine).await;
                        }
                        Input::Quiet { at, stopping }
                    }
                    // The stream ended before it named its run (cut in its first bytes; the Agent
                    // Protocol has no header naming it): the thread's going run — else its newest —
                    // is the one to follow.
                    Ok(Chunk::End) => {
                        conn = None;
                        find_unnamed_run(state, &server, &mut thread_id, &mut machine).await;
                        Input::Closed
                    }
                    Err(e) => {
                        conn = None;
                        find_unnamed_run(state, &server, &mut thread_id, &mut machine).await;
                        Input::Failed(e)
                    }
                };
                if !session.is_current(generation) {
                    return true;
                }
                todo.extend(machine.on(input));
            }
            Action::Close => {
                if let Some(s) = conn.take() {
                    s.cancel();
                }
            }
            Action::AskOutcome { tries } => {
                find_unnamed_run(state, &server, &mut thread_id, &mut machine).await;
                let outcome = final_status(&server, &thread_id, session, tries).await;
                if !session.is_current(generation) {
                    return true;
                }
                todo.extend(machine.on(Input::Outcome(outcome)));
            }
            Action::ShowError(message) => session.fail(message),
            Action::Rejoin { after_ms } => {
                session.reconnected();
                let jitter = (js_sys::Math::random() * 250.0) as i32;
                transport::sleep_ms(after_ms as i32 + jitter).await;
                if !session.is_current(generation) {
                    return true;
                }
                open_now = true;
            }
            Action::Settle(outcome) => break outcome,
        }
    };
    if let Some(s) = conn.take() {
        s.cancel();
    }
    session.register_stream(None);
    let ended = Some(outcome);
    storage::forget_run(&profile.base_url, &thread_id);
    // A stream's bytes cannot tell a finished run from one cut with a clean end (LangGraph sends no
    // end event): once the server says the run ended, its own state of the thread is the truth.
    let server_state = match (&ended, thread_id.is_empty()) {
        (Some(Outcome::Ended(_)), false) if session.is_current(generation) => server
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

/// Asks the server for the run's status; the stream can end a moment before the server records the
/// final status, so an active answer is asked again briefly.
async fn final_status(
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
async fn find_unnamed_run(
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
