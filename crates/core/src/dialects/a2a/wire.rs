//! What A2A sends, read from JSON as either protocol version spells it: task states, roles, the four
//! kinds of update, parts. Nothing here trusts a field to be there: what is missing reads as absent.

use crate::domain::{Block, Role, RunStatus};
use serde_json::Value;

/// The protocol version a server speaks (its card's JSON-RPC interface).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Slash method names (`message/stream`), `kind` tags, lower-case states.
    V03,
    /// PascalCase method names (`SendStreamingMessage`) with the `A2A-Version: 1.0` header, results
    /// wrapped by kind, `TASK_STATE_*` and `ROLE_*`.
    V10,
}

impl Version {
    pub fn label(self) -> &'static str {
        match self {
            Self::V03 => "0.3",
            Self::V10 => "1.0",
        }
    }
}

/// The methods this client calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Send,
    Stream,
    GetTask,
    CancelTask,
    Subscribe,
    /// `ListTasks`: 1.0 only (0.3 has no JSON-RPC method for it); asked with the 1.0 header.
    ListTasks,
}

impl Call {
    pub fn method(self, v: Version) -> &'static str {
        match (v, self) {
            (Version::V03, Self::Send) => "message/send",
            (Version::V03, Self::Stream) => "message/stream",
            (Version::V03, Self::GetTask) => "tasks/get",
            (Version::V03, Self::CancelTask) => "tasks/cancel",
            (Version::V03, Self::Subscribe) => "tasks/resubscribe",
            (Version::V10, Self::Send) => "SendMessage",
            (Version::V10, Self::Stream) => "SendStreamingMessage",
            (Version::V10, Self::GetTask) => "GetTask",
            (Version::V10, Self::CancelTask) => "CancelTask",
            (Version::V10, Self::Subscribe) => "SubscribeToTask",
            (_, Self::ListTasks) => "ListTasks",
        }
    }
}

/// A task's state, either spelling (`input-required`, `TASK_STATE_INPUT_REQUIRED`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskState {
    Submitted,
    Working,
    InputRequired,
    AuthRequired,
    Completed,
    Canceled,
    Failed,
    Rejected,
    Unknown(String),
}

impl TaskState {
    pub fn parse(s: &str) -> Self {
        let lower = s.trim().to_ascii_lowercase();
        let bare = lower.strip_prefix("task_state_").unwrap_or(&lower);
        match bare.replace('_', "-").as_str() {
            "submitted" => Self::Submitted,
            "working" => Self::Working,
            "input-required" => Self::InputRequired,
            "auth-required" => Self::AuthRequired,
            "completed" => Self::Completed,
            "canceled" | "cancelled" => Self::Canceled,
            "failed" => Self::Failed,
            "rejected" => Self::Rejected,
            _ => Self::Unknown(s.to_owned()),
        }
    }

    /// The state of a task or status object (`status.state`, or `state` itself).
    pub fn of(v: &Value) -> Self {
        let status = v.get("status").unwrap_or(v);
        Self::parse(str_of(status, "state"))
    }

    /// The words the Runs tab and a run's detail show (0.3's spelling).
    pub fn name(&self) -> &str {
        match self {
            Self::Submitted => "submitted",
            Self::Working => "working",
            Self::InputRequired => "input-required",
            Self::AuthRequired => "auth-required",
            Self::Completed => "completed",
            Self::Canceled => "canceled",
            Self::Failed => "failed",
            Self::Rejected => "rejected",
            Self::Unknown(s) => s,
        }
    }

    pub fn run_status(&self) -> RunStatus {
        match self {
            Self::Submitted => RunStatus::Pending,
            Self::Working => RunStatus::Running,
            Self::InputRequired => RunStatus::Interrupted,
            Self::AuthRequired => RunStatus::ActionRequired,
            Self::Completed => RunStatus::Success,
            Self::Canceled => RunStatus::Cancelled,
            Self::Failed | Self::Rejected => RunStatus::Error,
            Self::Unknown(s) => RunStatus::Unknown(s.clone()),
        }
    }

    /// A task in this state takes no more messages (a new one starts a new task).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Canceled | Self::Failed | Self::Rejected
        )
    }

    /// The task waits for the user (answered by a message in the same task).
    pub fn waits(&self) -> bool {
        matches!(self, Self::InputRequired | Self::AuthRequired)
    }
}

