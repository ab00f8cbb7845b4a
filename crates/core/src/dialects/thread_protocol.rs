//! The thread-centric streaming protocol (Agent Protocol `streaming/`; LangGraph serves it at
//! `POST /threads/{tid}/stream/events`). Each SSE frame's data is an envelope:
//! `{"type":"event","event_id","seq","method","params":{"namespace":[],"timestamp","data":{...}}}`.

use crate::decode::RawEvent;
use crate::dialects::langgraph::stream::{interrupts_from, values_events};
use crate::dialects::StreamAdapter;
use crate::domain::{Interrupt, Role, RunStatus};
use crate::event::{EventBatch, EventKey, StreamEvent};
use crate::http::{parse_json, ApiError};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Envelope {
    #[serde(rename = "type")]
    kind: Option<String>,
    seq: Option<u64>,
    method: Option<String>,
    params: Params,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Params {
    namespace: Vec<String>,
    data: Value,
}

/// The envelope's `seq`, else a numeric SSE id. LangGraph's SSE id repeats the seq; the spec's is the
/// `eventId` (any text, e.g. `evt_12`), so the envelope's seq is authoritative.
fn seq_or_id(seq: Option<u64>, raw: &RawEvent) -> Option<u64> {
    seq.or_else(|| raw.id.as_deref().and_then(|i| i.trim().parse().ok()))
}

/// The `seq` of a thread-protocol event (for a reader that does not adapt it, e.g. a catch-up).
pub fn seq_of(raw: &RawEvent) -> Option<u64> {
    let env: Option<Envelope> = serde_json::from_str(&raw.data).ok();
    seq_or_id(env.and_then(|e| e.seq), raw)
}

/// Whether a raw event is a thread-protocol envelope (cheap check, no full parse).
pub fn looks_like_thread_protocol(raw: &RawEvent) -> bool {
    let d = raw.data.trim_start();
    d.starts_with('{')
        && d.contains("\"type\":\"event\"")
        && d.contains("\"seq\"")
        && d.contains("\"method\"")
}

/// The channels the client subscribes to (everything a thread view shows).
pub const CHANNELS: [&str; 7] = [
    "values",
    "updates",
    "messages",
    "tools",
    "lifecycle",
    "input",
    "custom",
];

/// A command's success: its result and the last event `seq` the server had applied before it.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandDone {
    pub result: Value,
    pub applied_through_seq: Option<u64>,
}

/// Reads `POST /threads/{id}/commands`'s answer: `{"type":"success", "result", "meta":
/// {"applied_through_seq"}}` (the spec spells it `appliedThroughSeq`; both are read), or
/// `{"type":"error", "error", "message"}` — an error, said plainly.
pub fn command_response(body: &str, purpose: &'static str) -> Result<CommandDone, ApiError> {
    let v: Value = parse_json(body, purpose)?;
    match v.get("type").and_then(Value::as_str) {
        Some("success") => Ok(CommandDone {
            result: v.get("result").cloned().unwrap_or(Value::Null),
            applied_through_seq: v
                .pointer("/meta/applied_through_seq")
                .or_else(|| v.pointer("/meta/appliedThroughSeq"))
                .and_then(Value::as_u64),
        }),
        Some("error") => Err(ApiError::Status {
            status: 200,
            message: format!(
                "{}: {}",
                v.get("error").and_then(Value::as_str).unwrap_or("error"),
                v.get("message").and_then(Value::as_str).unwrap_or("")
            ),
            purpose,
        }),
        _ => Err(ApiError::Decode {
            purpose,
            detail: "neither a success nor an error response".into(),
            body_start: crate::http::truncate(body, 80),
        }),
    }
}

#[derive(Debug, Default)]
pub struct ThreadProtocolStream {
    /// The message being streamed, per namespace (content deltas do not repeat the id).
    current_message: HashMap<Vec<String>, (String, Role)>,
}

