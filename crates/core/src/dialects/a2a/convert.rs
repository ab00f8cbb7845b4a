//! A2A answers → domain types: a call's result or its error in the server's words, a task's
//! messages (its history, its artifacts, its status message), its question when it waits, the card
//! as the one agent, tasks grouped into conversations.

use super::wire::{self, opt, str_of, update_of, TaskState, Update};
use crate::domain::{Assistant, Block, Interrupt, Message, Role, Run, Thread, ThreadStatus};
use crate::http::{not_as_promised, parse_json, truncate, ApiError};
use serde_json::{json, Value};

/// A call's `result`, or its JSON-RPC error as an [`ApiError`] whose status says what kind of
/// failure it is (a missing task is a 404; a method the server lacks a 501).
pub fn result(body: &str, purpose: &'static str) -> Result<Value, ApiError> {
    let mut v: Value = parse_json(body, purpose)?;
    if let Some(e) = v.get("error") {
        return Err(rpc_error(e, purpose));
    }
    match v.get_mut("result") {
        Some(r) => Ok(r.take()),
        None => Err(not_as_promised(
            purpose,
            "a JSON-RPC answer holds a result or an error",
            body,
        )),
    }
}

/// The JSON-RPC error code of an answer (to tell a missing method from other failures).
pub fn error_code(e: &ApiError) -> Option<i64> {
    match e {
        ApiError::Status { message, .. } => message
            .strip_prefix("JSON-RPC error ")?
            .split(|c: char| c != '-' && !c.is_ascii_digit())
            .next()?
            .parse()
            .ok(),
        _ => None,
    }
}

/// A JSON-RPC error object in words: its code, the code's name, the server's message.
pub fn error_words(e: &Value) -> (Option<i64>, String) {
    let code = e.get("code").and_then(Value::as_i64);
    let message = truncate(str_of(e, "message"), 2_000);
    let words = match code {
        Some(c) => match wire::error_name(c) {
            Some(name) => format!("JSON-RPC error {c} ({name}): {message}"),
            None => format!("JSON-RPC error {c}: {message}"),
        },
        None => format!("JSON-RPC error: {message}"),
    };
    (code, words)
}

fn rpc_error(e: &Value, purpose: &'static str) -> ApiError {
    let (code, message) = error_words(e);
    let status = match code {
        Some(-32001) => 404,
        Some(-32601) | Some(-32004) | Some(-32003) => 501,
        Some(-32602) | Some(-32005) => 422,
        Some(-32002) => 409,
        Some(-32009) => 505,
        _ => 400,
    };
    ApiError::Status {
        status,
        message,
        purpose,
    }
}

/// The id a task's artifact is shown under (one message per artifact, its chunks appended).
pub fn artifact_message_id(task: &str, artifact: &str) -> String {
    format!("a2a-artifact:{task}:{artifact}")
}

/// A message as A2A sends it (its id kept, so the one sent and the one streamed back are one).
pub fn message(v: &Value) -> Message {
    Message {
        id: opt(v, "messageId").unwrap_or_else(|| {
            format!(
                "a2a-message-{:x}",
                crate::event::fingerprint("", &v.to_string())
            )
        }),
        role: wire::role_of(v),
        blocks: wire::blocks(v.get("parts")),
        name: None,
        usage: None,
    }
}

/// An artifact of task `task` as a message of the agent's, named by the artifact.
pub fn artifact_message(task: &str, a: &Value) -> Message {
    let id = str_of(a, "artifactId");
    Message {
        id: artifact_message_id(task, id),
        role: Role::Ai,
        blocks: wire::blocks(a.get("parts")),
        name: opt(a, "name"),
        usage: None,
    }
}

/// What a task holds as messages, in order: its history, its artifacts (not an interrupt's, not an
/// empty one), then — where the task waits or failed — its status message (unless the history has
/// it; a finished task's status message may be the server's own words for the state).
pub fn task_messages(t: &Value) -> Vec<Message> {
    let id = str_of(t, "id");
    let mut out: Vec<Message> = match t.get("history") {
        Some(Value::Array(h)) => h.iter().map(message).collect(),
        _ => Vec::new(),
    };
    if let Some(Value::Array(arts)) = t.get("artifacts") {
        out.extend(
            arts.iter()
                .filter(|a| str_of(a, "name") != "Interrupt")
                .map(|a| artifact_message(id, a))
                .filter(|m| {
                    !m.plain_text().is_empty()
                        || m.blocks.iter().any(|b| !matches!(b, Block::Text { .. }))
                }),
        );
    }
    let state = TaskState::of(t);
    let telling = state.waits() || matches!(state, TaskState::Failed | TaskState::Rejected);
    if let Some(m) = status_message(t).filter(|_| telling) {
        if !out.iter().any(|x| x.id == m.id) {
            out.push(m);
        }
    }
    out
}

