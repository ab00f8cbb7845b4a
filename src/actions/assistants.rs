//! Assistants: choosing one, finding agents by name and metadata, and what one is (loaded by the view
//! that shows it; its requests stop when the view goes).

use super::server;
use crate::state::AppState;
use agent_console_core::backend::AssistantDetail;
use agent_console_core::forms::parse_pairs;
use leptos::prelude::*;

/// The assistant the next runs go to; the address bar names it.
pub fn choose(state: AppState, id: String) {
    state.wanted_assistant.set_value(Some(id.clone()));
    state.assistant_id.set(Some(id));
    state.update_url();
}

/// Agents whose name contains `name` and whose metadata holds every `key=value` of `metadata`;
/// `more`: the next page of the same search, appended. What went wrong lands in `error`.
pub fn search(
    state: AppState,
    name: String,
    metadata: String,
    more: bool,
    error: RwSignal<Option<String>>,
) {
    let Some(s) = server(state) else {
        return;
    };
    let metadata = match parse_pairs(&metadata) {
        Ok(m) => m,
        Err(e) => {
            error.set(Some(e));
            return;
        }
    };
    let offset = if more {
        state.assistants.with_untracked(Vec::len) as u64
    } else {
        0
    };
    // A search typed again replaces the one under way: an older answer arriving late never shows.
    state.spawn_latest("agent search", async move {
        match s
            .backend
            .search_assistants(&s.http, &name, metadata, offset)
            .await
        {
            Ok(list) if list.is_empty() && !more => {
                error.set(Some("No agent matches.".into()));
                state.assistants.set(list);
            }
            Ok(list) => {
                error.set(None);
                if more {
                    state.assistants.update(|a| a.extend(list));
                    return;
                }
                if let Some(first) = list.first() {
                    let chosen = state.assistant_id.get_untracked();
                    if !list.iter().any(|a| Some(&a.id) == chosen.as_ref()) {
                        state.assistant_id.set(Some(first.id.clone()));
                    }
                }
                state.assistants.set(list);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    });
}

/// The chosen assistant's details (schemas, graph, capabilities, model), as a view's resource.
pub async fn detail(
    state: AppState,
    id: Option<String>,
) -> Option<Result<AssistantDetail, String>> {
    let (s, id) = (state.server_now()?, id?);
    let http = s.http.aborted_on_cleanup();
    Some(
        s.backend
            .assistant_detail(&http, &id)
            .await
            .map_err(|e| e.to_string()),
    )
}
