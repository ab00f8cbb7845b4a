//! Responses SSE events → normalized events. Each event's `data` is a JSON object with a `type` and a
//! `sequence_number` (the event key: duplicates after a resume are dropped, gaps are said). Text
//! arrives as deltas per output item; the terminal `response.completed` / `.failed` / `.incomplete`
//! carries the whole output, which replaces what the deltas built (a lost delta is repaired there).

use super::convert::{self, error_text, incomplete_reason, pending_calls};
use super::wire::{WireError, WireResponse};
use crate::decode::RawEvent;
use crate::dialects::StreamAdapter;
use crate::domain::{Role, RunStatus};
use crate::event::{EventBatch, EventKey, StreamEvent};
use serde_json::Value;

#[derive(Debug, Default)]
pub struct ResponsesStream {
    /// The last `sequence_number` read on this connection (to say when some never came).
    last_seq: Option<u64>,
}

fn str_of<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_default()
}

/// A response object's output items as finished messages, its usage, and its calls to answer.
fn settle(r: &WireResponse, out: &mut Vec<StreamEvent>) {
    for m in convert::messages(&r.output) {
        out.push(StreamEvent::MessageDone {
            message: m,
            replaces: None,
        });
    }
    if let Some(u) = r.usage {
        out.push(StreamEvent::Usage {
            prompt: u.input_tokens,
            completion: u.output_tokens,
            total: u.total_tokens,
        });
    }
    let calls = pending_calls(&r.output);
    if !calls.is_empty() {
        out.push(StreamEvent::Interrupts { interrupts: calls });
    }
}

fn error_events(e: &WireError, out: &mut Vec<StreamEvent>) {
    let (code, message) = error_text(e);
    out.push(StreamEvent::Error { code, message });
    out.push(StreamEvent::Status {
        status: RunStatus::Error,
    });
}