/// The message a task's (or a status update's) status carries, if any.
pub fn status_message(v: &Value) -> Option<Message> {
    let m = v.get("status")?.get("message")?;
    m.is_object().then(|| message(m))
}

/// The question a waiting task asks: LangGraph's interrupt (`{id, value}`, sent as an "Interrupt"
/// artifact) gives its value — the question, its options, its `response_schema` — else the status
/// message's text is the question, answered in words.
pub fn question(task_id: &str, status: &Value, interrupt: Option<&Value>) -> Interrupt {
    let text = status
        .get("message")
        .map(|m| wire::text_of(m.get("parts")))
        .unwrap_or_default();
    let mut value = match interrupt {
        Some(d) if d.get("value").is_some_and(Value::is_object) => d["value"].clone(),
        Some(d) if d.is_object() => json!({ "data": d }),
        _ => json!({}),
    };
    if !text.is_empty() && value.get("question").is_none() {
        value["question"] = json!(text);
    }
    let schema = value
        .get("response_schema")
        .filter(|s| s.is_object())
        .cloned()
        .unwrap_or_else(|| {
            json!({
                "type": "object",
                "properties": {"text": {"type": "string", "title": "Your answer"}},
                "required": ["text"]
            })
        });
    Interrupt {
        id: Some(task_id.to_owned()),
        value,
        response_schema: Some(schema),
        namespace: Vec::new(),
    }
}

/// The data of a task's last interrupt artifact (LangGraph's), if it has one.
pub fn interrupt_data(artifacts: &[Value]) -> Option<Value> {
    artifacts
        .iter()
        .rev()
        .filter(|a| str_of(a, "name") == "Interrupt")
        .filter_map(|a| {
            wire::blocks(a.get("parts"))
                .into_iter()
                .find_map(|b| match b {
                    Block::Json { value } => Some(value),
                    _ => None,
                })
        })
        .next()
}

/// The task inside a result (`message/send` may answer a task or a message; 1.0 wraps it).
pub fn task_of(result: &Value) -> Option<&Value> {
    match update_of(result) {
        Update::Task(t) => Some(t),
        _ => None,
    }
}

/// The tasks of a `ListTasks` answer, and whether the server has more (a next page).
pub fn tasks(result: &Value) -> (Vec<Value>, bool) {
    let tasks = match result.get("tasks") {
        Some(Value::Array(t)) => t.clone(),
        _ => Vec::new(),
    };
    (tasks, !str_of(result, "nextPageToken").is_empty())
}

fn timestamp(t: &Value) -> Option<String> {
    t.get("status").and_then(|s| opt(s, "timestamp"))
}

/// Tasks oldest first (by their status time where they have one, else as listed — newest first).
pub fn oldest_first(mut tasks: Vec<Value>) -> Vec<Value> {
    tasks.reverse();
    if tasks.iter().all(|t| timestamp(t).is_some()) {
        tasks.sort_by_key(timestamp);
    }
    tasks
}

/// The conversations of a list of tasks, newest first, each named by its first message.
pub fn threads(tasks: &[Value]) -> Vec<Thread> {
    let mut out: Vec<Thread> = Vec::new();
    for t in tasks {
        let Some(ctx) = opt(t, "contextId") else {
            continue;
        };
        // The earliest of the user's messages the task's history holds (a server may keep only
        // its last few).
        let first = t
            .get("history")
            .and_then(Value::as_array)
            .and_then(|h| h.iter().find(|m| wire::role_of(m) == Role::Human))
            .map(|m| wire::text_of(m.get("parts")))
            .filter(|s| !s.trim().is_empty());
        match out.iter_mut().find(|x| x.id == ctx) {
            Some(thread) => {
                // Listed newest first: an older task names the conversation.
                if first.is_some() {
                    thread.title = first.map(|f| truncate(&f, 60));
                }
                if thread.created_at.is_none() || timestamp(t) < thread.created_at {
                    thread.created_at = timestamp(t).or(thread.created_at.take());
                }
            }
            None => out.push(Thread {
                id: ctx,
                title: first.map(|f| truncate(&f, 60)),
                status: ThreadStatus::Unknown(String::new()),
                created_at: timestamp(t),
                updated_at: timestamp(t),
                metadata: Value::Null,
                values: Value::Null,
            }),
        }
    }
    out
}