impl StreamAdapter for ThreadProtocolStream {
    fn adapt(&mut self, raw: RawEvent) -> EventBatch {
        let env: Envelope = match serde_json::from_str(&raw.data) {
            Ok(e) => e,
            Err(e) => {
                let reason = e.to_string();
                return EventBatch::new(
                    None,
                    vec![StreamEvent::Malformed {
                        event: raw.event,
                        data: raw.data,
                        reason,
                    }],
                );
            }
        };
        let key = seq_or_id(env.seq, &raw).map(EventKey::Seq);
        if env.kind.as_deref().is_some_and(|k| k != "event") {
            return EventBatch::new(
                key,
                vec![StreamEvent::Unknown {
                    event: raw.event,
                    data: raw.data,
                }],
            );
        }
        let method = env.method.clone().unwrap_or_else(|| raw.event.clone());
        // Bounded for the view and the timeline; an interrupt keeps the server's own (its answer
        // names it).
        let raw_ns = env.params.namespace;
        let ns = crate::event::bounded_namespace(&raw_ns);
        let data = env.params.data;
        let events = match method.as_str() {
            "lifecycle" => {
                let phase = data.get("event").and_then(Value::as_str).unwrap_or("");
                let status = match phase {
                    "running" | "started" => RunStatus::Running,
                    "interrupted" => RunStatus::Interrupted,
                    "completed" | "success" => RunStatus::Success,
                    "failed" | "error" => RunStatus::Error,
                    "cancelled" | "canceled" => RunStatus::Cancelled,
                    other => RunStatus::Unknown(other.to_owned()),
                };
                vec![StreamEvent::Status { status }]
            }
            "values" => values_events(data),
            "updates" => match data {
                Value::Object(map) => map
                    .into_iter()
                    .map(|(node, value)| {
                        if node == "__interrupt__" {
                            StreamEvent::Interrupts {
                                interrupts: interrupts_from(&value),
                            }
                        } else {
                            StreamEvent::Update { node, value }
                        }
                    })
                    .collect(),
                other => vec![StreamEvent::Update {
                    node: String::new(),
                    value: other,
                }],
            },
            "messages" => self.message_event(&ns, data, &raw),
            "input.requested" | "input" => {
                // LangGraph writes `interrupt_id`; the spec (protocol.cddl) `interruptId`.
                let id = data
                    .get("interrupt_id")
                    .or_else(|| data.get("interruptId"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let value = data.get("payload").cloned().unwrap_or(data);
                vec![StreamEvent::Interrupts {
                    interrupts: vec![Interrupt {
                        id,
                        value,
                        response_schema: None,
                        namespace: raw_ns.clone(),
                    }],
                }]
            }
            m if m == "custom" || m.starts_with("custom:") => {
                vec![StreamEvent::Custom { value: data }]
            }
            "tools" | "checkpoints" | "tasks" | "debug" => vec![StreamEvent::Trace {
                stream: method.clone(),
                value: data,
            }],
            _ => vec![StreamEvent::Unknown {
                event: raw.event,
                data: raw.data,
            }],
        };
        EventBatch {
            key,
            namespace: ns,
            events,
            fingerprint: 0,
        }
    }
}

impl ThreadProtocolStream {
    fn message_event(&mut self, ns: &[String], data: Value, raw: &RawEvent) -> Vec<StreamEvent> {
        let kind = data.get("event").and_then(Value::as_str).unwrap_or("");
        let text_of = |v: Option<&Value>, k: &str| {
            v.and_then(|d| d.get(k))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        match kind {
            "message-start" => {
                let id = text_of(Some(&data), "id")
                    .unwrap_or_else(|| format!("message-{}", raw.id.clone().unwrap_or_default()));
                let role = Role::parse(data.get("role").and_then(Value::as_str).unwrap_or("ai"));
                self.current_message
                    .insert(ns.to_vec(), (id.clone(), role.clone()));
                vec![StreamEvent::MessageStarted { id, role }]
            }
            "content-block-start" | "content-block-delta" => {
                let Some((id, role)) = self.current_message.get(ns).cloned() else {
                    return vec![StreamEvent::Malformed {
                        event: raw.event.clone(),
                        data: raw.data.clone(),
                        reason: "a content block arrived before its message-start".into(),
                    }];
                };
                let part = data.get("delta").or_else(|| data.get("content"));
                let part_type = part
                    .and_then(|p| p.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                match part_type {
                    "text-delta" | "text" => {
                        match text_of(part, "text").filter(|t| !t.is_empty()) {
                            Some(text) => vec![StreamEvent::MessageDelta { id, role, text }],
                            None => vec![],
                        }
                    }
                    "reasoning-delta" | "reasoning" => {
                        match text_of(part, "reasoning").or_else(|| text_of(part, "text")) {
                            Some(text) if !text.is_empty() => {
                                vec![StreamEvent::ReasoningDelta { id, text }]
                            }
                            _ => vec![],
                        }
                    }
                    _ => vec![StreamEvent::Trace {
                        stream: "messages".into(),
                        value: data,
                    }],
                }
            }
            // The finished block repeats the whole text; the following `values` snapshot is authoritative.
            "content-block-finish" => vec![],
            "message-finish" => {
                self.current_message.remove(ns);
                vec![]
            }
            _ => vec![StreamEvent::Unknown {
                event: raw.event.clone(),
                data: raw.data.clone(),
            }],
        }
    }
}

#[cfg(test)]
mod command_tests {
    use super::*;

    #[test]
    fn the_seq_comes_from_the_envelope_whatever_the_sse_id() {
        let raw = |id: &str, data: &str| RawEvent {
            id: Some(id.into()),
            event: "values".into(),
            data: data.into(),
        };
        let env =
            r#"{"type":"event","eventId":"evt_7","seq":7,"method":"values","params":{"data":{}}}"#;
        assert_eq!(
            seq_of(&raw("evt_7", env)),
            Some(7),
            "the spec's eventId as SSE id"
        );
        assert_eq!(seq_of(&raw("12", "{}")), Some(12), "a numeric SSE id alone");
        assert_eq!(seq_of(&raw("evt_x", "{}")), None);
    }

    #[test]
    fn command_answers() {
        let ok = command_response(
            r#"{"type":"success","id":1,"result":{"run_id":"r"},"meta":{"applied_through_seq":20}}"#,
            "starting",
        )
        .expect("success");
        assert_eq!(ok.applied_through_seq, Some(20));
        assert_eq!(ok.result["run_id"], "r");
        let spec = command_response(
            r#"{"type":"success","id":1,"result":{},"meta":{"appliedThroughSeq":3}}"#,
            "x",
        );
        assert_eq!(spec.map(|d| d.applied_through_seq), Ok(Some(3)));
        let err = command_response(
            r#"{"type":"error","id":3,"error":"no_such_interrupt","message":"Unknown interrupt: x"}"#,
            "answering",
        )
        .expect_err("an error");
        assert!(
            err.to_string()
                .contains("no_such_interrupt: Unknown interrupt: x"),
            "{err}"
        );
        assert!(command_response("[]", "x").is_err());
    }
}
