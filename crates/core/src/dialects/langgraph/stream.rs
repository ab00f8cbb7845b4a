//! LangGraph run streams (`POST /threads/{tid}/runs/stream`, join `GET …/runs/{rid}/stream`) → normalized
//! events. Event names are stream modes, optionally namespaced by subgraph: `updates|node:task_id`.
//! The thread-centric protocol (`/threads/{tid}/stream/events`) is recognised by its envelope and handed
//! to [`ThreadProtocolStream`](crate::dialects::thread_protocol::ThreadProtocolStream).

use super::wire::{WireRunMetadata, WireStreamError};
use crate::decode::RawEvent;
use crate::dialects::langchain::{messages_from_values, LcMessage, LcMessageTuple};
use crate::dialects::thread_protocol::{looks_like_thread_protocol, ThreadProtocolStream};
use crate::dialects::StreamAdapter;
use crate::domain::{string_list, Block, Interrupt, RunStatus};
use crate::event::{EventBatch, EventKey, StreamEvent};
use serde_json::Value;

#[derive(Debug, Default)]
pub struct LangGraphStream {
    /// Set once the stream turned out to be the thread-centric protocol.
    thread_protocol: Option<ThreadProtocolStream>,
    /// Counter for messages that came without an id.
    anonymous: u64,
    /// The node whose tokens stream now, with the event name that carried them (its namespace):
    /// a [`StreamEvent::NodeActive`] is said when it changes, and again after a step's `updates`
    /// or `values` (a node may run again), not with every token.
    active: Option<(String, String)>,
}

impl StreamAdapter for LangGraphStream {
    fn adapt(&mut self, raw: RawEvent) -> EventBatch {
        if self.thread_protocol.is_none() && looks_like_thread_protocol(&raw) {
            self.thread_protocol = Some(ThreadProtocolStream::default());
        }
        if let Some(tp) = &mut self.thread_protocol {
            return tp.adapt(raw);
        }
        let key = raw
            .id
            .clone()
            .filter(|s| !s.is_empty())
            .map(EventKey::SseId);
        let mut parts = raw.event.split('|');
        let mode = parts.next().unwrap_or_default().to_owned();
        let namespace = crate::event::bounded_namespace(parts);
        // A step ended (its updates, or the state after it): a node streaming next is said again.
        if mode == "updates" || mode == "values" {
            self.active = None;
        }
        let events = if mode == "messages" {
            message_tuple_events(raw, &mut self.anonymous, &mut self.active)
        } else {
            run_stream_events(&mode, raw, &mut self.anonymous)
        };
        EventBatch {
            key,
            namespace,
            events,
            fingerprint: 0,
        }
    }
}

fn malformed(raw: RawEvent, reason: impl ToString) -> Vec<StreamEvent> {
    vec![StreamEvent::Malformed {
        event: raw.event,
        data: raw.data,
        reason: reason.to_string(),
    }]
}

/// Maps one run-stream event by its mode. Shared with Agent Protocol run streams, which use the same names.
pub(crate) fn run_stream_events(
    mode: &str,
    raw: RawEvent,
    anonymous: &mut u64,
) -> Vec<StreamEvent> {
    match mode {
        "metadata" => match serde_json::from_str::<WireRunMetadata>(&raw.data) {
            Ok(m) => vec![StreamEvent::RunStarted {
                run_id: m.run_id,
                thread_id: m.thread_id,
            }],
            Err(e) => malformed(raw, e),
        },
        "messages" => match serde_json::from_str::<LcMessageTuple>(&raw.data) {
            Ok(LcMessageTuple(m, _)) => message_events(m, anonymous),
            Err(_) => match serde_json::from_str::<Vec<LcMessage>>(&raw.data) {
                // Agent Protocol servers may send a list of whole messages.
                Ok(list) => list
                    .into_iter()
                    .flat_map(|m| message_events(m, anonymous))
                    .collect(),
                Err(e) => malformed(raw, e),
            },
        },
        "messages/partial" | "messages/complete" => {
            match serde_json::from_str::<Vec<LcMessage>>(&raw.data) {
                Ok(list) => list
                    .into_iter()
                    .map(|m| {
                        let fallback = next_anonymous(anonymous);
                        let message = m.into_message(&fallback);
                        if mode == "messages/partial" {
                            StreamEvent::MessageSnapshot { message }
                        } else {
                            StreamEvent::MessageDone {
                                message,
                                replaces: None,
                            }
                        }
                    })
                    .collect(),
                Err(e) => malformed(raw, e),
            }
        }
        "messages/metadata" => Vec::new(),
        "values" => match serde_json::from_str::<Value>(&raw.data) {
            Ok(v) => values_events(v),
            Err(e) => malformed(raw, e),
        },
        "updates" => {
            match serde_json::from_str::<Value>(&raw.data) {
                Ok(Value::Object(map)) => {
                    let mut out = Vec::new();
                    for (node, value) in map {
                        if node == "__interrupt__" {
                            out.push(StreamEvent::Interrupts {
                                interrupts: interrupts_from(&value),
                            });
                            continue;
                        }
                        // A node's messages are whole messages: they finish what was streamed under their id.
                        if let Some(list) = value.get("messages") {
                            let (messages, _) = messages_from_values(list);
                            out.extend(messages.into_iter().map(|message| {
                                StreamEvent::MessageDone {
                                    message,
                                    replaces: None,
                                }
                            }));
                        }
                        out.push(StreamEvent::Update { node, value });
                    }
                    out
                }
                Ok(other) => vec![StreamEvent::Update {
                    node: String::new(),
                    value: other,
                }],
                Err(e) => malformed(raw, e),
            }
        }
        "custom" => match serde_json::from_str::<Value>(&raw.data) {
            Ok(value) => vec![StreamEvent::Custom { value }],
            Err(e) => malformed(raw, e),
        },
        "events" | "debug" | "tasks" | "checkpoints" => {
            match serde_json::from_str::<Value>(&raw.data) {
                Ok(value) => vec![StreamEvent::Trace {
                    stream: mode.to_owned(),
                    value,
                }],
                Err(e) => malformed(raw, e),
            }
        }
        "error" => {
            let (code, message) = match serde_json::from_str::<WireStreamError>(&raw.data) {
                Ok(e) => (e.error, e.message.unwrap_or_else(|| raw.data.clone())),
                // Some servers send a bare string.
                Err(_) => (
                    None,
                    serde_json::from_str::<String>(&raw.data).unwrap_or(raw.data),
                ),
            };
            vec![
                StreamEvent::Error { code, message },
                StreamEvent::Status {
                    status: RunStatus::Error,
                },
            ]
        }
        "end" => vec![StreamEvent::Status {
            status: RunStatus::Success,
        }],
        "heartbeat" | "ping" => vec![StreamEvent::Heartbeat],
        _ => vec![StreamEvent::Unknown {
            event: raw.event,
            data: raw.data,
        }],
    }
}

