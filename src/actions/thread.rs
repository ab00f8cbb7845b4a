//! The open thread: open it (joining a run going on it), send a message as a new run, answer an
//! interrupt, stop the run, join a run from elsewhere.

use super::branches::{after_run, branch_head, refresh_branches};
use super::thread_list::show_new_thread;
use super::{live_server, run_settings, run_settings_or_none, server};
use crate::follow::follower::{follow_run, running_run};
use crate::follow::subscription;
use crate::platform::{random_id, sleep_ms};
use crate::state::{AppState, Screen, Server};
use agent_console_core::attachments::Attachment;
use agent_console_core::backend::{
    Capabilities, RunSettings, SendRequest, Start, ThreadRuns, HISTORY_LIMIT,
};
use agent_console_core::diff::CheckpointDiff;
use agent_console_core::domain::Checkpoint;
use leptos::prelude::*;
use serde_json::Value;

/// Opens a thread: loads its stored messages, values and any pending interrupt; if a run is going on
/// it (a busy thread, or this tab was reloaded mid-run), joins that run's stream.
pub fn open_thread(state: AppState, thread_id: String) {
    let Some(s) = server(state) else {
        return;
    };
    // Another thread's run detail does not belong to this one (the deep link's run stays for its thread).
    if state
        .selected
        .get_untracked()
        .is_some_and(|t| t != thread_id)
    {
        state.open_run.set(None);
        state.open_message.set(None);
    }
    state.selected.set(Some(thread_id.clone()));
    state.screen.set(Screen::Thread);
    state.leave_recording();
    state.session.clear();
    state.update_url();
    state.session.loading.set(Some(thread_id.clone()));
    state.spawn(async move {
        let still_selected = move |t: &str| state.selected.get_untracked().as_deref() == Some(t);
        let snap = match s.backend.open_thread(&s.http, &thread_id).await {
            Ok(snap) if still_selected(&thread_id) => snap,
            Ok(_) => return,
            Err(e) => {
                if still_selected(&thread_id) {
                    state.session.loading.set(None);
                    state.session.error.set(Some(e.to_string()));
                }
                return;
            }
        };
        let busy = snap.busy;
        // A long thread's rows are made a part a task, and shown in a task of their own.
        let loaded = state.session.prepare_in_parts(snap).await;
        if loaded.messages() > agent_console_core::backend::MESSAGES_READ_AT_ONCE {
            crate::platform::next_task().await;
            if !still_selected(&thread_id) {
                return;
            }
        }
        state.session.install(loaded);
        // Loaded: what was sent meanwhile goes now (the composer's queue effect).
        state.session.loading.set(None);
        state.spawn(refresh_branches(state));
        // A server that says the thread is idle has no run to join; one that does not say is asked
        // about the run this tab remembers.
        if busy == Some(false) || state.session.streaming.get_untracked() {
            return;
        }
        if let Some(run_id) = running_run(state, &s, &thread_id, busy.is_none()).await {
            if still_selected(&thread_id) && !state.session.streaming.get_untracked() {
                follow_join(state, thread_id, run_id).await;
                after_run(state).await;
            }
        }
    });
}

/// Follows a run already going from its first event into the view.
async fn follow_join(state: AppState, thread_id: String, run_id: String) {
    let Some(s) = server(state) else {
        return;
    };
    let (req, start) = s.backend.join(&thread_id, &run_id);
    state.session.set_run_id(&run_id);
    follow_run(state, thread_id, req, start).await;
}

/// Opens a run found elsewhere (a server-wide runs page) in the conversation view and follows it.
pub fn join_run(state: AppState, thread_id: Option<String>, run_id: String) {
    state.screen.set(Screen::Thread);
    state.selected.set(thread_id.clone());
    state.update_url();
    state.session.clear();
    state.spawn(follow_join(state, thread_id.unwrap_or_default(), run_id));
}

/// Sends the composer's text as a new run on the open thread (creating one if none is open).
pub fn send_message(state: AppState) {
    if super::queue::must_queue(state) {
        super::queue::queue_message(state);
        return;
    }
    send_text(
        state,
        state.draft.get_untracked(),
        state.attachments.get_untracked(),
    );
}

/// Sends `text` (and `files`) as a new run on the open thread (creating one if the server needs
/// one and none is open). The composer is cleared only if it holds this message and the server
/// has it.
pub fn send_text(state: AppState, text: String, files: Vec<Attachment>) {
    if (text.trim().is_empty() && files.is_empty()) || state.session.sending.get_untracked() {
        return;
    }
    // The thread is still being read (its load would retire a run started now), or the server is
    // still being connected to: the message waits.
    if state.thread_loading_now() || state.connecting_now() {
        super::queue::queue_text(state, text, files);
        return;
    }
    // A second run while one streams only when the user chose how the server should treat it.
    if state.session.streaming.get_untracked() && !state.run_options.allows_concurrent_runs_now() {
        return;
    }
    let Some(s) = live_server(state) else {
        return;
    };
    let caps = s.backend.capabilities().clone();
    let (assistant, settings) = run_settings(state, &s);
    if let Some(problem) = state.no_assistant_now() {
        state.session.error.set(Some(problem));
        return;
    }
    let settings = match settings {
        Ok(o) => o,
        Err(problem) => {
            state.session.error.set(Some(problem));
            return;
        }
    };
    let session = state.session;
    // A new attempt: the last one's error is old news.
    session.error.set(None);
    session.sending.set(true);
    state.spawn(async move {
        send_started(state, s, caps, assistant, settings, text, files).await;
        session.sending.set(false);
        let _ = session.echo.try_set(None);
    });
}

