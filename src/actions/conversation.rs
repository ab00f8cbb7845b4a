//! What a reader does with the conversation itself: the colour scheme, hiding tool calls, copying a
//! message or a code block, and the keyboard's shortcuts (search, stop, the next or previous thread).

use crate::config::Theme;
use crate::platform::storage;
use crate::state::AppState;
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
        crate::actions::thread::open_thread(state, id.clone());
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