fn next_anonymous(n: &mut u64) -> String {
    *n += 1;
    format!("anonymous-{n}")
}

/// `values` carries the full state: its messages become the authoritative list, `__interrupt__` the
/// pending interrupts.
pub(crate) fn values_events(v: Value) -> Vec<StreamEvent> {
    let mut out = Vec::new();
    if let Some(list) = v.get("messages") {
        let (messages, problems) = messages_from_values(list);
        out.push(StreamEvent::MessagesSnapshot { messages });
        for reason in problems {
            out.push(StreamEvent::Malformed {
                event: "values".into(),
                data: String::new(),
                reason,
            });
        }
    }
    if let Some(i) = v.get("__interrupt__") {
        out.push(StreamEvent::Interrupts {
            interrupts: interrupts_from(i),
        });
    }
    out.push(StreamEvent::Values { values: v });
    out
}

pub(crate) fn interrupts_from(v: &Value) -> Vec<Interrupt> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|i| Interrupt {
            id: i.get("id").and_then(Value::as_str).map(str::to_owned),
            value: i.get("value").cloned().unwrap_or_else(|| i.clone()),
            response_schema: i.get("response_schema").filter(|s| !s.is_null()).cloned(),
            namespace: string_list(i.get("ns")),
        })
        .collect()
}

/// A `messages` event of LangGraph's run stream: its tokens also say which node streams them.
fn message_tuple_events(
    raw: RawEvent,
    anonymous: &mut u64,
    active: &mut Option<(String, String)>,
) -> Vec<StreamEvent> {
    match serde_json::from_str::<LcMessageTuple>(&raw.data) {
        Ok(LcMessageTuple(m, node)) => {
            let chunk = m.is_chunk();
            let mut out = message_events(m, anonymous);
            if let Some(node) = node.filter(|_| chunk) {
                let same = active
                    .as_ref()
                    .is_some_and(|(event, n)| *event == raw.event && *n == node);
                if !same {
                    *active = Some((raw.event, node.clone()));
                    out.insert(0, StreamEvent::NodeActive { node });
                }
            }
            out
        }
        Err(_) => run_stream_events("messages", raw, anonymous),
    }
}

/// A `messages` (tuple) event: a chunk to append, or a whole message.
fn message_events(m: LcMessage, anonymous: &mut u64) -> Vec<StreamEvent> {
    if !m.is_chunk() {
        let fallback = next_anonymous(anonymous);
        return vec![StreamEvent::MessageDone {
            message: m.into_message(&fallback),
            replaces: None,
        }];
    }
    let role = m.role();
    let id = m.id.clone().unwrap_or_else(|| "anonymous-chunk".to_owned());
    let mut out = Vec::new();
    let text = m.text();
    if !text.is_empty() {
        out.push(StreamEvent::MessageDelta {
            id: id.clone(),
            role,
            text,
        });
    }
    if let Some(r) = m
        .additional_kwargs
        .reasoning_content
        .as_ref()
        .filter(|r| !r.is_empty())
    {
        out.push(StreamEvent::ReasoningDelta {
            id: id.clone(),
            text: r.clone(),
        });
    }
    if let crate::dialects::langchain::LcContent::Blocks(blocks) = &m.content {
        for b in blocks {
            if let Some(r) = b
                .get("reasoning")
                .or_else(|| b.get("thinking"))
                .and_then(Value::as_str)
            {
                out.push(StreamEvent::ReasoningDelta {
                    id: id.clone(),
                    text: r.to_owned(),
                });
            }
        }
    }
    if !m.tool_call_chunks.is_empty() {
        for (i, c) in m.tool_call_chunks.into_iter().enumerate() {
            out.push(StreamEvent::ToolCallDelta {
                message_id: id.clone(),
                index: c.index.unwrap_or(i as u32),
                id: c.id,
                name: c.name,
                args: c.args.unwrap_or_default(),
            });
        }
    } else if !m.tool_calls.is_empty() {
        let calls = m
            .tool_calls
            .into_iter()
            .map(|c| Block::ToolCall {
                args_text: c.args.to_string(),
                id: c.id,
                name: c.name,
                args: c.args,
            })
            .collect();
        out.push(StreamEvent::ToolCalls {
            message_id: id,
            calls,
        });
    }
    out
}
