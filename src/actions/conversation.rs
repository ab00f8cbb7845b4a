//! What a reader does with the conversation itself: the colour scheme, hiding tool calls, copying a
//! message or a code block, the keyboard's shortcuts (search, stop, the next or previous thread),
//! sending the queue's next message when the thread is idle (the queue itself is `queue`), and `↑` to
//! edit the last message.

use crate::config::Theme;
use crate::platform::storage;
use crate::state::AppState;
use agent_console_core::attachments::{self, Attachment};
use agent_console_core::domain::Role;
use leptos::prelude::*;

/// Light, dark or the system's; remembered in this browser.
pub fn set_theme(state: AppState, theme: Theme) {
    state.theme.set(theme);
    storage::remember_theme(theme.as_str());
}

/// *Hide tool calls* on or off; remembered in this tab.
pub fn set_tools_hidden(state: AppState, hidden: bool) {
    state.hide_tools.set(hidden);
    storage::hide_tools(hidden);
}

/// Puts `text` on the clipboard; what went wrong, in words.
pub async fn copy_text(text: String) -> Result<(), String> {
    crate::platform::copy_text(&text).await
}

/// Opens the thread `by` rows after (or before, negative) the open one in the list.
pub fn open_neighbour(state: AppState, by: i64) {
    let ids: Vec<String> = state
        .threads
        .items
        .with_untracked(|list| list.iter().map(|t| t.id.clone()).collect());
    if ids.is_empty() {
        return;
    }
    let at = state
        .selected
        .get_untracked()
        .and_then(|s| ids.iter().position(|i| *i == s));
    let next = match at {
        Some(i) => i as i64 + by,
        // Nothing open: down opens the first, up the last.
        None if by > 0 => 0,
        None => ids.len() as i64 - 1,
    };
    if let Some(id) = usize::try_from(next).ok().and_then(|n| ids.get(n)) {
        super::thread::open_thread(state, id.clone());
    }
}

/// The open thread's title: its name where the server keeps one, else its first words.
pub fn thread_title(state: AppState) -> Option<String> {
    let id = state.selected.get()?;
    let named = state.threads.items.with(|list| {
        list.iter()
            .find(|t| t.id == id)
            .and_then(|t| t.title.clone())
    });
    named.or_else(|| {
        state.session.rows.with(|rows| {
            rows.iter()
                .find(|r| r.role == agent_console_core::domain::Role::Human)
                .map(|r| r.text.with(|t| first_words(t, 60)))
                .filter(|t| !t.is_empty())
        })
    })
}

fn first_words(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// Sends the open thread's first queued message, if the thread is idle: no run going, no
/// interrupt waiting for an answer and no error (the user reads it first; *Send now* sends anyway).
pub fn send_queued(state: AppState, force: bool) {
    let session = state.session;
    let busy = session.streaming.get_untracked() || session.sending.get_untracked();
    let held = !session.interrupts.with_untracked(Vec::is_empty)
        || session.error.with_untracked(Option::is_some);
    if busy
        || (held && !force)
        || state.replay.with_untracked(Option::is_some)
        || state.thread_loading_now()
        || state.connecting_now()
        // No server (the connect failed): the message stays queued, shown, until there is one.
        || state.server_now().is_none()
    {
        return;
    }
    let selected = state.selected.get_untracked();
    let Some(next) = state
        .queue
        .with_untracked(|q| q.iter().find(|m| m.thread == selected).cloned())
    else {
        return;
    };
    super::queue::unqueue(state, next.id);
    super::thread::send_text(state, next.text, next.attachments);
}

/// Attaches files the user picked, dropped or pasted: each checked (kind, size, count) before it
/// is read; a refusal names the file and is shown in the composer.
pub async fn attach_files(state: AppState, files: Vec<web_sys::File>) {
    let kinds = state.caps_now().attachments;
    let _ = state.attach_error.try_set(None);
    for file in files {
        let name = file.name();
        let size = file.size() as u64;
        let attached = state.attachments.try_get_untracked().unwrap_or_default();
        let kind = match attachments::check(&attached, kinds, &name, &file.type_(), size) {
            Ok(kind) => kind,
            Err(why) => {
                let _ = state.attach_error.try_set(Some(why));
                continue;
            }
        };
        match crate::platform::read_file(&file).await {
            Ok(bytes) => {
                let a = Attachment::from_bytes(&name, kind, &bytes);
                let _ = state.attachments.try_update(|list| list.push(a));
            }
            Err(why) => {
                let _ = state.attach_error.try_set(Some(why));
            }
        }
    }
}

pub fn remove_attachment(state: AppState, index: usize) {
    state.attachments.update(|list| {
        if index < list.len() {
            list.remove(index);
        }
    });
}

/// `↑` in an empty composer: the last message the user sent is edited (its editor opens where a
/// server can run from a checkpoint; elsewhere its text comes back into the composer).
pub fn edit_last(state: AppState) -> bool {
    let last = state.session.rows.with_untracked(|rows| {
        rows.iter()
            .rev()
            .find(|r| r.role == Role::Human)
            .map(|r| (r.id.clone(), r.text.get_untracked()))
    });
    let Some((id, text)) = last else {
        return false;
    };
    if state.caps_now().time_travel {
        state.edit_request.set(Some(id));
    } else {
        state.draft.set(text);
    }
    true
}
