//! Yandex JSON. int64 values arrive as strings; `null`, absent and empty are treated alike.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// An int64 sent as a JSON string (or, leniently, a number). Parsed exactly, also above 2^53.
pub fn int64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    })
}

/// A string field: `null`, absent and `""` are all "not set".
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) if !s.is_empty() => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// A DoubleValue: a number (or, leniently, a numeric string); `null` is unset.
pub fn double<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// `labels`: a string map; `null` is empty, non-string values are kept as their JSON text.
pub fn labels<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Object(m)) => m
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, v)
            })
            .collect(),
        _ => BTreeMap::new(),
    })
}

/// A list that may be `null`.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireStreamCursor {
    #[serde(alias = "currentEventIdx", deserialize_with = "int64")]
    pub current_event_idx: Option<u64>,
    #[serde(alias = "numUserEventsReceived", deserialize_with = "int64")]
    pub num_user_events_received: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireContentPart {
    pub text: Option<WireText>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireText {
    pub content: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireContent {
    #[serde(deserialize_with = "list")]
    pub content: Vec<WireContentPart>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireAuthor {
    #[serde(deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "text")]
    pub role: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireMessage {
    #[serde(deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(alias = "threadId", deserialize_with = "text")]
    pub thread_id: Option<String>,
    #[serde(alias = "createdBy", deserialize_with = "text")]
    pub created_by: Option<String>,
    #[serde(alias = "createdAt", deserialize_with = "text")]
    pub created_at: Option<String>,
    pub author: Option<WireAuthor>,
    #[serde(deserialize_with = "labels")]
    pub labels: BTreeMap<String, String>,
    pub content: Option<WireContent>,
    #[serde(deserialize_with = "text")]
    pub status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireError {
    pub code: Option<Value>,
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireFunctionCall {
    pub name: String,
    pub arguments: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireToolCall {
    #[serde(alias = "functionCall")]
    pub function_call: Option<WireFunctionCall>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireToolCallList {
    #[serde(alias = "toolCalls", deserialize_with = "list")]
    pub tool_calls: Vec<WireToolCall>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WirePartialMessage {
    #[serde(deserialize_with = "list")]
    pub content: Vec<WireContentPart>,
}

/// One `Run.Listen` StreamEvent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireStreamEvent {
    #[serde(alias = "eventType")]
    pub event_type: Option<String>,
    #[serde(alias = "streamCursor")]
    pub stream_cursor: Option<WireStreamCursor>,
    #[serde(alias = "partialMessage")]
    pub partial_message: Option<WirePartialMessage>,
    #[serde(flatten)]
    pub outcome: WireOutcome,
}

/// How a run ended, as both a RunState and a StreamEvent carry it (one of the three, per the proto).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireOutcome {
    pub error: Option<WireError>,
    #[serde(alias = "completedMessage")]
    pub completed_message: Option<WireMessage>,
    #[serde(alias = "toolCallList")]
    pub tool_call_list: Option<WireToolCallList>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireUsage {
    #[serde(alias = "promptTokens", deserialize_with = "int64")]
    pub prompt_tokens: Option<u64>,
    #[serde(alias = "completionTokens", deserialize_with = "int64")]
    pub completion_tokens: Option<u64>,
    #[serde(alias = "totalTokens", deserialize_with = "int64")]
    pub total_tokens: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireTruncationOptions {
    #[serde(alias = "maxPromptTokens", deserialize_with = "int64")]
    pub max_prompt_tokens: Option<u64>,
    #[serde(alias = "autoStrategy")]
    pub auto_strategy: Option<Value>,
    #[serde(alias = "lastMessagesStrategy")]
    pub last_messages_strategy: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireCompletionOptions {
    #[serde(alias = "maxTokens", deserialize_with = "int64")]
    pub max_tokens: Option<u64>,
    #[serde(deserialize_with = "double")]
    pub temperature: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireRunState {
    #[serde(deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(flatten)]
    pub outcome: WireOutcome,
}

/// A Run (`Run.Get`, `Run.Create`, an item of `Run.List`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireRun {
    #[serde(deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(alias = "assistantId", deserialize_with = "text")]
    pub assistant_id: Option<String>,
    #[serde(alias = "threadId", deserialize_with = "text")]
    pub thread_id: Option<String>,
    #[serde(alias = "createdBy", deserialize_with = "text")]
    pub created_by: Option<String>,
    #[serde(alias = "createdAt", deserialize_with = "text")]
    pub created_at: Option<String>,
    #[serde(deserialize_with = "labels")]
    pub labels: BTreeMap<String, String>,
    pub state: Option<WireRunState>,
    pub usage: Option<WireUsage>,
    #[serde(alias = "customPromptTruncationOptions")]
    pub custom_prompt_truncation_options: Option<WireTruncationOptions>,
    #[serde(alias = "customCompletionOptions")]
    pub custom_completion_options: Option<WireCompletionOptions>,
    #[serde(deserialize_with = "list")]
    pub tools: Vec<Value>,
}

/// What threads and assistants share: identity, name, who and when, labels.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireResource {
    #[serde(deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(alias = "folderId", deserialize_with = "text")]
    pub folder_id: Option<String>,
    #[serde(deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "text")]
    pub description: Option<String>,
    #[serde(alias = "createdBy", deserialize_with = "text")]
    pub created_by: Option<String>,
    #[serde(alias = "createdAt", deserialize_with = "text")]
    pub created_at: Option<String>,
    #[serde(alias = "updatedBy", deserialize_with = "text")]
    pub updated_by: Option<String>,
    #[serde(alias = "updatedAt", deserialize_with = "text")]
    pub updated_at: Option<String>,
    #[serde(alias = "expiresAt", deserialize_with = "text")]
    pub expires_at: Option<String>,
    #[serde(deserialize_with = "labels")]
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireThread {
    #[serde(flatten)]
    pub common: WireResource,
    #[serde(alias = "defaultMessageAuthorId", deserialize_with = "text")]
    pub default_message_author_id: Option<String>,
    #[serde(alias = "expirationConfig")]
    pub expiration_config: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireAssistant {
    #[serde(flatten)]
    pub common: WireResource,
    #[serde(alias = "modelUri", deserialize_with = "text")]
    pub model_uri: Option<String>,
    #[serde(deserialize_with = "text")]
    pub instruction: Option<String>,
    #[serde(alias = "promptTruncationOptions")]
    pub prompt_truncation_options: Option<WireTruncationOptions>,
    #[serde(alias = "completionOptions")]
    pub completion_options: Option<WireCompletionOptions>,
    #[serde(deserialize_with = "list")]
    pub tools: Vec<Value>,
}

/// A page of a list: `{runs | threads | assistants: [...], nextPageToken}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WirePage {
    #[serde(deserialize_with = "list")]
    pub runs: Vec<WireRun>,
    #[serde(deserialize_with = "list")]
    pub threads: Vec<WireThread>,
    #[serde(deserialize_with = "list")]
    pub assistants: Vec<WireAssistant>,
    #[serde(alias = "nextPageToken", deserialize_with = "text")]
    pub next_page_token: Option<String>,
}