/// One result of a call or one event of a stream, by what it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Update<'a> {
    Task(&'a Value),
    Message(&'a Value),
    Status(&'a Value),
    Artifact(&'a Value),
    Other,
}

/// What a result is: 0.3 by its `kind`, 1.0 by the key it is wrapped in; else by its shape.
pub fn update_of(result: &Value) -> Update<'_> {
    match str_of(result, "kind") {
        "task" => return Update::Task(result),
        "message" => return Update::Message(result),
        "status-update" => return Update::Status(result),
        "artifact-update" => return Update::Artifact(result),
        _ => {}
    }
    let wrapped = |key: &str| result.get(key).filter(|v| v.is_object());
    if let Some(t) = wrapped("task") {
        return Update::Task(t);
    }
    if let Some(m) = wrapped("message") {
        return Update::Message(m);
    }
    if let Some(s) = wrapped("statusUpdate").or_else(|| wrapped("status_update")) {
        return Update::Status(s);
    }
    if let Some(a) = wrapped("artifactUpdate").or_else(|| wrapped("artifact_update")) {
        return Update::Artifact(a);
    }
    if result.get("artifact").is_some() {
        Update::Artifact(result)
    } else if result.get("taskId").is_some() && result.get("status").is_some() {
        Update::Status(result)
    } else if result.get("status").is_some() && result.get("id").is_some() {
        Update::Task(result)
    } else if result.get("parts").is_some() {
        Update::Message(result)
    } else {
        Update::Other
    }
}

pub fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_default()
}

/// An optional string field, empty read as absent.
pub fn opt(v: &Value, k: &str) -> Option<String> {
    Some(str_of(v, k))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

pub fn role_of(v: &Value) -> Role {
    match str_of(v, "role").to_ascii_lowercase().as_str() {
        "user" | "role_user" => Role::Human,
        _ => Role::Ai,
    }
}

/// The blocks of a list of parts: text, data (a JSON tree), files (what they are: never their
/// bytes); a part of a kind this client does not know is shown as its JSON.
pub fn blocks(parts: Option<&Value>) -> Vec<Block> {
    let Some(Value::Array(parts)) = parts else {
        return Vec::new();
    };
    parts.iter().map(block).collect()
}

fn block(p: &Value) -> Block {
    let kind = str_of(p, "kind");
    if let Some(t) = p.get("text").and_then(Value::as_str) {
        if kind.is_empty() || kind == "text" {
            return Block::Text { text: t.to_owned() };
        }
    }
    if kind == "data" || (kind.is_empty() && p.get("data").is_some()) {
        return Block::Json {
            value: p.get("data").cloned().unwrap_or(Value::Null),
        };
    }
    // 0.3: `file: {bytes | uri, mimeType, name}`; 1.0: `raw | url` with `mediaType`, `filename`.
    let file = p.get("file").unwrap_or(p);
    let bytes = file
        .get("bytes")
        .or_else(|| p.get("raw"))
        .and_then(Value::as_str);
    let uri = file
        .get("uri")
        .or_else(|| p.get("url"))
        .and_then(Value::as_str);
    if kind == "file" || bytes.is_some() || uri.is_some() {
        let name = opt(file, "name")
            .or_else(|| opt(p, "filename"))
            .or_else(|| uri.map(str::to_owned));
        return Block::File {
            name,
            mime: opt(file, "mimeType").or_else(|| opt(p, "mediaType")),
            size: bytes.map(|b| (b.trim_end_matches('=').len() as u64 * 3) / 4),
        };
    }
    Block::Json { value: p.clone() }
}

/// The text of a list of parts (its text parts joined), for a title or an interrupt's question.
pub fn text_of(parts: Option<&Value>) -> String {
    blocks_text(&blocks(parts))
}

/// The text blocks of `blocks`, joined.
pub fn blocks_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// JSON-RPC error codes A2A and JSON-RPC name, in the specification's words.
pub fn error_name(code: i64) -> Option<&'static str> {
    Some(match code {
        -32700 => "parse error",
        -32600 => "invalid request",
        -32601 => "method not found",
        -32602 => "invalid params",
        -32603 => "internal error",
        -32001 => "task not found",
        -32002 => "task not cancelable",
        -32003 => "push notifications not supported",
        -32004 => "unsupported operation",
        -32005 => "content type not supported",
        -32006 => "invalid agent response",
        -32007 => "extended agent card not configured",
        -32008 => "extension support required",
        -32009 => "version not supported",
        _ => return None,
    })
}
