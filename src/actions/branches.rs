//! Time travel on the open thread ([`Capabilities::time_travel`]): its branches, looked up from the
//! checkpoint history; showing another branch; editing a message and regenerating a reply (a run from
//! the checkpoint before it); running again from any checkpoint; forking one with edited values.
//!
//! [`Capabilities::time_travel`]: agent_console_core::backend::Capabilities::time_travel

use super::thread_list::load_threads;
use super::{live_server, run_settings, run_settings_or_none, server};
use crate::follow::follower::follow_run;
use crate::platform::random_id;
use crate::state::{AppState, Server, Tab};
use agent_console_core::backend::{SendRequest, Start};
use agent_console_core::branches::{self, Branches};
use agent_console_core::domain::{Checkpoint, Message};
use leptos::prelude::*;
use serde_json::Value;
use std::sync::Arc;

/// Whether the app still lives and shows `thread` (after an await: an app can be unmounted meanwhile,
/// and its signals disposed).
fn still_on(state: AppState, thread: &str) -> bool {
    state.selected.try_get_untracked().flatten().as_deref() == Some(thread)
}

/// Whether the app still lives (its signals can be read).
fn alive(state: AppState) -> bool {
    state.selected.try_get_untracked().is_some()
}

/// Looks the open thread's branches up (once it is open: its history, page by page, at most
/// `branches::MAX_PAGES`, sized to the thread's length) or up again (after each run or fork: only what
/// is newer, in pages of `branches::NEWER_PAGE`, until a checkpoint already read). The thread then
/// shows its newest branch; the State tab reloads its history.
pub async fn refresh_branches(state: AppState) {
    if !alive(state) {
        return;
    }
    let session = state.session;
    session.revision.update(|r| *r += 1);
    let (Some(s), Some(thread)) = (server(state), state.selected.get_untracked()) else {
        return;
    };
    if !s.backend.capabilities().time_travel {
        return;
    }
    let n = session.rows.with_untracked(Vec::len);
    let Some(limit) = branches::page_for(n) else {
        session.branches.set(None);
        session.branch.set(Default::default());
        session.branch_note.set(Some(format!(
            "Branches are looked up in threads of up to 2,000 messages; this one has {n}."
        )));
        return;
    };
    // Known already (a run or a fork since): only what is newer is read, in small pages, until a
    // checkpoint already held.
    let known = session.branches.get_untracked();
    let limit = if known.is_some() {
        limit.min(branches::NEWER_PAGE)
    } else {
        limit
    };
    let mut all: Vec<Checkpoint> = Vec::new();
    let mut before: Option<String> = None;
    let mut whole = false;
    for _ in 0..branches::MAX_PAGES {
        let page = match s
            .backend
            .history(&s.http, &thread, before.as_deref(), limit)
            .await
        {
            Ok(p) => p,
            Err(e) => {
                if still_on(state, &thread) {
                    session.branch_note.set(Some(format!(
                        "The thread's branches could not be read: {e}"
                    )));
                }
                return;
            }
        };
        whole = (page.len() as u32) < limit || page.last().is_some_and(|c| c.parent_id.is_none());
        let reached = known.as_ref().is_some_and(|k| {
            page.iter()
                .any(|c| c.id.as_deref().is_some_and(|id| k.holds(id)))
        });
        before = page.last().and_then(|c| c.id.clone());
        all.extend(page);
        if reached {
            whole = true;
            break;
        }
        if whole || before.is_none() {
            break;
        }
    }
    if !still_on(state, &thread) {
        return;
    }
    // A first read says when it stopped short; a read of what is newer keeps that word.
    if known.is_none() {
        session.branch_note.set((!whole).then(|| {
            format!(
                "Branches are shown from the newest {} checkpoints; older forks are not.",
                all.len()
            )
        }));
    }
    let b = match &known {
        Some(k) => k.with(all),
        None => Branches::new(all),
    };
    session.branch.set(b.view(None));
    let wanted = state
        .wanted_checkpoint
        .try_update_value(Option::take)
        .flatten();
    let known = wanted.filter(|w| b.checkpoint(w).is_some());
    session.branches.set(Some(Arc::new(b)));
    // The deep link's branch, once: shown when the history holds it.
    match known {
        Some(head) => show_branch(state, head),
        None => state.update_url(),
    }
}

