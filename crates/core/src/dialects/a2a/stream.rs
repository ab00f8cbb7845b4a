//! A2A streams → normalized events. A stream (`message/stream`, a resubscription) is SSE whose every
//! `data` is a whole JSON-RPC answer; a task read by `tasks/get` (how a run is followed on servers
//! that cannot resubscribe) is one JSON answer — [`A2aDecoder`] reads either. The first event is the
//! task (its id names the run, its `contextId` the conversation), then status and artifact updates.
//! An artifact is one message, its chunks appended; a task read whole replaces what its chunks built,
//! so a rejoin shows nothing twice.

use super::convert::{self, artifact_message_id};
use super::wire::{self, opt, str_of, update_of, TaskState, Update};
use crate::decode::{Decoder, NdjsonDecoder, RawEvent, SseDecoder};
use crate::dialects::StreamAdapter;
use crate::domain::{Block, Message, Role, RunStatus};
use crate::event::{EventBatch, StreamEvent};
use serde_json::Value;

/// Artifacts of one stream whose parts are kept (to append a data or file chunk to what came
/// before), and parts kept per artifact: past either, later chunks still show, appended as text.
const MAX_ARTIFACTS: usize = 256;
const MAX_PARTS: usize = 10_000;
/// Text kept per artifact.
const MAX_KEPT_BYTES: usize = 4 * 1024 * 1024;

/// SSE, or — a body starting with `{` — JSON answers one after another.
#[derive(Debug, Default)]
pub struct A2aDecoder {
    inner: Option<Inner>,
}

#[derive(Debug)]
enum Inner {
    Sse(SseDecoder),
    Json(NdjsonDecoder),
}

impl Decoder for A2aDecoder {
    fn feed(&mut self, chunk: &[u8], out: &mut Vec<RawEvent>) {
        if self.inner.is_none() {
            match chunk.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{') => self.inner = Some(Inner::Json(NdjsonDecoder::new())),
                Some(_) => self.inner = Some(Inner::Sse(SseDecoder::new())),
                None => return,
            }
        }
        match &mut self.inner {
            Some(Inner::Sse(d)) => d.feed(chunk, out),
            Some(Inner::Json(d)) => d.feed(chunk, out),
            None => {}
        }
    }

    fn finish(&mut self) -> Option<String> {
        match &mut self.inner {
            Some(Inner::Sse(d)) => d.finish(),
            Some(Inner::Json(d)) => d.finish(),
            None => None,
        }
    }

    fn take_problems(&mut self) -> Vec<String> {
        match &mut self.inner {
            Some(Inner::Sse(d)) => d.take_problems(),
            Some(Inner::Json(d)) => d.take_problems(),
            None => Vec::new(),
        }
    }
}

#[derive(Debug, Default)]
pub struct A2aStream {
    /// The task this stream is about (named by its first event).
    task: Option<String>,
    /// Artifacts' parts so far, by artifact id (see [`MAX_ARTIFACTS`]).
    artifacts: Vec<(String, Vec<Block>)>,
    /// Artifacts holding data the task's question may need (a LangGraph interrupt).
    data_artifacts: Vec<Value>,
    /// Chunks shown apart so far (past the bounds).
    apart: usize,
    /// The agent's progress message is shown (a working status's message: LangGraph sends the
    /// reply so far in each, under a new id each time), until the task's first text artifact
    /// takes its place.
    progress: bool,
}

/// The id the progress of task `task` is shown under.
fn progress_id(task: &str) -> String {
    format!("a2a-progress:{task}")
}

/// LangGraph's artifact holding a graph's interrupt: the task's question, not a message.
fn is_interrupt_artifact(a: &Value) -> bool {
    str_of(a, "name") == "Interrupt"
        && wire::blocks(a.get("parts"))
            .iter()
            .all(|b| matches!(b, Block::Json { .. }))
}

fn malformed(raw: RawEvent, reason: String) -> EventBatch {
    EventBatch::new(
        None,
        vec![StreamEvent::Malformed {
            event: raw.event,
            data: raw.data,
            reason,
        }],
    )
}

