//! Responses API objects as sent: every field optional (servers differ in what they fill: OpenAI
//! sends integers for `created_at`, some servers floats), unknown fields ignored, items kept as JSON
//! and read by [`super::convert`].

use serde::Deserialize;
use serde_json::{Map, Value};

/// A response (`object: "response"`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct WireResponse {
    pub id: String,
    pub status: Option<String>,
    pub model: Option<String>,
    pub created_at: Option<f64>,
    pub completed_at: Option<f64>,
    /// Output items: `message`, `function_call`, `reasoning`, and kinds this client does not know.
    pub output: Vec<Value>,
    pub usage: Option<WireUsage>,
    pub error: Option<WireError>,
    pub incomplete_details: Option<Value>,
    /// `{"id": "conv_…"}` or the id alone.
    pub conversation: Option<Value>,
    pub previous_response_id: Option<String>,
    pub background: Option<bool>,
    pub instructions: Option<Value>,
    pub metadata: Option<Value>,
}

impl WireResponse {
    pub fn conversation_id(&self) -> Option<String> {
        match self.conversation.as_ref()? {
            Value::String(s) => Some(s.clone()),
            v => v.get("id").and_then(Value::as_str).map(str::to_owned),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct WireUsage {
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub total_tokens: Option<u64>,
    pub output_tokens_details: Option<WireOutputDetails>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct WireOutputDetails {
    pub reasoning_tokens: Option<u64>,
}

/// `{"code", "message", "type", "param"}` in a response, an `error` event or an error answer.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct WireError {
    pub code: Option<Value>,
    pub message: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// A conversation (`object: "conversation"`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct WireConversation {
    pub id: String,
    pub created_at: Option<f64>,
    pub metadata: Option<Map<String, Value>>,
}

/// A list answer (`object: "list"`): conversation items, input items, models, conversations.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default)]
pub struct WireList<T> {
    pub data: Vec<T>,
    pub first_id: Option<String>,
    pub last_id: Option<String>,
    pub has_more: bool,
}

impl<T> Default for WireList<T> {
    fn default() -> Self {
        Self {
            data: Vec::new(),
            first_id: None,
            last_id: None,
            has_more: false,
        }
    }
}

/// A model of `GET /models`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct WireModel {
    pub id: String,
    pub created: Option<i64>,
    pub owned_by: Option<String>,
}
