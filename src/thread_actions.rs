//! The thread list's data and what the user does to threads: page, filter, search, rename, copy, delete.

use crate::app::{open_thread, AppState};
use crate::{transport, yandex};
use agent_console_core::deeplink::ThreadSearch;
use agent_console_core::dialects::langgraph::{convert, requests};
use agent_console_core::dialects::yandex as ydx;
use agent_console_core::domain::{Dialect, PageCursor, Thread};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// Threads fetched per page.
pub const THREADS_PAGE: u32 = 25;

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
    /// Bumped on every reload, so a page that arrives for an older filter is dropped.
    generation: StoredValue<u64>,
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
            generation: StoredValue::new(0),
        }
    }

    fn query(&self) -> (requests::ThreadQuery, ThreadSearch) {
        let search = ThreadSearch::parse(&self.search.get_untracked());
        let metadata = match &search {
            ThreadSearch::Metadata(m) => Some(Value::Object(m.clone())),
            _ => None,
        };
        let q = requests::ThreadQuery {
            status: self.status.get_untracked(),
            metadata,
            oldest_first: self.oldest_first.get_untracked(),
        };
        (q, search)
    }
}

impl Default for ThreadListState {
    fn default() -> Self {
        Self::new()
    }
}

/// Reloads the first page with the current filter.
pub async fn load_threads(state: AppState) {
    let list = state.threads;
    let generation = list.generation.get_value() + 1;
    list.generation.set_value(generation);
    list.next.set(PageCursor::End);
    fetch_page(state, PageCursor::Offset(0), generation, true).await;
}

/// Appends the next page, if there is one and none is loading.
pub async fn load_more(state: AppState) {
    let list = state.threads;
    if list.loading.get_untracked() {
        return;
    }
    let next = list.next.get_untracked();
    if next != PageCursor::End {
        fetch_page(state, next, list.generation.get_value(), false).await;
    }
}

/// One page from `start`: an offset (LangGraph) or a token (Yandex, whose lists have no filters).
async fn fetch_page(state: AppState, start: PageCursor, generation: u64, replace: bool) {
    let Some(profile) = state.profile.get_untracked() else {
        return;
    };
    let list = state.threads;
    let (query, search) = list.query();
    list.loading.set(true);
    let offset = match start {
        PageCursor::Offset(o) => o,
        _ => 0,
    };
    let yandex = profile.dialect == Dialect::Yandex;
    let one = |t| agent_console_core::domain::Page {
        items: vec![t],
        next: PageCursor::End,
    };
    let result = match &search {
        // An id is looked up directly: the list is that thread, or nothing.
        ThreadSearch::Id(id) if yandex => transport::send(&profile, &ydx::requests::get_thread(id))
            .await
            .and_then(|r| ydx::convert::thread(&r.body))
            .map(one),
        _ if yandex => yandex::threads_page(&profile, THREADS_PAGE, &start).await,
        ThreadSearch::Id(id) => transport::send(&profile, &requests::get_thread(id))
            .await
            .and_then(|r| convert::thread_detail(&r.body))
            .map(one),
        _ => transport::send(
            &profile,
            &requests::search_threads(THREADS_PAGE, offset, &query),
        )
        .await
        .and_then(|r| convert::threads_page(&r.body, r.header("x-pagination-next").as_deref())),
    };
    if list.generation.get_value() != generation {
        return;
    }
    list.loading.set(false);
    // An Agent Protocol server sends no `x-pagination-next`: a full page may have a next one.
    let result = result.map(|mut page| {
        if profile.dialect == Dialect::AgentProtocol
            && page.next == PageCursor::End
            && page.items.len() as u32 == THREADS_PAGE
            && !matches!(search, ThreadSearch::Id(_))
        {
            page.next = PageCursor::Offset(offset + THREADS_PAGE as u64);
        }
        page
    });
    match result {
        Ok(page) => {
            list.error.set(None);
            if replace {
                list.items.set(page.items);
            } else {
                list.items.update(|items| items.extend(page.items));
            }
            list.next.set(page.next);
        }
        Err(agent_console_core::http::ApiError::Status { status: 404, .. })
            if matches!(search, ThreadSearch::Id(_)) =>
        {
            list.items.set(Vec::new());
            list.error.set(Some("No thread has that id.".into()));
        }
        Err(e) => list.error.set(Some(e.to_string())),
    }
}

pub fn rename_thread(state: AppState, thread_id: String, title: String) {
    let Some(profile) = state.profile.get_untracked() else {
        return;
    };
    spawn_local(async move {
        let renamed = if profile.dialect == Dialect::Yandex {
            transport::send(
                &profile,
                &ydx::requests::rename_thread(&thread_id, title.trim()),
            )
            .await
            .and_then(|r| ydx::convert::thread(&r.body))
        } else {
            transport::send(&profile, &requests::rename_thread(&thread_id, title.trim()))
                .await
                .and_then(|r| convert::thread_detail(&r.body))
        };
        match renamed {
            Ok(updated) => state.threads.items.update(|items| {
                if let Some(t) = items.iter_mut().find(|t| t.id == thread_id) {
                    *t = updated;
                }
            }),
            Err(e) => state.threads.error.set(Some(e.to_string())),
        }
    });
}

pub fn delete_thread(state: AppState, thread_id: String) {
    let Some(profile) = state.profile.get_untracked() else {
        return;
    };
    spawn_local(async move {
        let req = if profile.dialect == Dialect::Yandex {
            ydx::requests::delete_thread(&thread_id)
        } else {
            requests::delete_thread(&thread_id)
        };
        match transport::send(&profile, &req).await {
            Ok(_) => {
                state
                    .threads
                    .items
                    .update(|items| items.retain(|t| t.id != thread_id));
                if state.selected.get_untracked().as_deref() == Some(thread_id.as_str()) {
                    state.selected.set(None);
                    state.session.clear();
                    state.update_url();
                }
            }
            Err(e) => state.threads.error.set(Some(e.to_string())),
        }
    });
}

/// Copies a thread (history included) and opens the copy.
pub fn copy_thread(state: AppState, thread_id: String) {
    let Some(profile) = state.profile.get_untracked() else {
        return;
    };
    spawn_local(async move {
        match transport::send(&profile, &requests::copy_thread(&thread_id))
            .await
            .and_then(|r| convert::thread_detail(&r.body))
        {
            Ok(copy) => {
                let id = copy.id.clone();
                state.threads.items.update(|items| items.insert(0, copy));
                open_thread(state, id);
            }
            Err(e) => state.threads.error.set(Some(e.to_string())),
        }
    });
}
