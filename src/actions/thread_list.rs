//! The thread list: load and page it (offset or token, as the server pages) with the current filter
//! and search, and a thread the server just made put first in it. Below `thread`, `branches` and
//! `threads`, which use it.

use super::server;
use crate::state::AppState;
use agent_console_core::deeplink::ThreadSearch;
use agent_console_core::domain::{PageCursor, Thread};
use agent_console_core::http::ApiError;
use leptos::prelude::*;

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

async fn fetch_page(state: AppState, start: PageCursor, generation: u64, replace: bool) {
    let Some(s) = server(state) else {
        return;
    };
    let list = state.threads;
    let query = list.query();
    // A server that lists no threads: the rail keeps what was made or opened here; an id is looked
    // up and added.
    let listed = s.backend.capabilities().thread_filters.listed;
    let by_id = matches!(query.search, ThreadSearch::Id(_));
    if !listed && !by_id {
        list.next.set(PageCursor::End);
        return;
    }
    let replace = replace && listed;
    list.loading.set(true);
    // What the list held before the request: a first page keeps what was added meanwhile.
    let held: Vec<String> = if replace {
        list.items
            .with_untracked(|t| t.iter().map(|x| x.id.clone()).collect())
    } else {
        Vec::new()
    };
    let result = s.backend.threads(&s.http, &query, &start).await;
    // A page that arrives for an older filter is dropped, and so is one for an app unmounted
    // meanwhile (its signals are gone).
    if list.generation.try_get_value() != Some(generation) {
        return;
    }
    list.loading.set(false);
    match result {
        Ok(page) => {
            list.error.set(None);
            if replace {
                // A thread created while the page was on its way (a first send) stays first.
                list.items.update(|items| {
                    let mut fresh: Vec<_> = items
                        .drain(..)
                        .filter(|t| {
                            !held.contains(&t.id) && !page.items.iter().any(|p| p.id == t.id)
                        })
                        .collect();
                    fresh.extend(page.items);
                    *items = fresh;
                });
            } else if !listed {
                list.items.update(|items| {
                    for t in page.items.into_iter().rev() {
                        if !items.iter().any(|x| x.id == t.id) {
                            items.insert(0, t);
                        }
                    }
                });
            } else {
                list.items.update(|items| items.extend(page.items));
            }
            list.next.set(page.next);
        }
        Err(ApiError::Status { status: 404, .. })
            if matches!(query.search, ThreadSearch::Id(_)) =>
        {
            if listed {
                list.items.set(Vec::new());
            }
            list.error.set(Some("No thread has that id.".into()));
        }
        Err(e) => list.error.set(Some(e.to_string())),
    }
}

/// Puts a thread the server just created first in the list and selects it (empty); returns its id.
pub(crate) fn show_new_thread(state: AppState, thread: Thread) -> String {
    let id = thread.id.clone();
    state.threads.items.update(|t| {
        if !t.iter().any(|x| x.id == id) {
            t.insert(0, thread)
        }
    });
    state.selected.set(Some(id.clone()));
    state.session.clear();
    state.update_url();
    id
}
