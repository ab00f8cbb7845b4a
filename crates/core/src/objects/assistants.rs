//! Assistants managed ([`Capabilities::assistant_admin`]: LangGraph's `/assistants` routes):
//! created from a graph, edited (each save a new version, the latest), their versions listed, one
//! made the latest, deleted.
//!
//! [`Capabilities::assistant_admin`]: crate::backend::Capabilities::assistant_admin

use crate::backend::{AssistantDraft, AssistantSchemas, Http};
use crate::dialects::langgraph::{convert, requests};
use crate::domain::Assistant;
use crate::http::ApiError;

/// Versions listed at most.
pub const VERSIONS: u32 = 100;

/// Its graph's schemas (input, output, state, config, context): what the settings' forms are made
/// of — without the graph's drawing, which the assistant's details fetch too.
pub async fn schemas(h: &impl Http, id: &str) -> Result<AssistantSchemas, ApiError> {
    convert::assistant_schemas(&h.send(&requests::assistant_schemas(id)).await?.body)
}

/// A new assistant of a graph.
pub async fn create(h: &impl Http, d: &AssistantDraft) -> Result<Assistant, ApiError> {
    convert::assistant(&h.send(&requests::create_assistant(d)).await?.body)
}

/// An edit: a new version, the latest.
pub async fn update(h: &impl Http, id: &str, d: &AssistantDraft) -> Result<Assistant, ApiError> {
    convert::assistant(&h.send(&requests::update_assistant(id, d)).await?.body)
}

/// Its versions, newest first.
pub async fn versions(h: &impl Http, id: &str) -> Result<Vec<Assistant>, ApiError> {
    let r = h.send(&requests::assistant_versions(id, VERSIONS)).await?;
    convert::assistants(&r.body)
}

/// Makes `version` the one runs use.
pub async fn set_latest(h: &impl Http, id: &str, version: i64) -> Result<Assistant, ApiError> {
    let r = h.send(&requests::set_latest_version(id, version)).await?;
    convert::assistant(&r.body)
}

pub async fn delete(h: &impl Http, id: &str) -> Result<(), ApiError> {
    h.send(&requests::delete_assistant(id)).await.map(|_| ())
}
