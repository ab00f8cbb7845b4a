//! The thread list as shown, and the filter that produced it.

use agent_console_core::backend::ThreadQuery;
use agent_console_core::deeplink::ThreadSearch;
use agent_console_core::domain::{PageCursor, Thread};
use leptos::prelude::*;

/// The list as shown, plus the filter that produced it.
#[derive(Clone, Copy)]
pub struct ThreadListState {
    pub items: RwSignal<Vec<Thread>>,
    pub next: RwSignal<PageCursor>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// `None` = every status.
    pub status: RwSignal<Option<String>>,
    /// The search box: a thread id, or `key=value` metadata pairs.
    pub search: RwSignal<String>,
    pub oldest_first: RwSignal<bool>,
    /// The thread whose `⋯` menu is open: the list's, so a row drawn again (the list reloaded) keeps it.
    pub menu: RwSignal<Option<String>>,
    /// The user opened that menu (its first item then takes the focus, once).
    pub menu_focus: StoredValue<bool>,
    /// Bumped on every reload, so a page that arrives for an older filter is dropped.
    pub(crate) generation: StoredValue<u64>,
}

impl ThreadListState {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(PageCursor::End),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            status: RwSignal::new(None),
            search: RwSignal::new(String::new()),
            oldest_first: RwSignal::new(false),
            menu: RwSignal::new(None),
            menu_focus: StoredValue::new(false),
            generation: StoredValue::new(0),
        }
    }

    /// The query the list's controls describe.
    pub fn query(&self) -> ThreadQuery {
        ThreadQuery {
            search: ThreadSearch::parse(&self.search.get_untracked()),
            status: self.status.get_untracked(),
            oldest_first: self.oldest_first.get_untracked(),
        }
    }
}

impl Default for ThreadListState {
    fn default() -> Self {
        Self::new()
    }
}
