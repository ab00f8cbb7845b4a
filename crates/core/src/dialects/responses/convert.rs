//! Responses API objects → domain types: conversation items and output items → messages,
//! conversations → threads, models → the agent picker, a response → its record; function calls
//! nobody answered yet → interrupts (the Responses counterpart: the caller supplies the output).

use super::wire::{WireConversation, WireError, WireList, WireModel, WireResponse, WireUsage};
use crate::domain::{
    Assistant, Block, Interrupt, Message, Page, PageCursor, Role, Thread, ThreadStatus,
};
use crate::http::{not_as_promised, parse_json, ApiError};
use serde_json::{json, Value};
use std::collections::HashSet;

/// One item (a conversation item, an output item, an input item) as a message; `None` for an item
/// without an id. Kinds this client does not know are kept whole as a JSON block.
pub fn item(v: &Value) -> Option<Message> {
    let id = v.get("id").and_then(Value::as_str)?.to_owned();
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let kind = s("type").unwrap_or_else(|| "message".into());
    let (role, blocks, name) = match kind.as_str() {
        "message" => (
            Role::parse(&s("role").unwrap_or_default()),
            content_blocks(v.get("content")),
            None,
        ),
        "function_call" => {
            let args_text = s("arguments").unwrap_or_default();
            let args = serde_json::from_str(&args_text).unwrap_or(Value::Null);
            let name = s("name").unwrap_or_default();
            (
                Role::Ai,
                vec![Block::ToolCall {
                    id: s("call_id"),
                    name,
                    args,
                    args_text,
                }],
                None,
            )
        }
        "function_call_output" => (
            Role::Tool,
            vec![Block::ToolResult {
                call_id: s("call_id"),
                text: match v.get("output") {
                    Some(Value::String(t)) => t.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                },
            }],
            None,
        ),
        "reasoning" => (
            Role::Ai,
            vec![Block::Reasoning {
                text: reasoning_text(v),
            }],
            None,
        ),
        other => (
            Role::Ai,
            vec![Block::Json { value: v.clone() }],
            Some(other.to_owned()),
        ),
    };
    Some(Message {
        id,
        role,
        blocks,
        name,
        usage: None,
    })
}

