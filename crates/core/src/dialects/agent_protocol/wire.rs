//! Agent Protocol JSON as the spec (openapi.json 0.1.6) defines it.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireAgent {
    pub agent_id: String,
    pub name: String,
    pub description: Option<String>,
    pub metadata: Value,
    pub capabilities: Value,
}

/// `Run` = RunStream + `{run_id, created_at, updated_at, status, metadata}` (the required ones).
#[derive(Debug, Deserialize)]
pub struct WireRun {
    pub run_id: String,
    #[serde(default)]
    pub thread_id: Option<String>,
    #[serde(default)]
    pub agent_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub status: String,
    #[serde(default)]
    pub metadata: Value,
}

/// `Thread`: `messages` beside `values` (absent when the agent has no messages).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireThread {
    pub thread_id: String,
    pub values: Value,
    pub messages: Option<Value>,
    /// Not in the spec: a LangGraph server keeps pending interrupts here, by task id.
    pub interrupts: Value,
}

/// `ErrorResponse {code, message, metadata}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireErrorResponse {
    pub code: Option<String>,
    pub message: Option<String>,
    pub metadata: Value,
}
