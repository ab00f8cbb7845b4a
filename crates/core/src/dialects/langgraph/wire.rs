//! LangGraph's JSON exactly as sent (snake_case). Unknown fields are ignored; every field has a default
//! so a missing one never fails a whole list.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireThread {
    pub thread_id: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub metadata: Value,
    pub status: Option<String>,
    pub values: Value,
    pub interrupts: Value,
    /// Not LangGraph's: an Agent Protocol thread (same routes, read by the same code) keeps its
    /// messages beside `values`.
    pub messages: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireAssistant {
    pub assistant_id: String,
    pub graph_id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub version: Option<i64>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub config: Value,
    pub metadata: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireInfo {
    pub version: Option<String>,
    pub langgraph_py_version: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireThreadState {
    pub values: Value,
    pub next: Vec<String>,
    pub tasks: Vec<Value>,
    pub interrupts: Vec<WireInterrupt>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireInterrupt {
    pub id: Option<String>,
    pub value: Value,
    pub response_schema: Option<Value>,
}

/// `metadata` stream event.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireRunMetadata {
    pub run_id: Option<String>,
    pub thread_id: Option<String>,
}

/// `error` stream event.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireStreamError {
    pub error: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireRun {
    pub run_id: String,
    pub thread_id: Option<String>,
    pub assistant_id: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub status: Option<String>,
    pub metadata: Value,
    pub kwargs: Value,
    pub multitask_strategy: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireCheckpointRef {
    pub checkpoint_id: Option<String>,
}

/// One entry of `POST /threads/{id}/history`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireHistoryEntry {
    pub values: Value,
    pub next: Vec<String>,
    pub metadata: Value,
    pub created_at: Option<String>,
    pub checkpoint: Option<WireCheckpointRef>,
    pub parent_checkpoint: Option<WireCheckpointRef>,
}
