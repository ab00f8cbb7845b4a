//! A2A requests: JSON-RPC 2.0 calls POSTed to the agent's URL (the connected base URL itself), and
//! its card. Every call names what it accepts (a server may refuse one without `Accept`).

use super::wire::{Call, Version};
use crate::attachments::Attachment;
use crate::http::{HttpRequest, Method};
use serde_json::{json, Map, Value};

/// Where a server serves its card, below the agent's URL: the current name, then the name before 0.3.
pub const CARD_PATHS: [&str; 2] = ["/.well-known/agent-card.json", "/.well-known/agent.json"];

pub fn card(path: &'static str) -> HttpRequest {
    HttpRequest::new(Method::Get, path, "reading the agent's card")
}

/// One call; `streaming`: its answer is an event stream.
pub fn call(v: Version, c: Call, params: Value, purpose: &'static str) -> HttpRequest {
    let streaming = matches!(c, Call::Stream | Call::Subscribe);
    let body =
        json!({"jsonrpc": "2.0", "id": c.method(v), "method": c.method(v), "params": params});
    let mut r = HttpRequest::new(Method::Post, "", purpose)
        .json(body)
        .header(
            "Accept",
            if streaming {
                "text/event-stream, application/json"
            } else {
                "application/json"
            },
        );
    // `ListTasks` is a 1.0 method whichever version the rest speaks.
    if v == Version::V10 || c == Call::ListTasks {
        r = r.header("A2A-Version", "1.0");
    }
    if streaming {
        r = r.streaming();
    }
    if matches!(c, Call::GetTask | Call::ListTasks) {
        r = r.reading();
    }
    r
}

/// What a message carries besides its parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Envelope<'a> {
    pub message_id: &'a str,
    /// The conversation; `None`: the server starts one.
    pub context: Option<&'a str>,
    /// The task it answers (an `input-required` one).
    pub task: Option<&'a str>,
}

/// The user's message: its parts (text, then files as bytes) in the version's spelling.
pub fn message(v: Version, parts: Vec<Value>, env: &Envelope<'_>) -> Value {
    let mut m = Map::new();
    if v == Version::V03 {
        m.insert("kind".into(), json!("message"));
    }
    m.insert("messageId".into(), json!(env.message_id));
    m.insert(
        "role".into(),
        json!(if v == Version::V03 {
            "user"
        } else {
            "ROLE_USER"
        }),
    );
    m.insert("parts".into(), Value::Array(parts));
    if let Some(c) = env.context {
        m.insert("contextId".into(), json!(c));
    }
    if let Some(t) = env.task {
        m.insert("taskId".into(), json!(t));
    }
    Value::Object(m)
}

pub fn text_part(v: Version, text: &str) -> Value {
    match v {
        Version::V03 => json!({"kind": "text", "text": text}),
        Version::V10 => json!({"text": text}),
    }
}

pub fn data_part(v: Version, data: Value) -> Value {
    match v {
        Version::V03 => json!({"kind": "data", "data": data}),
        Version::V10 => json!({"data": data}),
    }
}

pub fn file_part(v: Version, f: &Attachment) -> Value {
    match v {
        Version::V03 => {
            json!({"kind": "file", "file": {"bytes": f.base64, "mimeType": f.mime, "name": f.name}})
        }
        Version::V10 => json!({"raw": f.base64, "mediaType": f.mime, "filename": f.name}),
    }
}

/// The parts of a typed message and its files.
pub fn user_parts(v: Version, text: &str, files: &[Attachment]) -> Vec<Value> {
    let mut parts = Vec::new();
    if !text.is_empty() || files.is_empty() {
        parts.push(text_part(v, text));
    }
    parts.extend(files.iter().map(|f| file_part(v, f)));
    parts
}

/// What a send asks besides the message, from the run options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunOptions {
    /// `acceptedOutputModes` (media types); empty: not sent.
    pub accepted_output_modes: Vec<String>,
    /// `metadata` of the request, a JSON object.
    pub metadata: Option<Value>,
}

/// `message/send` or `message/stream` params.
pub fn send_params(message: Value, options: &RunOptions) -> Value {
    let mut p = Map::new();
    p.insert("message".into(), message);
    if !options.accepted_output_modes.is_empty() {
        p.insert(
            "configuration".into(),
            json!({"acceptedOutputModes": options.accepted_output_modes}),
        );
    }
    if let Some(m) = &options.metadata {
        p.insert("metadata".into(), m.clone());
    }
    Value::Object(p)
}

/// Tasks of one conversation (or of all: `None`), newest first as servers list them.
pub fn list_tasks(context: Option<&str>, page_size: u32, history: u32) -> HttpRequest {
    let mut p = json!({"pageSize": page_size, "historyLength": history, "includeArtifacts": true});
    if let Some(c) = context {
        p["contextId"] = json!(c);
    }
    call(
        Version::V10,
        Call::ListTasks,
        p,
        "listing the conversation's tasks",
    )
}

pub fn get_task(v: Version, id: &str, history: Option<u32>, purpose: &'static str) -> HttpRequest {
    let mut p = json!({"id": id});
    if let Some(h) = history {
        p["historyLength"] = json!(h);
    }
    call(v, Call::GetTask, p, purpose)
}

pub fn cancel_task(v: Version, id: &str) -> HttpRequest {
    call(
        v,
        Call::CancelTask,
        json!({"id": id}),
        "cancelling the task",
    )
}

pub fn subscribe(v: Version, id: &str) -> HttpRequest {
    call(v, Call::Subscribe, json!({"id": id}), "rejoining the task")
}
