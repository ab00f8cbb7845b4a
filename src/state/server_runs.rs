//! The server-wide runs pages' state: a folder's runs paged by token, or a run search paged by offset.

use agent_console_core::backend::{FolderRunRecord, SearchRunRecord};
use agent_console_core::paging::TokenPager;
use leptos::prelude::*;

/// The folder's runs, one token page at a time, and the run whose detail is open.
#[derive(Clone, Copy)]
pub struct FolderRunsState {
    pub items: RwSignal<Vec<FolderRunRecord>>,
    pub pager: RwSignal<TokenPager>,
    pub page_size: RwSignal<u32>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// The open run's id (the deep link's `run` on this page).
    pub open: RwSignal<Option<String>>,
    /// The open run, fresh from the server.
    pub detail: RwSignal<Option<FolderRunRecord>>,
    pub detail_error: RwSignal<Option<String>>,
}

impl FolderRunsState {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            pager: RwSignal::new(TokenPager::new()),
            page_size: RwSignal::new(10),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            open: RwSignal::new(None),
            detail: RwSignal::new(None),
            detail_error: RwSignal::new(None),
        }
    }

    /// Forgets the shown page, its tokens and the open run (another server, another folder).
    pub fn reset(&self) {
        self.items.set(Vec::new());
        self.pager.set(TokenPager::new());
        self.detail.set(None);
        self.error.set(None);
        self.detail_error.set(None);
    }
}

impl Default for FolderRunsState {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the folder's runs page goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Go {
    First,
    Next,
    Prev,
    Reload,
}

/// The run search page: filters, the page shown, the run opened.
#[derive(Clone, Copy)]
pub struct SearchRunsState {
    pub thread_id: RwSignal<String>,
    pub agent_id: RwSignal<String>,
    pub status: RwSignal<String>,
    /// `key=value` pairs, one per line or comma-separated.
    pub metadata: RwSignal<String>,
    pub page_size: RwSignal<u32>,
    pub offset: RwSignal<u64>,
    pub items: RwSignal<Vec<SearchRunRecord>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// The open run's id (the deep link's `run` on this page).
    pub open: RwSignal<Option<String>>,
    pub detail: RwSignal<Option<SearchRunRecord>>,
    /// What the detail's last action said (a wait's result, a cancel, an error).
    pub note: RwSignal<Option<Result<String, String>>>,
}

impl SearchRunsState {
    pub fn new() -> Self {
        Self {
            thread_id: RwSignal::new(String::new()),
            agent_id: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            metadata: RwSignal::new(String::new()),
            page_size: RwSignal::new(10),
            offset: RwSignal::new(0),
            items: RwSignal::new(Vec::new()),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            open: RwSignal::new(None),
            detail: RwSignal::new(None),
            note: RwSignal::new(None),
        }
    }

    pub fn reset(&self) {
        self.offset.set(0);
        self.items.set(Vec::new());
        self.error.set(None);
        self.detail.set(None);
        self.note.set(None);
    }

    /// Whether a next page may exist (this one is full).
    pub fn has_next(&self) -> bool {
        self.items.with(|i| i.len() as u32 >= self.page_size.get())
    }
}

impl Default for SearchRunsState {
    fn default() -> Self {
        Self::new()
    }
}