/// A task as a run of its conversation: its state, time, metadata; the rest of it (artifacts,
/// status message) as the run's fields.
pub fn run(t: &Value) -> Run {
    let mut rest = t.clone();
    if let Some(o) = rest.as_object_mut() {
        o.remove("history");
    }
    Run {
        id: str_of(t, "id").to_owned(),
        thread_id: opt(t, "contextId"),
        assistant_id: None,
        created_at: None,
        updated_at: timestamp(t),
        status: TaskState::of(t).run_status(),
        metadata: t.get("metadata").cloned().unwrap_or(Value::Null),
        kwargs: rest,
        multitask_strategy: None,
    }
}

/// A task's every field by name, for its detail.
pub fn fields(t: &Value) -> Vec<(&'static str, Option<String>)> {
    let json = |k: &str| t.get(k).filter(|v| !v.is_null()).map(Value::to_string);
    let status = t.get("status").cloned().unwrap_or(Value::Null);
    vec![
        ("id", opt(t, "id")),
        ("contextId", opt(t, "contextId")),
        ("state", Some(TaskState::of(t).name().to_owned())),
        ("timestamp", opt(&status, "timestamp")),
        (
            "status message",
            status
                .get("message")
                .map(|m| wire::text_of(m.get("parts")))
                .filter(|s| !s.is_empty()),
        ),
        ("artifacts", json("artifacts")),
        ("metadata", json("metadata")),
    ]
}

/// The agent's card as the one agent of the server: its name, description, version; the card
/// itself as what its details show (skills, capabilities, interfaces).
pub fn agent(card: &Value) -> Assistant {
    let name = opt(card, "name").unwrap_or_else(|| "A2A agent".into());
    Assistant {
        id: name.clone(),
        name,
        graph_or_model: opt(card, "version").map(|v| format!("version {v}")),
        description: opt(card, "description"),
        version: None,
        created_at: None,
        config: card.clone(),
        context: Value::Null,
        metadata: json!({
            "example_prompts": card.get("skills").and_then(Value::as_array).map(|s| s
                .iter()
                .flat_map(|k| k.get("examples").and_then(Value::as_array).cloned().unwrap_or_default())
                .take(6)
                .collect::<Vec<_>>())
        }),
    }
}

/// Whether a card is LangGraph's (it names LangGraph's own A2A extension).
pub fn langgraph_card(card: &Value) -> bool {
    card.get("capabilities")
        .and_then(|c| c.get("extensions"))
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter()
                .any(|e| str_of(e, "uri").starts_with("https://langchain.com/a2a/"))
        })
}

/// Which version a card's JSON-RPC interface speaks: 1.0 only where the card lists a 1.0 JSON-RPC
/// interface and no 0.3 one (a 0.3 card names its `url` at the top; LangGraph's card lists "1.0"
/// but answers 1.0 names in a shape of its own — its top-level `url` keeps it on 0.3).
pub fn version_of(card: &Value) -> wire::Version {
    let interfaces = card
        .get("supportedInterfaces")
        .or_else(|| card.get("additionalInterfaces"))
        .and_then(Value::as_array);
    let jsonrpc = |i: &&Value| {
        let b = str_of(i, "protocolBinding");
        let t = str_of(i, "transport");
        b.eq_ignore_ascii_case("jsonrpc") || t.eq_ignore_ascii_case("jsonrpc")
    };
    let versions: Vec<&str> = interfaces
        .map(|l| {
            l.iter()
                .filter(jsonrpc)
                .map(|i| str_of(i, "protocolVersion"))
                .collect()
        })
        .unwrap_or_default();
    let has_03 = versions.iter().any(|v| v.starts_with("0."))
        || str_of(card, "protocolVersion").starts_with("0.")
        || card.get("url").is_some();
    if !has_03 && versions.iter().any(|v| v.starts_with('1')) {
        wire::Version::V10
    } else {
        wire::Version::V03
    }
}