impl StreamAdapter for ResponsesStream {
    fn adapt(&mut self, raw: RawEvent) -> EventBatch {
        let data = raw.data.trim();
        // Some servers end the stream the Chat Completions way.
        if data == "[DONE]" || data.is_empty() {
            return EventBatch::new(None, Vec::new());
        }
        let v: Value = match serde_json::from_str(data) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => {
                return EventBatch::new(
                    None,
                    vec![StreamEvent::Malformed {
                        event: raw.event,
                        data: raw.data,
                        reason: "an event is a JSON object".into(),
                    }],
                )
            }
            Err(e) => {
                return EventBatch::new(
                    None,
                    vec![StreamEvent::Malformed {
                        event: raw.event,
                        data: raw.data,
                        reason: e.to_string(),
                    }],
                )
            }
        };
        let seq = v.get("sequence_number").and_then(Value::as_u64);
        let key = seq.map(EventKey::Seq);
        let mut out = Vec::new();
        if let (Some(n), Some(last)) = (seq, self.last_seq) {
            if n > last + 1 {
                out.push(StreamEvent::Malformed {
                    event: "gap".into(),
                    data: String::new(),
                    reason: format!(
                        "events {}–{} of the response never arrived; its end repairs the text",
                        last + 1,
                        n - 1
                    ),
                });
            }
        }
        if let Some(n) = seq {
            self.last_seq = Some(self.last_seq.map_or(n, |l| l.max(n)));
        }
        let kind = str_of(&v, "type").to_owned();
        let response = || -> WireResponse {
            v.get("response")
                .cloned()
                .and_then(|r| serde_json::from_value(r).ok())
                .unwrap_or_default()
        };
        let item_id = str_of(&v, "item_id").to_owned();
        match kind.as_str() {
            "response.created" | "response.queued" | "response.in_progress" => {
                let r = response();
                out.push(StreamEvent::RunStarted {
                    run_id: Some(r.id.clone()).filter(|i| !i.is_empty()),
                    thread_id: r.conversation_id(),
                });
                if r.status.as_deref() == Some("queued") {
                    out.push(StreamEvent::Status {
                        status: RunStatus::Pending,
                    });
                }
            }
            "response.output_item.added" => {
                let item = v.get("item").cloned().unwrap_or(Value::Null);
                let id = str_of(&item, "id").to_owned();
                match str_of(&item, "type") {
                    "function_call" if !id.is_empty() => out.push(StreamEvent::ToolCallDelta {
                        message_id: id,
                        index: 0,
                        id: Some(str_of(&item, "call_id").to_owned()),
                        name: Some(str_of(&item, "name").to_owned()),
                        args: str_of(&item, "arguments").to_owned(),
                    }),
                    "message" if !id.is_empty() => out.push(StreamEvent::MessageStarted {
                        id,
                        role: Role::parse(
                            item.get("role")
                                .and_then(Value::as_str)
                                .unwrap_or("assistant"),
                        ),
                    }),
                    _ => {}
                }
            }
            "response.output_text.delta" | "response.refusal.delta" => {
                out.push(StreamEvent::MessageDelta {
                    id: item_id,
                    role: Role::Ai,
                    text: str_of(&v, "delta").to_owned(),
                })
            }
            "response.reasoning_summary_text.delta" | "response.reasoning_text.delta" => {
                out.push(StreamEvent::ReasoningDelta {
                    id: item_id,
                    text: str_of(&v, "delta").to_owned(),
                })
            }
            "response.function_call_arguments.delta" => out.push(StreamEvent::ToolCallDelta {
                message_id: item_id,
                index: 0,
                id: None,
                name: None,
                args: str_of(&v, "delta").to_owned(),
            }),
            "response.output_item.done" => {
                let item = v.get("item").cloned().unwrap_or(Value::Null);
                if let Some(m) = convert::item(&item) {
                    out.push(StreamEvent::MessageDone {
                        message: m,
                        replaces: None,
                    });
                }
            }
            "response.completed" => {
                let r = response();
                settle(&r, &mut out);
                out.push(StreamEvent::Status {
                    status: RunStatus::Success,
                });
            }
            "response.failed" => {
                let r = response();
                settle(&r, &mut out);
                error_events(&r.error.clone().unwrap_or_default(), &mut out);
            }
            "response.incomplete" => {
                let r = response();
                settle(&r, &mut out);
                let reason = incomplete_reason(r.incomplete_details.as_ref());
                out.push(StreamEvent::Error {
                    code: Some("incomplete".into()),
                    message: format!("The response is incomplete: {reason}."),
                });
                out.push(StreamEvent::Status {
                    status: RunStatus::Error,
                });
            }
            "response.cancelled" => {
                settle(&response(), &mut out);
                out.push(StreamEvent::Status {
                    status: RunStatus::Cancelled,
                });
            }
            "error" => {
                let e = match v.get("error") {
                    Some(e) => serde_json::from_value(e.clone()).unwrap_or_default(),
                    None => serde_json::from_value(v.clone()).unwrap_or_default(),
                };
                error_events(&e, &mut out);
            }
            // Parts and `.done` events repeat what the deltas and the items' `.done` carry.
            "response.content_part.added"
            | "response.content_part.done"
            | "response.output_text.done"
            | "response.refusal.done"
            | "response.function_call_arguments.done"
            | "response.reasoning_summary_part.added"
            | "response.reasoning_summary_part.done"
            | "response.reasoning_summary_text.done"
            | "response.reasoning_text.done"
            | "response.output_text.annotation.added" => {}
            _ if kind.ends_with(".in_progress")
                || kind.ends_with(".searching")
                || kind.ends_with(".completed")
                || kind.ends_with(".generating") =>
            {
                // A hosted tool's progress (web search, file search, code interpreter, MCP): shown in
                // the Events tab; its item arrives with `output_item.done`.
                out.push(StreamEvent::Trace {
                    stream: kind,
                    value: v,
                });
            }
            _ => out.push(StreamEvent::Unknown {
                event: kind,
                data: raw.data,
            }),
        }
        EventBatch::new(key, out)
    }
}
