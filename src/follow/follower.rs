//! Follows one run's stream into the thread session, the way a user expects a live view to behave:
//! tokens appear as they arrive; a dropped connection is rejoined with backoff and jitter, resuming
//! after the last event applied (no token lost, none shown twice); when the stream ends, the run's final
//! status is asked of the server, which knows better than the stream (a cancelled run just stops).
//! A watchdog looks at the open stream: silent for `stream_silence_ms` → dropped, rejoined; only
//! heartbeats for as long (or a Stop it ignores, after 2 s) → the server is asked whether the run is
//! over, and if it is, the stream is closed and the run settled.

pub use super::asking::running_run;
use super::asking::{final_status, find_unnamed_run, lost_answer_run, moved, name_run, remember};
use super::settle::settle;
use crate::platform::transport;
use crate::platform::transport::Chunk;
use crate::state::session::ThreadSession;
use crate::state::AppState;
pub use agent_console_core::backend::Start;
use agent_console_core::backend::ThreadClient;
use agent_console_core::domain::RunStatus;
use agent_console_core::event::EventKey;
use agent_console_core::follow::{
    first_answer_lost, Action, FirstAnswer, Follow, FollowConfig, Input, Outcome, WATCH_TICK_MS,
};
use agent_console_core::http::HttpRequest;
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
                    // A run going on that could not be joined: said, and followed from the
                    // server's word (rejoined while that may help, else watched until it ends).
                    (_, Start::JoinFromStart) => session.run_id.get_untracked(),
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
        Start::Subscription { path, since, .. } => server
            .backend
            .thread_client()
            .map(|client| (client, *path, *since)),
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
                let ui = v.keep_ui_of_messages();
                Changes {
                    list: true,
                    ui,
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
    // What the open connection brought: a stream that ends having sent no event is said.
    let mut heard = Heard::of(first_stream.as_ref());
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
                Some((client, path, since)) => {
                    resubscribe(client, &thread_id, path, since, session)
                }
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
                    // A rejoin may well find nothing more to send: only the first connection is
                    // expected to say something.
                    heard = Heard {
                        events: true,
                        ..Heard::of(Some(&s))
                    };
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
                        heard.bytes += bytes.len();
                        heard.events |= events;
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
                        if let Some(note) = heard.nothing() {
                            session.notice.set(Some(note));
                        }
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
            Action::Note(note) => session.notice.set(Some(note)),
            Action::Rejoin { after_ms } => {
                session.reconnected();
                let jitter = (js_sys::Math::random() * 250.0) as i32;
                transport::sleep_ms(after_ms as i32 + jitter).await;
                if !session.is_current(generation) {
                    return true;
                }
                open_now = true;
            }
            Action::Watch { after_ms } => {
                transport::sleep_ms(after_ms as i32).await;
                if !session.is_current(generation) {
                    return true;
                }
                todo.push_front(Action::AskOutcome { tries: 1 });
            }
            Action::Settle(outcome) => break outcome,
        }
    };
    if let Some(s) = conn.take() {
        s.cancel();
    }
    session.register_stream(None);
    settle(
        state,
        &server,
        generation,
        &thread_id,
        outcome,
        &mut pipeline,
    )
    .await;
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
    client: ThreadClient,
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
    client.subscribe(thread_id, path, since)
}

/// What one connection of the stream brought, to say so when it was not a stream at all.
struct Heard {
    bytes: usize,
    events: bool,
    content_type: String,
}

impl Heard {
    fn of(stream: Option<&transport::StreamResponse>) -> Heard {
        Heard {
            bytes: 0,
            events: false,
            content_type: stream
                .and_then(|s| s.header("content-type"))
                .unwrap_or_default(),
        }
    }

    /// What to tell the user of a connection that ended having sent no event (`None`: it sent some).
    fn nothing(&self) -> Option<String> {
        if self.events {
            return None;
        }
        let kind = match self.content_type.split(';').next().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_owned(),
            _ => "no content type".to_owned(),
        };
        Some(if self.bytes == 0 {
            format!("The run's stream ended without sending anything ({kind}); what the run did is read from the server.")
        } else {
            format!(
                "The run's stream sent {} bytes of {kind} that held no event — not an event stream; what the run did is read from the server.",
                self.bytes
            )
        })
    }
}

/// Drops the open stream's connection as a network failure would; the follower then rejoins.
pub fn drop_connection(state: AppState) {
    state.session.abort_stream();
}
