//! Yandex JSON. int64 values arrive as strings; `null`, absent and empty are treated alike.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An int64 sent as a JSON string (or, leniently, a number). Parsed exactly, also above 2^53.
pub fn int64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    })
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
    pub content: Vec<WireContentPart>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireAuthor {
    pub id: Option<String>,
    pub role: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WireMessage {
    pub id: Option<String>,
    #[serde(alias = "threadId")]
    pub thread_id: Option<String>,
    #[serde(alias = "createdAt")]
    pub created_at: Option<String>,
    pub author: Option<WireAuthor>,
    pub content: Option<WireContent>,
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
    #[serde(alias = "toolCalls")]
    pub tool_calls: Vec<WireToolCall>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WirePartialMessage {
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
    pub error: Option<WireError>,
    #[serde(alias = "partialMessage")]
    pub partial_message: Option<WirePartialMessage>,
    #[serde(alias = "completedMessage")]
    pub completed_message: Option<WireMessage>,
    #[serde(alias = "toolCallList")]
    pub tool_call_list: Option<WireToolCallList>,
}