/// The send itself: the backend's request, then the run followed (its stream, or the thread
/// protocol's subscription).
async fn send_started(
    state: AppState,
    s: Server,
    caps: Capabilities,
    assistant: Option<String>,
    settings: RunSettings,
    text: String,
    files: Vec<Attachment>,
) {
    let session = state.session;
    let message_id = random_id();
    // Shown at once, pending, until the server has it.
    session
        .echo
        .set(Some(agent_console_core::attachments::local_message(
            message_id.clone(),
            &text,
            &files,
        )));
    let req = SendRequest {
        thread: state.selected.get_untracked(),
        assistant: assistant.clone(),
        text: text.clone(),
        attachments: files.clone(),
        message_id,
        settings,
        // On an earlier branch: the message continues that branch.
        checkpoint: branch_head(state),
    };
    let started = match s.backend.send(&s.http, req).await {
        Ok(started) => started,
        Err(failure) => {
            if let Some(t) = failure.new_thread {
                show_new_thread(state, t);
            }
            // The server stored the message before the run failed to start: show it, and the
            // composer may let the text go.
            if let Some(m) = failure.posted {
                session.push_local(m);
                clear_sent_draft(state, &text, &files);
            } else {
                // Not stored: a queued or example message comes back to the composer.
                super::queue::keep_unsent(state, text, files);
            }
            session.fail(failure.error.to_string());
            return;
        }
    };
    if let Some(t) = started.new_thread.clone() {
        // The new thread's view starts empty, and the message is still on its way: it stays shown.
        let echo = session.echo.get_untracked();
        show_new_thread(state, t);
        session.echo.set(echo);
    }
    if started.thread.is_some() && state.selected.get_untracked() != started.thread {
        state.selected.set(started.thread.clone());
        state.update_url();
    }
    if started.text_stored {
        clear_sent_draft(state, &text, &files);
    }
    session.apply(|v| s.backend.prepare_view(v, &random_id()));
    let local = match &started.start {
        Start::NewRun(local) | Start::Listen { local, .. } => local.clone(),
        _ => None,
    };
    let thread = started.thread.clone();
    // A stateless run has no thread (the backend said so): it is followed on its own stream. A run
    // from an earlier branch's head goes by its stream too (a thread-protocol run starts at the newest).
    let on_protocol = state.run_options.thread_protocol_on(&caps) && branch_head(state).is_none();
    let sent = match (on_protocol, thread) {
        // The thread-centric protocol: run.start on the thread, read from its subscription.
        (true, Some(t)) => {
            let Some(local) = local.clone() else { return };
            let agent = assistant.unwrap_or_default();
            let content = agent_console_core::attachments::langchain_content(&text, &files);
            subscription::start_run(state, t, agent, local, content).await
        }
        (_, t) => follow_run(state, t.unwrap_or_default(), started.request, started.start).await,
    };
    if sent {
        clear_sent_draft(state, &text, &files);
    } else if started.text_stored {
        // The server has the message though its run's stream did not open: keep it shown.
        if let Some(m) = local {
            session.push_local(m);
        }
    }
    after_run(state).await;
}

/// The composer's text was accepted by the server (it now lives in the thread): clear the composer,
/// unless the user has typed something else meanwhile.
fn clear_sent_draft(state: AppState, text: &str, files: &[Attachment]) {
    let attached = state
        .attachments
        .with_untracked(|a| super::queue::same_files(a, files));
    if state.draft.get_untracked() == text && attached {
        state.draft.set(String::new());
        state.attachments.set(Vec::new());
        state.attach_error.set(None);
    }
}

/// Answers the pending interrupt and streams the resumed run.
pub fn resume(state: AppState, answer: Value) {
    let (Some(thread_id), Some(s)) = (state.selected.get_untracked(), live_server(state)) else {
        return;
    };
    let caps = s.backend.capabilities().clone();
    // On the thread-centric protocol the answer is a command naming the interrupt.
    let pending = state.session.interrupts.with_untracked(|l| {
        l.first()
            .and_then(|i| i.id.clone().map(|id| (id, i.namespace.clone())))
    });
    let interrupt = pending.as_ref().map(|(id, _)| id.clone());
    if let (true, Some((interrupt_id, namespace))) =
        (state.run_options.thread_protocol_on(&caps), pending)
    {
        state.spawn(async move {
            subscription::respond(state, thread_id, interrupt_id, namespace, answer).await;
            after_run(state).await;
        });
        return;
    }
    let (assistant, settings) = match run_settings_or_none(state, &s, false) {
        Ok(r) => r,
        Err(e) => return state.session.fail(e),
    };
    let (req, start) = match s.backend.resume(
        &thread_id,
        assistant.as_deref(),
        interrupt.as_deref(),
        answer,
        settings,
    ) {
        Ok(r) => r,
        Err(e) => {
            state.session.fail(e.to_string());
            return;
        }
    };
    state.spawn(async move {
        follow_run(state, thread_id, req, start).await;
        after_run(state).await;
    });
}

