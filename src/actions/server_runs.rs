//! The server-wide runs pages: a folder's runs paged by token forward and back, or a run search with
//! filters paged by offset and the actions on one run (wait, cancel, delete).

use super::server;
use crate::state::server_runs::Go;
use crate::state::{AppState, Screen};
use agent_console_core::backend::{RunAction, RunSearch, ServerRunsKind};
use agent_console_core::domain::PageCursor;
use agent_console_core::forms::parse_pairs;
use agent_console_core::paging::TokenPager;
use leptos::prelude::*;

/// Shows the server's runs page: its current page (loaded if empty) and the run the deep link names.
pub fn open_page(state: AppState) {
    let Some(s) = server(state) else {
        return;
    };
    let Some(spec) = s.backend.capabilities().server_runs else {
        return;
    };
    state.screen.set(Screen::Runs);
    match spec.kind {
        ServerRunsKind::Folder => {
            if state.folder_runs.items.with_untracked(Vec::is_empty) {
                load_folder_runs(state, Go::First);
            }
            if let Some(id) = state.folder_runs.open.get_untracked() {
                open_folder_run(state, id);
            }
        }
        ServerRunsKind::Search => {
            load_search_runs(state, state.search_runs.offset.get_untracked());
            if let Some(id) = state.search_runs.open.get_untracked() {
                run_action(state, id, RunAction::Refresh);
            }
        }
    }
    state.update_url();
}

/// Back to the conversation.
pub fn close_page(state: AppState) {
    state.screen.set(Screen::Thread);
    state.update_url();
}

/// Loads a page of the folder's runs. An empty page ends the list whatever its token said.
pub fn load_folder_runs(state: AppState, go: Go) {
    let page = state.folder_runs;
    let Some(s) = server(state) else {
        return;
    };
    if page.loading.get_untracked() {
        return;
    }
    let pager = page.pager.get_untracked();
    let token: Option<String> = match go {
        Go::First => None,
        Go::Reload => pager.current(),
        Go::Next => match pager.next_token() {
            Some(t) => Some(t),
            None => return,
        },
        Go::Prev => match pager.prev_token() {
            Some(t) => t,
            None => return,
        },
    };
    let size = page.page_size.get_untracked();
    page.loading.set(true);
    state.spawn(async move {
        let result = s.backend.folder_runs(&s.http, size, token.as_deref()).await;
        page.loading.set(false);
        match result {
            // Past the last page: the list ends here; the page shown stays.
            Ok(p) if p.items.is_empty() && go == Go::Next => {
                page.error.set(None);
                page.pager.update(|pager| pager.reloaded(PageCursor::End));
            }
            Ok(p) => {
                page.error.set(None);
                page.pager.update(|pager| match go {
                    Go::First => {
                        *pager = TokenPager::new();
                        pager.reloaded(p.next.clone());
                    }
                    Go::Reload => pager.reloaded(p.next.clone()),
                    Go::Next => {
                        pager.went_forward(token.clone().unwrap_or_default(), p.next.clone())
                    }
                    Go::Prev => pager.went_back(p.next.clone()),
                });
                page.items.set(p.items);
            }
            Err(e) => page.error.set(Some(e.to_string())),
        }
    });
}

/// Opens a run's detail, fresh from the server; the address bar names it.
pub fn open_folder_run(state: AppState, run_id: String) {
    let Some(s) = server(state) else {
        return;
    };
    let page = state.folder_runs;
    page.open.set(Some(run_id.clone()));
    state.update_url();
    state.spawn(async move {
        match s.backend.folder_run(&s.http, &run_id).await {
            Ok(r) => {
                page.detail_error.set(None);
                page.detail.set(Some(r));
            }
            Err(e) => page.detail_error.set(Some(e.to_string())),
        }
    });
}

/// Loads the search page at `offset` with the filters.
pub fn load_search_runs(state: AppState, offset: u64) {
    let page = state.search_runs;
    let Some(s) = server(state) else {
        return;
    };
    let text = |sig: RwSignal<String>| {
        Some(sig.get_untracked().trim().to_owned()).filter(|t| !t.is_empty())
    };
    let metadata = match parse_pairs(&page.metadata.get_untracked()) {
        Ok(m) => m,
        Err(e) => {
            page.error.set(Some(e));
            return;
        }
    };
    let q = RunSearch {
        thread_id: text(page.thread_id),
        agent_id: text(page.agent_id),
        status: text(page.status),
        metadata,
    };
    page.loading.set(true);
    let limit = page.page_size.get_untracked();
    state.spawn(async move {
        let got = s.backend.search_runs(&s.http, &q, limit, offset).await;
        page.loading.set(false);
        match got {
            Ok(items) => {
                page.error.set(None);
                page.offset.set(offset);
                page.items.set(items);
            }
            Err(e) => page.error.set(Some(e.to_string())),
        }
    });
}

/// Shows a listed run's detail; the address bar names it.
pub fn show_search_run(state: AppState, run: agent_console_core::backend::SearchRunRecord) {
    let page = state.search_runs;
    page.note.set(None);
    page.open.set(Some(run.run_id.clone()));
    page.detail.set(Some(run));
    state.update_url();
}

/// Acts on the search page's open run, then shows it as the server now has it.
pub fn run_action(state: AppState, run_id: String, action: RunAction) {
    let page = state.search_runs;
    let Some(s) = server(state) else {
        return;
    };
    let stop_action = state.run_options.stop_action_now();
    page.note.set(None);
    state.spawn(async move {
        match s
            .backend
            .run_action(&s.http, &run_id, action, &stop_action)
            .await
        {
            Err(e) => page.note.set(Some(Err(e.to_string()))),
            Ok((said, fresh)) => {
                match fresh {
                    Some(fresh) => {
                        page.items.update(|l| {
                            if let Some(r) = l.iter_mut().find(|r| r.run_id == run_id) {
                                *r = fresh.clone();
                            }
                        });
                        page.open.set(Some(run_id));
                        page.detail.set(Some(fresh));
                    }
                    None => {
                        page.detail.set(None);
                        page.open.set(None);
                        page.items.update(|l| l.retain(|r| r.run_id != run_id));
                    }
                }
                state.update_url();
                if !said.is_empty() {
                    page.note.set(Some(Ok(said)));
                }
            }
        }
    });
}