impl StreamAdapter for A2aStream {
    fn adapt(&mut self, raw: RawEvent) -> EventBatch {
        let data = raw.data.trim();
        if data.is_empty() {
            return EventBatch::new(None, Vec::new());
        }
        let v: Value = match serde_json::from_str(data) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => return malformed(raw, "an event is a JSON-RPC answer (an object)".into()),
            Err(e) => return malformed(raw, e.to_string()),
        };
        let mut out = Vec::new();
        if let Some(e) = v.get("error") {
            let (code, message) = convert::error_words(e);
            out.push(StreamEvent::Error {
                code: code.map(|c| c.to_string()),
                message,
            });
            out.push(StreamEvent::Status {
                status: RunStatus::Error,
            });
            return EventBatch::new(None, out);
        }
        let Some(result) = v.get("result") else {
            return malformed(raw, "a JSON-RPC answer holds a result or an error".into());
        };
        match update_of(result) {
            Update::Task(t) => self.task(t, &mut out),
            Update::Message(m) => {
                out.push(StreamEvent::MessageDone {
                    message: convert::message(m),
                    replaces: None,
                });
                // A message, not a task: the agent answered, and that is all.
                if self.task.is_none() {
                    out.push(StreamEvent::Status {
                        status: RunStatus::Success,
                    });
                }
            }
            Update::Status(s) => {
                self.named(s, "taskId", &mut out);
                self.status(s, &mut out);
            }
            Update::Artifact(a) => {
                self.named(a, "taskId", &mut out);
                self.artifact(a, &mut out);
            }
            Update::Other => out.push(StreamEvent::Unknown {
                event: raw.event,
                data: raw.data,
            }),
        }
        EventBatch::new(None, out)
    }
}

impl A2aStream {
    /// The run and conversation, said once per task.
    fn named(&mut self, v: &Value, id_key: &str, out: &mut Vec<StreamEvent>) {
        let Some(id) = opt(v, id_key) else { return };
        if self.task.as_deref() == Some(id.as_str()) {
            return;
        }
        self.task = Some(id.clone());
        out.push(StreamEvent::RunStarted {
            run_id: Some(id),
            thread_id: opt(v, "contextId"),
        });
    }

    /// A task read whole: its messages replace what the view holds of them, then its status.
    fn task(&mut self, t: &Value, out: &mut Vec<StreamEvent>) {
        self.named(t, "id", out);
        let id = str_of(t, "id");
        let history = match t.get("history") {
            Some(Value::Array(h)) => h.as_slice(),
            _ => &[],
        };
        for m in history {
            out.push(StreamEvent::MessageDone {
                message: convert::message(m),
                replaces: None,
            });
        }
        if let Some(Value::Array(arts)) = t.get("artifacts") {
            for a in arts {
                let m = convert::artifact_message(id, a);
                self.keep(str_of(a, "artifactId"), &m.blocks, false, a);
                out.push(StreamEvent::MessageSnapshot { message: m });
            }
        }
        self.status(t, out);
    }