/// Shows the branch ending at checkpoint `head` (a `‹ ›` of a message). The newest branch is the
/// thread as the server has it now, pending interrupts included.
pub fn show_branch(state: AppState, head: String) {
    let session = state.session;
    if session.streaming.get_untracked() || session.sending.get_untracked() {
        return;
    }
    let (Some(s), Some(thread), Some(b)) = (
        server(state),
        state.selected.get_untracked(),
        session.branches.get_untracked(),
    ) else {
        return;
    };
    if b.newest() == Some(head.as_str()) {
        state.spawn(async move {
            match s.backend.thread_state(&s.http, &thread).await {
                _ if !still_on(state, &thread) => {}
                Ok(snap) => {
                    session.load_snapshot(snap);
                    session.branch.set(b.view(None));
                    state.update_url();
                }
                Err(e) => session.error.set(Some(e.to_string())),
            }
        });
        return;
    }
    let Some((messages, values)) = b.state_at(&head) else {
        return;
    };
    // Not inside the click: the rows made now must not belong to the clicked row's component,
    // which goes with the branch it showed.
    state.spawn(async move {
        if !still_on(state, &thread) {
            return;
        }
        session.load(messages, Vec::new(), values.into());
        session.branch.set(b.view(Some(&head)));
        state.update_url();
    });
}

/// The checkpoint shown branch's head when it is not the newest: a message sent now continues that
/// branch.
pub fn branch_head(state: AppState) -> Option<String> {
    state
        .session
        .branch
        .with_untracked(|b| (!b.newest).then(|| b.head.clone()).flatten())
}

/// Where a run that writes message `message_id`'s place anew starts: the checkpoint before the
/// message, and the messages it holds.
fn fork_point(state: AppState, message_id: &str) -> Result<(String, Vec<Message>), String> {
    let session = state.session;
    let from = session
        .branch
        .with_untracked(|b| b.messages.get(message_id).and_then(|m| m.run_from.clone()))
        .ok_or("This message has no checkpoint before it in the thread's history.")?;
    let (keep, _) = session
        .branches
        .with_untracked(|b| b.as_ref().and_then(|b| b.state_at(&from)))
        .ok_or("The checkpoint before this message is older than the history read.")?;
    Ok((from, keep))
}

/// Sends `text` in place of the human message `message_id`: a run from the checkpoint before it, so
/// the edit and its reply make a new branch. Returns whether the server took the run (the editor
/// keeps the text otherwise).
pub async fn edit_message(state: AppState, message_id: String, text: String) -> bool {
    let session = state.session;
    let (Some(s), Some(thread)) = (live_server(state), state.selected.get_untracked()) else {
        return false;
    };
    let (from, keep) = match fork_point(state, &message_id) {
        Ok(p) => p,
        Err(e) => {
            session.error.set(Some(e));
            return false;
        }
    };
    let (assistant, settings) = run_settings(state, &s);
    let settings = match settings {
        Ok(o) => o,
        Err(problem) => {
            session.error.set(Some(problem));
            return false;
        }
    };
    session.error.set(None);
    let req = SendRequest {
        thread: Some(thread.clone()),
        assistant,
        text,
        message_id: random_id(),
        attachments: Vec::new(),
        settings,
        checkpoint: Some(from),
    };
    let started = match s.backend.send(&s.http, req).await {
        _ if !still_on(state, &thread) => return false,
        Ok(started) => started,
        Err(failure) => {
            session.fail(failure.error.to_string());
            return false;
        }
    };
    let local = match started.start {
        Start::NewRun(local) => local,
        _ => None,
    };
    let sent = follow_run(
        state,
        thread,
        started.request,
        Start::Branch { keep, local },
    )
    .await;
    after_run(state).await;
    sent
}

