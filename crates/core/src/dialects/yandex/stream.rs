//! `Run.Listen` StreamEvents → normalized events. Each line is `{"result": StreamEvent}` (or the bare
//! event); a mid-stream gateway error is `{"error": {...}}`. Partial messages carry the whole text so far,
//! so they replace, never append; the cursor keys each event for de-duplication after a resume.

use super::convert::message;
use super::wire::{WireError, WireStreamEvent};
use crate::decode::RawEvent;
use crate::dialects::StreamAdapter;
use crate::domain::{Block, Message, Role, RunStatus};
use crate::event::{EventBatch, EventKey, StreamEvent};
use serde_json::Value;

/// The id under which partial text is shown until `DONE` brings the real message.
pub const PARTIAL_MESSAGE_ID: &str = "yandex-partial";

#[derive(Debug, Default)]
pub struct YandexStream;

fn error_event(e: WireError) -> Vec<StreamEvent> {
    let code = e.code.map(|c| match c {
        Value::String(s) => s,
        other => other.to_string(),
    });
    vec![
        StreamEvent::Error {
            code,
            message: e.message.unwrap_or_else(|| "the run failed".into()),
        },
        StreamEvent::Status {
            status: RunStatus::Error,
        },
    ]
}

impl StreamAdapter for YandexStream {
    fn adapt(&mut self, raw: RawEvent) -> EventBatch {
        let malformed = |raw: RawEvent, reason: String| {
            EventBatch::new(
                None,
                vec![StreamEvent::Malformed {
                    event: "listen".into(),
                    data: raw.data,
                    reason,
                }],
            )
        };
        let mut v: Value = match serde_json::from_str(&raw.data) {
            Ok(v) => v,
            Err(e) => return malformed(raw, e.to_string()),
        };
        if let Some(err) = v
            .get_mut("error")
            .filter(|e| e.is_object())
            .map(Value::take)
        {
            let e: WireError = serde_json::from_value(err).unwrap_or_default();
            return EventBatch::new(None, error_event(e));
        }
        let body = match v.get_mut("result") {
            Some(r) => r.take(),
            None => v,
        };
        let ev: WireStreamEvent = match serde_json::from_value(body) {
            Ok(e) => e,
            Err(e) => return malformed(raw, e.to_string()),
        };
        let cursor = ev
            .stream_cursor
            .as_ref()
            .map_or(0, |c| c.current_event_idx.unwrap_or(0));
        let key = Some(EventKey::Cursor(cursor));
        let kind = ev.event_type.clone().unwrap_or_default();
        let events = match kind.as_str() {
            "PARTIAL_MESSAGE" => {
                let text: String = ev
                    .partial_message
                    .map(|p| {
                        p.content
                            .into_iter()
                            .filter_map(|c| c.text.map(|t| t.content))
                            .collect()
                    })
                    .unwrap_or_default();
                vec![
                    StreamEvent::Status {
                        status: RunStatus::Running,
                    },
                    StreamEvent::MessageSnapshot {
                        message: Message::text(PARTIAL_MESSAGE_ID, Role::Ai, text),
                    },
                ]
            }
            "DONE" => {
                let mut out = Vec::new();
                if let Some(m) = ev.completed_message {
                    out.push(StreamEvent::MessageDone {
                        message: message(m, PARTIAL_MESSAGE_ID),
                        replaces: Some(PARTIAL_MESSAGE_ID.into()),
                    });
                }
                out.push(StreamEvent::Status {
                    status: RunStatus::Success,
                });
                out
            }
            "ERROR" => error_event(ev.error.unwrap_or_default()),
            "TOOL_CALLS" => {
                let calls = ev
                    .tool_call_list
                    .map(|l| l.tool_calls)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|c| c.function_call)
                    .map(|f| Block::ToolCall {
                        id: None,
                        args_text: f.arguments.to_string(),
                        name: f.name,
                        args: f.arguments,
                    })
                    .collect();
                vec![
                    StreamEvent::ToolCalls {
                        message_id: PARTIAL_MESSAGE_ID.into(),
                        calls,
                    },
                    StreamEvent::Status {
                        status: RunStatus::ActionRequired,
                    },
                ]
            }
            _ => vec![StreamEvent::Unknown {
                event: kind,
                data: raw.data,
            }],
        };
        EventBatch::new(key, events)
    }
}
