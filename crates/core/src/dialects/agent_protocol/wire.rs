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

/// `ErrorResponse {code, message, metadata}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireErrorResponse {
    pub code: Option<String>,
    pub message: Option<String>,
    pub metadata: Value,
}
