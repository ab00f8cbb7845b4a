//! The server's assistants managed ([`Capabilities::assistant_admin`]): the Assistants page opened and
//! left, an assistant created from a graph, edited (each save a new version), its versions listed and
//! one made the latest, deleted. Each write answers what it did, in words, or the server's refusal
//! in its own; the rail's picker follows.
//!
//! [`Capabilities::assistant_admin`]: agent_console_core::backend::Capabilities::assistant_admin

use super::{assistants::choose, server};
use crate::state::{AppState, Screen};
use agent_console_core::backend::{AssistantDraft, AssistantSchemas};
use agent_console_core::domain::Assistant;
use agent_console_core::objects;
use leptos::prelude::*;
use serde_json::Value;

/// Shows the Assistants page.
pub fn open_page(state: AppState) {
    state.screen.set(Screen::Assistants);
    state.drawer_open.set(false);
    state.update_url();
}

/// A JSON object typed in a form (blank: none), or what is wrong with it in the user's words.
pub fn json_object(label: &str, text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(format!("{label}: a JSON object is needed ({{…}}).")),
        Err(e) => Err(format!("{label} is not valid JSON: {e}")),
    }
}

/// The schemas of the graph `graph` (read from its assistant `id`, else from one of the server's of
/// that graph), for the settings' forms; `None` when none can be read (the forms are then JSON).
pub async fn schemas_of(
    state: AppState,
    id: Option<String>,
    graph: String,
) -> Option<AssistantSchemas> {
    let id = id.or_else(|| {
        state.assistants.with_untracked(|l| {
            l.iter()
                .find(|a| a.graph_or_model.as_deref() == Some(graph.as_str()))
                .map(|a| a.id.clone())
        })
    })?;
    let s = server(state)?;
    let http = s.http.aborted_on_cleanup();
    objects::assistants::schemas(&http, &id).await.ok()
}

/// Creates an assistant; the picker lists it. Answers what was done.
pub async fn create(state: AppState, draft: AssistantDraft) -> Result<(Assistant, String), String> {
    let s = server(state).ok_or("Not connected.")?;
    let a = objects::assistants::create(&s.http, &draft)
        .await
        .map_err(|e| e.to_string())?;
    let _ = state.assistants.try_update(|l| l.push(a.clone()));
    let said = format!(
        "Created {} from the graph {} (version {}).",
        a.name,
        draft.graph_id,
        a.version.unwrap_or(1)
    );
    Ok((a, said))
}

/// Saves an edit as a new version (the latest); the picker shows it.
pub async fn update(
    state: AppState,
    id: String,
    draft: AssistantDraft,
) -> Result<(Assistant, String), String> {
    let s = server(state).ok_or("Not connected.")?;
    let a = objects::assistants::update(&s.http, &id, &draft)
        .await
        .map_err(|e| e.to_string())?;
    replace(state, &a);
    let said = format!("Saved {} as version {}.", a.name, version(&a));
    Ok((a, said))
}

/// The versions of assistant `id`, newest first (`None`: not connected).
pub async fn versions(state: AppState, id: String) -> Option<Result<Vec<Assistant>, String>> {
    let s = server(state)?;
    let http = s.http.aborted_on_cleanup();
    Some(
        objects::assistants::versions(&http, &id)
            .await
            .map_err(|e| e.to_string()),
    )
}

/// Makes `version` the one runs of assistant `id` use.
///
/// The server's answer is checked against the version's `context`: langgraph-api 0.16.7 restores a
/// version's config but keeps the context of the latest save, so runs would not get the version's
/// context — said as a refusal, with what runs get instead.
pub async fn make_latest(
    state: AppState,
    id: String,
    v: i64,
    context: Value,
) -> Result<String, String> {
    let s = server(state).ok_or("Not connected.")?;
    let a = objects::assistants::set_latest(&s.http, &id, v)
        .await
        .map_err(|e| e.to_string())?;
    replace(state, &a);
    let empty = |c: &Value| c.is_null() || c.as_object().is_some_and(|o| o.is_empty());
    if a.context != context && !(empty(&a.context) && empty(&context)) {
        return Err(format!(
            "Version {v} of {} is now the latest, but the server kept another context: runs get {} \
             instead of version {v}'s {}. Save that context again to use it.",
            a.name, a.context, context
        ));
    }
    Ok(format!(
        "Version {v} of {} is now the one runs use.",
        a.name
    ))
}

/// Deletes assistant `id`; if it was the one runs go to, the first left is chosen.
pub async fn delete(state: AppState, id: String, name: String) -> Result<String, String> {
    let s = server(state).ok_or("Not connected.")?;
    objects::assistants::delete(&s.http, &id)
        .await
        .map_err(|e| e.to_string())?;
    let _ = state.assistants.try_update(|l| l.retain(|a| a.id != id));
    if state.assistant_id.get_untracked().as_deref() == Some(id.as_str()) {
        match state
            .assistants
            .with_untracked(|l| l.first().map(|a| a.id.clone()))
        {
            Some(first) => choose(state, first),
            None => state.assistant_id.set(None),
        }
    }
    Ok(format!("Deleted {name}."))
}

/// The picker's entry for `a`, brought up to date (its name, version and config).
fn replace(state: AppState, a: &Assistant) {
    let _ = state.assistants.try_update(|l| {
        if let Some(x) = l.iter_mut().find(|x| x.id == a.id) {
            *x = a.clone();
        }
    });
}

fn version(a: &Assistant) -> String {
    a.version
        .map(|v| v.to_string())
        .unwrap_or_else(|| "?".into())
}
