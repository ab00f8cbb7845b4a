//! What the user does to threads in the list: create, rename, copy and delete them (the list's
//! loading and paging is `thread_list`).

use super::server;
use super::thread::open_thread;
use crate::state::AppState;
use agent_console_core::backend::{CreateThreadForm, NewThread};

use agent_console_core::http::ApiError;
use leptos::prelude::*;

/// Creates a thread (with `new`'s name, description and labels where the server takes them), puts
/// it first in the list and selects it; returns its id. Where the first reply makes the thread
/// (a chain of responses), nothing is created: the view empties for a new one (id `""`).
pub async fn create_thread(state: AppState, new: NewThread) -> Result<String, ApiError> {
    let s = server(state).ok_or_else(|| ApiError::Dropped {
        detail: "not connected".into(),
    })?;
    state.leave_recording();
    if s.backend.capabilities().thread_ops.create == CreateThreadForm::OnFirstMessage {
        state.selected.set(None);
        state.session.clear();
        state.update_url();
        return Ok(String::new());
    }
    let thread = s.backend.create_thread(&s.http, &new).await?;
    Ok(super::thread_list::show_new_thread(state, thread))
}

pub fn rename_thread(state: AppState, thread_id: String, title: String) {
    let Some(s) = server(state) else {
        return;
    };
    state.spawn(async move {
        match s.backend.rename_thread(&s.http, &thread_id, &title).await {
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
    let Some(s) = server(state) else {
        return;
    };
    state.spawn(async move {
        match s.backend.delete_thread(&s.http, &thread_id).await {
            Ok(()) => {
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
    let Some(s) = server(state) else {
        return;
    };
    state.spawn(async move {
        match s.backend.copy_thread(&s.http, &thread_id).await {
            Ok(copy) => {
                let id = copy.id.clone();
                state.threads.items.update(|items| items.insert(0, copy));
                open_thread(state, id);
            }
            Err(e) => state.threads.error.set(Some(e.to_string())),
        }
    });
}