/// A message's content: a string, or parts (`input_text`, `output_text`, `refusal`, images).
fn content_blocks(content: Option<&Value>) -> Vec<Block> {
    match content {
        Some(Value::String(t)) => vec![Block::Text { text: t.clone() }],
        Some(Value::Array(parts)) => parts
            .iter()
            .map(|p| {
                let t = |k: &str| {
                    p.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                match p.get("type").and_then(Value::as_str).unwrap_or_default() {
                    "input_text" | "output_text" | "text" | "summary_text" => {
                        Block::Text { text: t("text") }
                    }
                    "refusal" => Block::Text { text: t("refusal") },
                    "input_image" if !t("image_url").is_empty() => Block::Image {
                        url: t("image_url"),
                    },
                    "input_file" => Block::File {
                        name: Some(t("filename")).filter(|n| !n.is_empty()),
                        mime: t("file_data")
                            .strip_prefix("data:")
                            .and_then(|d| d.split(';').next())
                            .map(str::to_owned),
                        size: p
                            .get("file_data")
                            .and_then(Value::as_str)
                            .and_then(|d| d.split_once(',').map(|(_, b)| b))
                            .map(|b| (b.trim_end_matches('=').len() as u64 * 3) / 4),
                    },
                    _ => Block::Json { value: p.clone() },
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A reasoning item's summary (and its reasoning text, where the server shows it).
fn reasoning_text(v: &Value) -> String {
    let texts = |k: &str| -> Vec<String> {
        v.get(k)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.get("text").and_then(Value::as_str).map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut parts = texts("summary");
    parts.extend(texts("content"));
    parts.join("\n\n")
}

/// The messages of items, in order (items without an id are skipped).
pub fn messages(items: &[Value]) -> Vec<Message> {
    items.iter().filter_map(item).collect()
}

/// Function calls with no `function_call_output` after them: the caller is to answer them.
pub fn pending_calls(items: &[Value]) -> Vec<Interrupt> {
    let answered: HashSet<&str> = items
        .iter()
        .filter(|i| i.get("type").and_then(Value::as_str) == Some("function_call_output"))
        .filter_map(|i| i.get("call_id").and_then(Value::as_str))
        .collect();
    items
        .iter()
        .filter(|i| i.get("type").and_then(Value::as_str) == Some("function_call"))
        .filter_map(|i| {
            let call_id = i.get("call_id").and_then(Value::as_str)?;
            if answered.contains(call_id) {
                return None;
            }
            let name = i.get("name").and_then(Value::as_str).unwrap_or_default();
            let arguments = i
                .get("arguments")
                .and_then(Value::as_str)
                .unwrap_or_default();
            Some(function_call_interrupt(call_id, name, arguments))
        })
        .collect()
}

/// The interrupt for a call the caller must answer: the question names the function and its
/// arguments; the form asks for the function's output (`{"output": text}`).
pub fn function_call_interrupt(call_id: &str, name: &str, arguments: &str) -> Interrupt {
    Interrupt {
        id: Some(call_id.to_owned()),
        value: json!({
            "question": format!("The model calls {name}({arguments}): what does it return?"),
            "function": name,
            "arguments": arguments,
            "call_id": call_id,
        }),
        response_schema: Some(json!({
            "type": "object",
            "properties": {"output": {
                "type": "string",
                "title": format!("Output of {name}"),
                "format": "textarea",
            }},
            "required": ["output"],
        })),
        namespace: Vec::new(),
    }
}

/// An item list (`GET /conversations/{id}/items`, `GET /responses/{id}/input_items`).
pub fn item_list(body: &str, purpose: &'static str) -> Result<WireList<Value>, ApiError> {
    let list: WireList<Value> = parse_json(body, purpose)?;
    if !serde_json::from_str::<Value>(body)
        .is_ok_and(|v| v.get("data").is_some_and(Value::is_array))
    {
        return Err(not_as_promised(
            purpose,
            "no `data` list in the answer",
            body,
        ));
    }
    Ok(list)
}

/// Seconds since 1970 as an ISO 8601 UTC time (`2026-12-01T14:05:09Z`).
pub fn iso_from_unix(secs: f64) -> String {
    let secs = secs.floor() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil from days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

/// A conversation as a thread: its title is `metadata.title`.
pub fn conversation(c: WireConversation) -> Thread {
    let metadata = c.metadata.map(Value::Object).unwrap_or(Value::Null);
    Thread {
        title: metadata
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_owned),
        id: c.id,
        status: ThreadStatus::Unknown(String::new()),
        created_at: c.created_at.map(iso_from_unix),
        updated_at: None,
        metadata,
        values: Value::Null,
    }
}

/// The newest response of a chain as its thread: named by the chain's title.
pub fn chain_head(r: &ResponseRecord) -> Thread {
    Thread {
        id: r.id.clone(),
        title: r.title.clone(),
        status: ThreadStatus::Unknown(String::new()),
        created_at: r.created_at.clone(),
        updated_at: None,
        metadata: r.metadata.clone(),
        values: Value::Null,
    }
}

pub fn conversation_one(body: &str, purpose: &'static str) -> Result<Thread, ApiError> {
    let c: WireConversation = parse_json(body, purpose)?;
    if c.id.is_empty() {
        return Err(not_as_promised(purpose, "the conversation has no id", body));
    }
    Ok(conversation(c))
}

/// A page of conversations (servers that list them; OpenAI's own API does not).
pub fn conversations_page(body: &str) -> Result<Page<Thread>, ApiError> {
    let list: WireList<WireConversation> = parse_json(body, "listing conversations")?;
    let next = match (&list.last_id, list.has_more) {
        (Some(last), true) => PageCursor::Token(last.clone()),
        _ => PageCursor::End,
    };
    Ok(Page {
        items: list
            .data
            .into_iter()
            .filter(|c| !c.id.is_empty())
            .map(conversation)
            .collect(),
        next,
    })
}

/// `GET /models` as the agent picker: each model is an "agent" the response runs.
pub fn models(body: &str) -> Result<Vec<Assistant>, ApiError> {
    let list: WireList<WireModel> = parse_json(body, "listing models")?;
    Ok(list
        .data
        .into_iter()
        .filter(|m| !m.id.is_empty())
        .map(model)
        .collect())
}

/// `GET /models/{id}`.
pub fn model_one(body: &str) -> Result<Assistant, ApiError> {
    let m: WireModel = parse_json(body, "reading the model")?;
    if m.id.is_empty() {
        return Err(not_as_promised(
            "reading the model",
            "the model has no id",
            body,
        ));
    }
    Ok(model(m))
}

fn model(m: WireModel) -> Assistant {
    Assistant {
        name: m.id.clone(),
        graph_or_model: Some(m.id.clone()),
        description: m.owned_by.map(|o| format!("owned by {o}")),
        version: None,
        created_at: m.created.map(|c| iso_from_unix(c as f64)),
        config: Value::Null,
        context: Value::Null,
        metadata: Value::Null,
        id: m.id,
    }
}

/// A response, every field kept as sent (absent stays absent).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRecord {
    pub id: String,
    pub status: Option<String>,
    pub model: Option<String>,
    pub created_at: Option<String>,
    pub conversation: Option<String>,
    /// The response this one continues (a chain, on servers with no conversations).
    pub previous_response_id: Option<String>,
    /// `metadata.title`: a chain's name, carried by each of its responses.
    pub title: Option<String>,
    pub metadata: Value,
    pub usage: Option<WireUsage>,
    pub error: Option<WireError>,
    pub incomplete_details: Option<Value>,
    pub output: Vec<Value>,
}

impl ResponseRecord {
    /// Every field a response view shows, by its name in the API; `None` where the server sent none.
    pub fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        let num = |n: Option<u64>| n.map(|n| n.to_string());
        let u = self.usage.unwrap_or_default();
        let e = self.error.as_ref();
        vec![
            ("id", Some(self.id.clone())),
            ("status", self.status.clone()),
            ("model", self.model.clone()),
            ("created_at", self.created_at.clone()),
            ("conversation", self.conversation.clone()),
            ("previous_response_id", self.previous_response_id.clone()),
            ("usage.input_tokens", num(u.input_tokens)),
            ("usage.output_tokens", num(u.output_tokens)),
            (
                "usage.output_tokens_details.reasoning_tokens",
                num(u.output_tokens_details.and_then(|d| d.reasoning_tokens)),
            ),
            ("usage.total_tokens", num(u.total_tokens)),
            ("error.code", e.and_then(|e| error_text(e).0)),
            ("error.message", e.and_then(|e| e.message.clone())),
            (
                "incomplete_details.reason",
                self.incomplete_details
                    .as_ref()
                    .and_then(|d| d.get("reason"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            ),
            ("output", Some(format!("{} item(s)", self.output.len()))),
        ]
    }
}

pub fn response(body: &str, purpose: &'static str) -> Result<ResponseRecord, ApiError> {
    let r: WireResponse = parse_json(body, purpose)?;
    if r.id.is_empty() {
        return Err(not_as_promised(purpose, "the response has no id", body));
    }
    Ok(record(r))
}

pub fn record(r: WireResponse) -> ResponseRecord {
    let metadata = r.metadata.clone().unwrap_or(Value::Null);
    ResponseRecord {
        conversation: r.conversation_id(),
        previous_response_id: r.previous_response_id.filter(|p| !p.is_empty()),
        title: metadata
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_owned),
        metadata,
        id: r.id,
        status: r.status,
        model: r.model,
        created_at: r.created_at.map(iso_from_unix),
        usage: r.usage,
        error: r.error,
        incomplete_details: r.incomplete_details,
        output: r.output,
    }
}

/// A response status in the domain's terms. `incomplete` (stopped at a token limit or by a filter)
/// ended: it is an error the user should see, with its reason.
pub fn status(s: &str) -> crate::domain::RunStatus {
    use crate::domain::RunStatus;
    match s {
        "queued" => RunStatus::Pending,
        "in_progress" => RunStatus::Running,
        "completed" => RunStatus::Success,
        "failed" | "incomplete" => RunStatus::Error,
        "cancelled" => RunStatus::Cancelled,
        other => RunStatus::Unknown(other.to_owned()),
    }
}

/// The words for an error object: `message (code)`.
pub fn error_text(e: &WireError) -> (Option<String>, String) {
    let code = e.code.as_ref().map(|c| match c {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let message = e
        .message
        .clone()
        .unwrap_or_else(|| "the response failed".into());
    (code, message)
}

/// Why a response is incomplete (`max_output_tokens`, `content_filter`, …).
pub fn incomplete_reason(details: Option<&Value>) -> String {
    details
        .and_then(|d| d.get("reason"))
        .and_then(Value::as_str)
        .unwrap_or("no reason given")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_become_messages_and_unanswered_calls_interrupts() {
        let items = vec![
            json!({"type": "message", "id": "msg_1", "role": "user", "content": [{"type": "input_text", "text": "weather?"}]}),
            json!({"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "look it up"}]}),
            json!({"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}),
            json!({"type": "function_call_output", "id": "fco_1", "call_id": "call_1", "output": "sunny"}),
            json!({"type": "function_call", "id": "fc_2", "call_id": "call_2", "name": "get_time", "arguments": "{}"}),
            json!({"type": "web_search_call", "id": "ws_1", "status": "completed"}),
            json!({"type": "message", "role": "assistant", "content": "no id: skipped"}),
        ];
        let m = messages(&items);
        assert_eq!(m.len(), 6);
        assert_eq!(m[0].role, Role::Human);
        assert_eq!(m[0].plain_text(), "weather?");
        assert_eq!(
            m[1].blocks,
            vec![Block::Reasoning {
                text: "look it up".into()
            }]
        );
        assert!(
            matches!(&m[2].blocks[0], Block::ToolCall { name, args, .. } if name == "get_weather" && args["city"] == "Oslo")
        );
        assert_eq!(m[3].role, Role::Tool);
        assert_eq!(
            m[5].name.as_deref(),
            Some("web_search_call"),
            "an unknown kind is kept"
        );
        let pending = pending_calls(&items);
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].id.as_deref(), Some("call_2"));
        assert!(pending[0].question().unwrap().contains("get_time"));
    }

    #[test]
    fn unix_times_read_as_iso() {
        assert_eq!(iso_from_unix(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_from_unix(1_796_135_455.5), "2026-12-01T14:30:55Z");
        assert_eq!(iso_from_unix(951_782_400.0), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn conversations_models_and_records_keep_absent_fields_absent() {
        let page = conversations_page(r#"{"object":"list","data":[{"id":"conv_1","created_at":0,"metadata":{"title":"Trip"}},{"id":""}],"has_more":true,"last_id":"conv_1"}"#).unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].title.as_deref(), Some("Trip"));
        assert_eq!(page.next, PageCursor::Token("conv_1".into()));
        let m =
            models(r#"{"object":"list","data":[{"id":"gpt-x","object":"model","owned_by":"me"}]}"#)
                .unwrap();
        assert_eq!(m[0].id, "gpt-x");
        let one = model_one(r#"{"id":"gpt-x","object":"model","owned_by":"me"}"#).unwrap();
        assert_eq!(one, m[0], "one model reads as the list's");
        assert!(model_one(r#"{"object":"model"}"#).is_err());
        let r = response(
            r#"{"id":"resp_1","status":"failed","error":{"code":"server_error","message":"boom"}}"#,
            "t",
        )
        .unwrap();
        assert_eq!(r.model, None);
        assert_eq!(r.usage, None);
        assert_eq!(
            error_text(r.error.as_ref().unwrap()),
            (Some("server_error".into()), "boom".into())
        );
        assert!(response(r#"{"status":"completed"}"#, "t").is_err());
        assert!(item_list(r#"{"object":"list"}"#, "t").is_err());
    }
}
