//! The queue of messages typed while a run goes on (or before the thread or server is ready), and a
//! message whose send failed put back where the user finds it — never lost. Below `thread` and
//! `conversation`, which both use it.

use crate::state::{AppState, Queued};
use agent_console_core::attachments::Attachment;
use leptos::prelude::*;

/// Whether a message sent now waits for the run going on: one is streaming or being started, and
/// the user chose no multitask strategy (with one, the server decides — `enqueue` queues it there).
/// A message sent while the open thread is still being read waits for it too.
pub fn must_queue(state: AppState) -> bool {
    let session = state.session;
    state.thread_loading_now()
        || state.connecting_now()
        || ((session.streaming.get_untracked() || session.sending.get_untracked())
            && !state.run_options.allows_concurrent_runs_now())
}

/// Queues the composer's text for the open thread; the composer is emptied (the queue shows it).
pub fn queue_message(state: AppState) {
    let text = state.draft.get_untracked();
    if text.trim().is_empty() && state.attachments.with_untracked(Vec::is_empty) {
        return;
    }
    let attachments = state
        .attachments
        .try_update(std::mem::take)
        .unwrap_or_default();
    queue_text(state, text, attachments);
    state.draft.set(String::new());
}

/// Puts a message last in the open thread's queue.
pub fn queue_text(state: AppState, text: String, attachments: Vec<Attachment>) {
    let thread = state.selected.get_untracked();
    state.queue.update(|q| {
        let id = q.iter().map(|m| m.id).max().map_or(1, |m| m + 1);
        q.push(Queued {
            id,
            thread,
            text,
            attachments,
        });
    });
}

pub fn unqueue(state: AppState, id: u64) {
    state.queue.update(|q| q.retain(|m| m.id != id));
}

/// A message whose send failed before the server had it: back in the composer if that is empty,
/// else first in the queue — never lost.
pub fn keep_unsent(state: AppState, text: String, attachments: Vec<Attachment>) {
    let in_composer = state.draft.with_untracked(|d| *d == text)
        && state
            .attachments
            .with_untracked(|a| same_files(a, &attachments));
    if in_composer {
        return;
    }
    let composer_free = state.draft.with_untracked(|d| d.trim().is_empty())
        && state.attachments.with_untracked(Vec::is_empty);
    if composer_free {
        state.draft.set(text);
        state.attachments.set(attachments);
    } else {
        let thread = state.selected.get_untracked();
        state.queue.update(|q| {
            let id = q.iter().map(|m| m.id).max().map_or(1, |m| m + 1);
            q.insert(
                0,
                Queued {
                    id,
                    thread,
                    text,
                    attachments,
                },
            );
        });
    }
}

/// The same files (by name and size: the bytes are not compared).
pub fn same_files(a: &[Attachment], b: &[Attachment]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.name == y.name && x.size == y.size)
}