/// Stops the running run as the run options say: `interrupt` keeps what it produced so far, `rollback`
/// undoes it. (A server that cannot stop runs has its Stop button disabled.)
pub fn cancel(state: AppState) {
    let Some(s) = live_server(state) else {
        return;
    };
    let Some(run_id) = state.session.run_id.get_untracked() else {
        state.session.fail(
            "The run cannot be stopped yet: the server has not named it. Try again in a moment."
                .into(),
        );
        return;
    };
    if s.backend.capabilities().stop.is_none() {
        return;
    }
    let thread_id = state.selected.get_untracked().unwrap_or_default();
    let action = state.run_options.stop_action_now();
    state.spawn(async move {
        if let Err(e) = s.backend.stop(&s.http, &thread_id, &run_id, &action).await {
            state.session.error.set(Some(e.to_string()));
            return;
        }
        // The follower closes a stream that goes on after this (heartbeats, or nothing).
        if state.session.run_id.get_untracked().as_deref() == Some(run_id.as_str()) {
            state.session.stopping.set(true);
        }
        // A rollback deletes the run and restores the thread as it was before it: once the stream has
        // ended, show the thread as the server now has it.
        if action == "rollback" && !thread_id.is_empty() {
            for _ in 0..50 {
                if !state.session.streaming.get_untracked() {
                    break;
                }
                sleep_ms(100).await;
            }
            if state.selected.get_untracked().as_deref() == Some(thread_id.as_str()) {
                open_thread(state, thread_id);
            }
        }
    });
}

/// A page of the open thread's checkpoint history, newest first — the newest `HISTORY_LIMIT`, or
/// those older than `before` — as a view's resource (its request stops when the view goes).
pub async fn history(
    state: AppState,
    thread: Option<String>,
    before: Option<String>,
) -> Result<Vec<Checkpoint>, String> {
    let (Some(s), Some(thread)) = (state.server_now(), thread) else {
        return Ok(Vec::new());
    };
    let http = s.http.aborted_on_cleanup();
    s.backend
        .history(&http, &thread, before.as_deref(), HISTORY_LIMIT)
        .await
        .map_err(|e| e.to_string())
}

/// What differs from the older checkpoint `before` to `after` (values by JSON path, messages by id).
pub fn compare_checkpoints(before: &Checkpoint, after: &Checkpoint) -> CheckpointDiff {
    CheckpointDiff::between(before, after)
}

/// A page of the open thread's runs from `offset`, as a view's resource.
pub async fn thread_runs(
    state: AppState,
    thread: Option<String>,
    offset: u64,
) -> Result<Vec<agent_console_core::domain::Run>, String> {
    let (Some(s), Some(thread)) = (state.server_now(), thread) else {
        return Ok(Vec::new());
    };
    let http = s.http.aborted_on_cleanup();
    s.backend
        .thread_runs(&http, &thread, offset)
        .await
        .map_err(|e| e.to_string())
}

/// The runs this browser saw on the open thread, newest first, each read fresh (a run the server no
/// longer has is left out), as a view's resource.
pub async fn seen_runs(
    state: AppState,
    thread: Option<String>,
) -> Result<Vec<agent_console_core::backend::RunFields>, String> {
    let (Some(s), Some(thread)) = (state.server_now(), thread) else {
        return Ok(Vec::new());
    };
    let http = s.http.aborted_on_cleanup();
    if s.backend.capabilities().thread_runs == Some(ThreadRuns::Chain) {
        return s
            .backend
            .chain_runs(&http, &thread)
            .await
            .map_err(|e| e.to_string());
    }
    let mut out = Vec::new();
    for id in crate::platform::storage::seen_runs(&s.http.profile.base_url, &thread) {
        match s.backend.run_fields(&http, &id).await {
            Ok(r) => out.push(r),
            Err(agent_console_core::http::ApiError::Status { status: 404, .. }) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(out)
}

/// The open thread's last run, as a view's resource.
pub async fn last_run(
    state: AppState,
    thread: Option<String>,
) -> Result<Option<agent_console_core::backend::FolderRunRecord>, String> {
    let (Some(s), Some(thread)) = (state.server_now(), thread) else {
        return Ok(None);
    };
    let http = s.http.aborted_on_cleanup();
    s.backend
        .last_run(&http, &thread)
        .await
        .map_err(|e| e.to_string())
}

/// Drops the open stream's connection as a network failure would; the follower then rejoins.
pub fn reconnect(state: AppState) {
    crate::follow::follower::drop_connection(state);
}
