//! `Run.Listen` StreamEvents → normalized events. Each line is `{"result": StreamEvent}` (or the bare
//! event); a mid-stream gateway error is `{"error": {...}}`. Partial messages carry the whole text so far,
//! so they replace, never append; the cursor keys each event for de-duplication after a resume.

use super::convert::{message, text_of_parts, tool_calls};
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
                let text = ev
                    .partial_message
                    .map(|p| text_of_parts(p.content))
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
                if let Some(m) = ev.outcome.completed_message {
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
            "ERROR" => error_event(ev.outcome.error.unwrap_or_default()),
            "TOOL_CALLS" => {
                let calls = tool_calls(ev.outcome.tool_call_list)
                    .into_iter()
                    .map(|c| Block::ToolCall {
                        id: None,
                        args_text: c.arguments.to_string(),
                        name: c.name,
                        args: c.arguments,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::replay;
    use crate::Dialect;

    const PARTIAL: &str = r#"{"result":{"event_type":"PARTIAL_MESSAGE","stream_cursor":{"current_event_idx":"1","num_user_events_received":"1"},"partial_message":{"content":[{"text":{"content":"Hello, wo"}}]}}}"#;
    const DONE: &str = r#"{"result":{"event_type":"DONE","stream_cursor":{"current_event_idx":"2","num_user_events_received":"1"},"completed_message":{"id":"msg1","thread_id":"t1","created_by":"u","created_at":"2025-02-01T10:00:00.123456Z","author":{"id":"a","role":"ASSISTANT"},"labels":{},"content":{"content":[{"text":{"content":"Hello, world."}}]},"status":"COMPLETED"}}}"#;

    #[test]
    fn partials_replace_and_done_brings_the_real_message() {
        let body = format!("{PARTIAL}\n{DONE}\n");
        let (_, v) = replay(Dialect::Yandex, body.as_bytes());
        assert_eq!(v.messages.len(), 1);
        assert_eq!(v.messages[0].id, "msg1");
        assert_eq!(v.messages[0].plain_text(), "Hello, world.");
        assert_eq!(v.status, Some(RunStatus::Success));
        assert_eq!(v.last_key, Some(EventKey::Cursor(2)));
    }

    #[test]
    fn camel_case_and_bare_events_are_read_too() {
        let body = r#"{"eventType":"PARTIAL_MESSAGE","streamCursor":{"currentEventIdx":"0"},"partialMessage":{"content":[{"text":{"content":"Hi"}}]}}"#;
        let (_, v) = replay(Dialect::Yandex, body.as_bytes());
        assert_eq!(v.messages[0].plain_text(), "Hi");
        assert_eq!(v.status, Some(RunStatus::Running));
    }

    #[test]
    fn error_event_has_code_and_message() {
        let body = r#"{"result":{"event_type":"ERROR","stream_cursor":{"current_event_idx":"3"},"error":{"code":13,"message":"internal"}}}"#;
        let (_, v) = replay(Dialect::Yandex, body.as_bytes());
        assert_eq!(v.status, Some(RunStatus::Error));
        assert_eq!(v.errors[0].code.as_deref(), Some("13"));
        assert_eq!(v.errors[0].message, "internal");
    }

    #[test]
    fn gateway_error_line_mid_stream() {
        let body =
            format!("{PARTIAL}\n{{\"error\":{{\"code\":14,\"message\":\"unavailable\"}}}}\n");
        let (_, v) = replay(Dialect::Yandex, body.as_bytes());
        assert_eq!(v.messages[0].plain_text(), "Hello, wo");
        assert_eq!(v.errors[0].message, "unavailable");
    }

    #[test]
    fn tool_calls_are_shown_and_the_run_waits_for_results() {
        let body = r#"{"result":{"event_type":"TOOL_CALLS","stream_cursor":{"current_event_idx":"1"},"tool_call_list":{"tool_calls":[{"function_call":{"name":"weather","arguments":{"city":"Oslo"}}}]}}}"#;
        let (_, v) = replay(Dialect::Yandex, body.as_bytes());
        assert_eq!(v.status, Some(RunStatus::ActionRequired));
        assert!(
            matches!(&v.messages[0].blocks[0], Block::ToolCall { name, args, .. } if name == "weather" && args["city"] == "Oslo")
        );
    }

    #[test]
    fn unknown_event_type_is_kept() {
        let (_, v) = replay(Dialect::Yandex, br#"{"result":{"event_type":"SOMETHING_NEW","stream_cursor":{"current_event_idx":"0"}}}"#);
        assert_eq!(v.unknown.len(), 1);
        assert_eq!(v.unknown[0].0, "SOMETHING_NEW");
    }

    #[test]
    fn listening_again_from_the_last_cursor_duplicates_nothing() {
        let mut p = crate::StreamPipeline::new(Dialect::Yandex);
        let mut v = crate::ThreadView::new();
        p.feed_into(format!("{PARTIAL}\n").as_bytes(), &mut v);
        // Reconnect with eventsStartIdx = 1: the server sends event 1 again, then 2.
        v.begin_replay();
        let mut p2 = crate::StreamPipeline::new(Dialect::Yandex);
        p2.feed_into(format!("{PARTIAL}\n{DONE}\n").as_bytes(), &mut v);
        assert_eq!(v.duplicates, 1);
        assert_eq!(v.messages.len(), 1);
        assert_eq!(v.messages[0].plain_text(), "Hello, world.");
    }

    #[test]
    fn int64_above_2_pow_53_is_exact() {
        let c: crate::dialects::yandex::wire::WireStreamCursor =
            serde_json::from_str(r#"{"current_event_idx":"9007199254740993"}"#).unwrap();
        assert_eq!(c.current_event_idx, Some(9_007_199_254_740_993));
    }
}
