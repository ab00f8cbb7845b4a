//! The objects as the real REST API writes them (../shared/contracts/yandex.md): snake_case keys, empty
//! defaults written out (`"name": ""`, `"labels": {}`, `"tools": []`), `null` for unset objects, unset
//! oneof members omitted, int64 as strings, enums as names, RFC 3339 timestamps.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

#[derive(Debug, Clone, Serialize)]
pub struct Assistant {
    pub id: String,
    pub folder_id: String,
    pub name: String,
    pub description: String,
    pub created_by: String,
    pub created_at: String,
    pub updated_by: String,
    pub updated_at: String,
    pub expiration_config: ExpirationConfig,
    pub expires_at: String,
    pub labels: Labels,
    pub model_uri: String,
    pub instruction: String,
    pub prompt_truncation_options: Option<TruncationOptions>,
    pub completion_options: Option<CompletionOptions>,
    pub tools: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExpirationConfig {
    pub expiration_policy: String,
    /// int64
    pub ttl_days: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TruncationOptions {
    /// Int64Value: a string, or null when unset.
    pub max_prompt_tokens: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_strategy: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_messages_strategy: Option<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CompletionOptions {
    /// Int64Value: a string, or null when unset.
    pub max_tokens: Option<String>,
    /// DoubleValue: a number, or null when unset.
    pub temperature: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Thread {
    pub id: String,
    pub folder_id: String,
    pub name: String,
    pub description: String,
    pub default_message_author_id: String,
    pub created_by: String,
    pub created_at: String,
    pub updated_by: String,
    pub updated_at: String,
    pub expiration_config: ExpirationConfig,
    pub expires_at: String,
    pub labels: Labels,
}

#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub id: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TextPart {
    pub content: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContentPart {
    pub text: TextPart,
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageContent {
    pub content: Vec<ContentPart>,
}

impl MessageContent {
    pub fn text(t: &str) -> Self {
        Self {
            content: vec![ContentPart {
                text: TextPart {
                    content: t.to_owned(),
                },
            }],
        }
    }

    /// The text of all parts, one per line.
    pub fn plain_text(&self) -> String {
        self.content
            .iter()
            .map(|p| p.text.content.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub id: String,
    pub thread_id: String,
    pub created_by: String,
    pub created_at: String,
    pub author: Author,
    pub labels: Labels,
    pub content: MessageContent,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RpcError {
    /// Omitted when 0, as proto3 JSON does.
    #[serde(skip_serializing_if = "is_zero")]
    pub code: i64,
    pub message: String,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Serialize)]
pub struct FunctionCall {
    pub name: String,
    pub arguments: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolCall {
    pub function_call: FunctionCall,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolCallList {
    pub tool_calls: Vec<ToolCall>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunState {
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<RpcError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_message: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_call_list: Option<ToolCallList>,
}

impl RunState {
    pub fn status(s: &str) -> Self {
        Self {
            status: s.to_owned(),
            error: None,
            completed_message: None,
            tool_call_list: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Usage {
    /// int64 values, as strings.
    pub prompt_tokens: String,
    pub completion_tokens: String,
    pub total_tokens: String,
}

impl Usage {
    pub fn new(prompt: u64, completion: u64) -> Self {
        Self {
            prompt_tokens: prompt.to_string(),
            completion_tokens: completion.to_string(),
            total_tokens: (prompt + completion).to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub id: String,
    pub assistant_id: String,
    pub thread_id: String,
    pub created_by: String,
    pub created_at: String,
    pub labels: Labels,
    pub state: RunState,
    pub usage: Option<Usage>,
    pub custom_prompt_truncation_options: Option<TruncationOptions>,
    pub custom_completion_options: Option<CompletionOptions>,
    pub tools: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamCursor {
    /// int64 values, as strings.
    pub current_event_idx: String,
    pub num_user_events_received: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartialMessage {
    pub content: Vec<ContentPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamEvent {
    pub event_type: String,
    pub stream_cursor: StreamCursor,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<RpcError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partial_message: Option<PartialMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_message: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_call_list: Option<ToolCallList>,
}

/// `google.rpc.Status`, the body of every error answer.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub code: i32,
    pub message: String,
    pub details: Vec<Value>,
}

// Requests: camelCase, as in every documented example; unknown fields are ignored.

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct MessageData {
    pub author: Option<AuthorIn>,
    pub labels: Labels,
    pub content: Option<ContentIn>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct AuthorIn {
    pub id: String,
    pub role: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ContentIn {
    pub content: Vec<ContentPartIn>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ContentPartIn {
    pub text: Option<TextIn>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct TextIn {
    pub content: String,
}

impl ContentIn {
    pub fn text(&self) -> String {
        self.content
            .iter()
            .filter_map(|p| p.text.as_ref().map(|t| t.content.as_str()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateRun {
    pub assistant_id: String,
    pub thread_id: String,
    pub labels: Labels,
    pub additional_messages: Vec<MessageData>,
    pub custom_prompt_truncation_options: Option<TruncationOptionsIn>,
    pub custom_completion_options: Option<CompletionOptionsIn>,
    pub stream: bool,
}

/// Int64Value may come as a string or a number; DoubleValue as a number.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct TruncationOptionsIn {
    pub max_prompt_tokens: Option<Value>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct CompletionOptionsIn {
    pub max_tokens: Option<Value>,
    pub temperature: Option<f64>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateThread {
    pub folder_id: String,
    pub messages: Vec<MessageData>,
    pub name: String,
    pub description: String,
    pub default_message_author_id: String,
    pub labels: Labels,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateThread {
    /// Comma-separated field paths, as the REST gateway takes a FieldMask.
    pub update_mask: String,
    pub name: String,
    pub description: String,
    pub labels: Labels,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateMessage {
    pub thread_id: String,
    pub author: Option<AuthorIn>,
    pub labels: Labels,
    pub content: Option<ContentIn>,
}