    /// A status: the agent's message it carries, the run's state, and what a waiting or failed
    /// task says.
    fn status(&mut self, s: &Value, out: &mut Vec<StreamEvent>) {
        let state = TaskState::of(s);
        let status = s.get("status").cloned().unwrap_or(Value::Null);
        let said = convert::status_message(s);
        match (&state, said) {
            // A failure's words are its error, not a message of the conversation.
            (TaskState::Failed | TaskState::Rejected, said) => {
                let words = said
                    .map(|m| m.plain_text())
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| format!("the task was {}", state.name()));
                out.push(StreamEvent::Error {
                    code: (state == TaskState::Rejected).then(|| "rejected".to_owned()),
                    message: words,
                });
            }
            // Work in progress: one message, replaced by each (and by the first text artifact).
            (TaskState::Working | TaskState::Submitted, Some(m))
                if m.role == Role::Ai && !m.blocks.is_empty() =>
            {
                self.progress = true;
                out.push(StreamEvent::MessageSnapshot {
                    message: Message {
                        id: progress_id(self.task.as_deref().unwrap_or_default()),
                        ..m
                    },
                });
            }
            (_, Some(m)) if !m.blocks.is_empty() => out.push(StreamEvent::MessageDone {
                message: m,
                replaces: None,
            }),
            _ => {}
        }
        out.push(StreamEvent::Status {
            status: state.run_status(),
        });
        if state.waits() {
            let task = self.task.clone().unwrap_or_default();
            out.push(StreamEvent::Interrupts {
                interrupts: vec![convert::question(&task, &status, &self.data_artifacts)],
            });
        }
    }

    /// An artifact chunk: a new artifact (or one sent again whole) replaces; an appended chunk of
    /// text is appended; other appended parts join the parts kept, shown whole.
    fn artifact(&mut self, u: &Value, out: &mut Vec<StreamEvent>) {
        let Some(a) = u.get("artifact") else { return };
        let task = self.task.clone().unwrap_or_default();
        if is_interrupt_artifact(a) {
            self.keep(str_of(a, "artifactId"), &[], false, a);
            if self.data_artifacts.len() < MAX_ARTIFACTS {
                self.data_artifacts.push(a.clone());
            }
            return;
        }
        let aid = str_of(a, "artifactId").to_owned();
        let id = artifact_message_id(&task, &aid);
        let blocks = wire::blocks(a.get("parts"));
        let append = u.get("append").and_then(Value::as_bool).unwrap_or(false);
        let all_text = blocks.iter().all(|b| matches!(b, Block::Text { .. }));
        let kept = self.keep(&aid, &blocks, append, a);
        if append && all_text {
            let text: String = blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Text { text } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            out.push(StreamEvent::MessageDelta {
                id,
                role: Role::Ai,
                text,
            });
            return;
        }
        let (id, whole) = match kept {
            Some(i) => (id, self.artifacts[i].1.clone()),
            // Past the bounds: the chunk is shown apart, never in place of what came before.
            None if append => (format!("{id}:{}", self.apart), blocks),
            None => (id, blocks),
        };
        if append && kept.is_none() {
            self.apart += 1;
        }
        let message = Message {
            id,
            role: Role::Ai,
            blocks: whole,
            name: opt(a, "name"),
            usage: None,
        };
        // The reply the progress showed, whole: in its place.
        if self.progress
            && message
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Text { .. }))
        {
            self.progress = false;
            out.push(StreamEvent::MessageDone {
                message,
                replaces: Some(progress_id(&task)),
            });
            return;
        }
        out.push(StreamEvent::MessageSnapshot { message });
    }

    /// Keeps an artifact's parts (appended or replacing); where they are kept, if they are.
    fn keep(&mut self, aid: &str, blocks: &[Block], append: bool, a: &Value) -> Option<usize> {
        if blocks.iter().any(|b| matches!(b, Block::Json { .. }))
            && self.data_artifacts.len() < MAX_ARTIFACTS
        {
            self.data_artifacts.push(a.clone());
        }
        let i = match self.artifacts.iter().position(|(k, _)| k == aid) {
            Some(i) => i,
            None if self.artifacts.len() < MAX_ARTIFACTS && !append => {
                self.artifacts.push((aid.to_owned(), Vec::new()));
                self.artifacts.len() - 1
            }
            None => return None,
        };
        let kept = &mut self.artifacts[i].1;
        if !append {
            kept.clear();
        }
        let mut bytes: usize = kept.iter().map(block_size).sum();
        for b in blocks {
            bytes += block_size(b);
            if bytes > MAX_KEPT_BYTES || kept.len() >= MAX_PARTS {
                // Kept no further: later chunks are shown apart.
                self.artifacts.remove(i);
                return None;
            }
            match (kept.last_mut(), b) {
                (Some(Block::Text { text }), Block::Text { text: more }) => text.push_str(more),
                (_, b) => kept.push(b.clone()),
            }
        }
        Some(i)
    }
}

fn block_size(b: &Block) -> usize {
    match b {
        Block::Text { text } => text.len(),
        _ => 64,
    }
}
