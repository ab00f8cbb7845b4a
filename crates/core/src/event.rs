//! Normalized stream events: what every dialect's adapter produces and the reducer consumes.

use crate::domain::{Block, Interrupt, Message, Role, RunStatus};
use serde::Serialize;
use serde_json::Value;

/// The identity of an event in its stream, used to apply each event at most once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKey {
    /// An SSE `id:`. LangGraph's resumable ids look like `<ms>-<seq>` and are ordered.
    SseId(String),
    /// Agent Protocol thread-stream `seq`.
    Seq(u64),
    /// Yandex `stream_cursor.current_event_idx`.
    Cursor(u64),
}

impl EventKey {
    /// A total order for keys that have one (`<ms>-<seq>` ids, plain numeric ids, seq, cursor).
    pub fn order(&self) -> Option<(u64, u64)> {
        match self {
            Self::Seq(n) | Self::Cursor(n) => Some((*n, 0)),
            Self::SseId(s) => {
                let (a, b) = s.split_once('-').unwrap_or((s.as_str(), "0"));
                Some((a.parse().ok()?, b.parse().ok()?))
            }
        }
    }

    /// The text a client sends back to resume after this key (`Last-Event-ID`, `since`, `eventsStartIdx`).
    pub fn resume_token(&self) -> String {
        match self {
            Self::SseId(s) => s.clone(),
            Self::Seq(n) | Self::Cursor(n) => n.to_string(),
        }
    }
}

/// One normalized event.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StreamEvent {
    /// A run began (LangGraph `metadata`). Sets the run status to running.
    RunStarted {
        run_id: Option<String>,
        thread_id: Option<String>,
    },
    /// The run's status changed (a lifecycle event, the end of a Yandex run).
    Status { status: RunStatus },
    /// A message began (Agent Protocol `message-start`).
    MessageStarted { id: String, role: Role },
    /// Streamed text to append to a message, created if unknown.
    MessageDelta {
        id: String,
        role: Role,
        text: String,
    },
    /// Streamed reasoning text to append.
    ReasoningDelta { id: String, text: String },
    /// The whole message so far (LangGraph `messages/partial`, Yandex cumulative partials): replaces it.
    MessageSnapshot { message: Message },
    /// A finished message: replaces the one with its id, or the in-flight message named by `replaces`.
    MessageDone {
        message: Message,
        #[serde(skip_serializing_if = "Option::is_none")]
        replaces: Option<String>,
    },
    /// A fragment of a tool call being streamed into message `message_id`.
    ToolCallDelta {
        message_id: String,
        index: u32,
        id: Option<String>,
        name: Option<String>,
        args: String,
    },
    /// Complete tool calls on message `message_id` (sent whole, or Yandex `TOOL_CALLS`).
    ToolCalls {
        message_id: String,
        calls: Vec<Block>,
    },
    /// The full state values (LangGraph/AP `values`).
    Values { values: Value },
    /// The messages of a full state, converted: the authoritative list after a `values` event.
    MessagesSnapshot { messages: Vec<Message> },
    /// One node's partial state update.
    Update { node: String, value: Value },
    /// Interrupts waiting for an answer.
    Interrupts { interrupts: Vec<Interrupt> },
    /// Whatever the graph wrote to its custom stream.
    Custom { value: Value },
    /// A node of the graph is running: its tokens stream (LangGraph: a token's `langgraph_node`).
    /// Said when the streaming node changes, not with every token; read by the timeline alone.
    NodeActive { node: String },
    /// Debugging streams (LangGraph `events`, `debug`, `tasks`, `checkpoints`): shown in the Events tab.
    Trace { stream: String, value: Value },
    /// Token usage reported by the server.
    Usage {
        prompt: Option<u64>,
        completion: Option<u64>,
        total: Option<u64>,
    },
    /// An error the server sent inside the stream.
    Error {
        code: Option<String>,
        message: String,
    },
    /// An event the adapter could not read: kept, shown, and skipped.
    Malformed {
        event: String,
        data: String,
        reason: String,
    },
    /// A keep-alive.
    Heartbeat,
    /// An event kind this client does not know: kept as it came.
    Unknown { event: String, data: String },
}

/// Subgraph namespaces longer than this keep their first segments; the rest is joined into the
/// last one (`a|b|…`). Real graphs nest a few levels; a hostile server's `updates|a|a|a|…` of 20,000
/// segments must not make every consumer (the timeline nests bars by namespace) work per segment.
pub const MAX_NAMESPACE: usize = 16;

/// `segments` as a namespace of at most [`MAX_NAMESPACE`] segments (see there).
pub fn bounded_namespace<S: AsRef<str>>(segments: impl IntoIterator<Item = S>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in segments {
        if out.len() < MAX_NAMESPACE {
            out.push(s.as_ref().to_owned());
        } else if let Some(last) = out.last_mut() {
            last.push('|');
            last.push_str(s.as_ref());
        }
    }
    out
}

/// The normalized events of one raw event, sharing its key and namespace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventBatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<EventKey>,
    /// Subgraph namespace (`mode|ns1|ns2` in LangGraph, `params.namespace` in the thread protocol).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub namespace: Vec<String>,
    pub events: Vec<StreamEvent>,
    /// A hash of the raw event it came from (its type and data; 0: not known), set by the pipeline:
    /// an event sent twice under the same key is told apart from another of the same key.
    #[serde(skip)]
    pub fingerprint: u64,
}

impl EventBatch {
    pub fn new(key: Option<EventKey>, events: Vec<StreamEvent>) -> Self {
        Self {
            key,
            namespace: Vec::new(),
            events,
            fingerprint: 0,
        }
    }
}

/// The fingerprint of a raw event (FNV-1a over its type and data): equal for an event sent twice.
pub fn fingerprint(event: &str, data: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in event.bytes().chain([0xff]).chain(data.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(1)
}