/// Another reply in the place of AI message `message_id`: a run from the checkpoint before it.
pub fn regenerate(state: AppState, message_id: String) {
    let (Some(s), Some(thread)) = (live_server(state), state.selected.get_untracked()) else {
        return;
    };
    match fork_point(state, &message_id) {
        Ok((from, keep)) => {
            state.spawn(async move {
                run_from(state, s, thread, from, keep, false).await;
            });
        }
        Err(e) => state.session.error.set(Some(e)),
    }
}

/// Runs the graph again from checkpoint `c` (the State tab's *Re-run from here*), shown in the
/// Messages tab.
pub fn rerun_from(state: AppState, c: Checkpoint) {
    let (Some(s), Some(thread), Some(id)) =
        (live_server(state), state.selected.get_untracked(), c.id)
    else {
        return;
    };
    state.tab.set(Tab::Messages);
    state.update_url();
    let keep = branches::messages_of(&c.values);
    state.spawn(async move {
        run_from(state, s, thread, id, keep, false).await;
    });
}

/// Forks checkpoint `c` with the user's edited values (JSON text) written as node `as_node` (blank:
/// the server picks it); with `then_run`, runs the graph on from the fork. The fork is the thread's
/// newest checkpoint, so the thread then shows it. Errors (bad JSON, the server refusing) are for
/// the form to show in place.
pub async fn fork_from(
    state: AppState,
    c: Checkpoint,
    edited: String,
    as_node: String,
    then_run: bool,
) -> Result<(), String> {
    let (Some(s), Some(thread), Some(id)) =
        (live_server(state), state.selected.get_untracked(), c.id)
    else {
        return Err("No thread is open.".into());
    };
    if state.session.streaming.get_untracked() {
        return Err("A run is going on this thread: wait for it to end, or stop it.".into());
    }
    let values: Value =
        serde_json::from_str(&edited).map_err(|e| format!("Not valid JSON: {e}"))?;
    if !values.is_object() {
        return Err("The values must be a JSON object (their keys are the state's).".into());
    }
    let as_node = Some(as_node.trim()).filter(|n| !n.is_empty());
    let write = branches::fork_values(&c.values, &values);
    let fork = s
        .backend
        .fork(&s.http, &thread, &id, write, as_node)
        .await
        .map_err(|e| e.to_string())?;
    if !still_on(state, &thread) {
        return Ok(());
    }
    state.tab.set(Tab::Messages);
    state.update_url();
    if then_run {
        let keep = branches::messages_of(&values);
        state.spawn(async move {
            run_from(state, s, thread, fork, keep, false).await;
        });
    } else {
        let session = state.session;
        match s.backend.thread_state(&s.http, &thread).await {
            _ if !still_on(state, &thread) => return Ok(()),
            Ok(snap) => session.load_snapshot(snap),
            Err(e) => session.error.set(Some(e.to_string())),
        }
        refresh_branches(state).await;
    }
    Ok(())
}

/// A run with no new input from checkpoint `from`, whose messages are `keep`; a `step` pauses
/// before the next node whatever the breakpoints say.
pub(super) async fn run_from(
    state: AppState,
    s: Server,
    thread: String,
    from: String,
    keep: Vec<Message>,
    step: bool,
) {
    let session = state.session;
    if !still_on(state, &thread) || session.streaming.get_untracked() {
        return;
    }
    let (assistant, settings) = match run_settings_or_none(state, &s, step) {
        Ok(r) => r,
        Err(e) => return session.fail(e),
    };
    session.error.set(None);
    let req = match s
        .backend
        .rerun(&thread, assistant.as_deref(), &from, settings)
    {
        Ok(r) => r,
        Err(e) => {
            session.fail(e.to_string());
            return;
        }
    };
    follow_run(state, thread, req, Start::Branch { keep, local: None }).await;
    after_run(state).await;
}

/// After a run: the branches (the run made a new head) and the thread list.
pub async fn after_run(state: AppState) {
    refresh_branches(state).await;
    if alive(state) {
        load_threads(state).await;
    }
}
