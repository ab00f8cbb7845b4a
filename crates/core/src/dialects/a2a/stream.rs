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
/// before), and parts kept per artifact: past either, later chunks still show, apart.
const MAX_ARTIFACTS: usize = 256;
const MAX_PARTS: usize = 10_000;
/// What the kept parts of all artifacts hold at most (text bytes; 64 a part otherwise).
const MAX_KEPT_BYTES: usize = 8 * 1024 * 1024;
/// The most an interrupt's data may hold to be kept as the task's question.
const MAX_QUESTION_BYTES: usize = 1024 * 1024;

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
    /// Artifacts' parts so far, by artifact id (see [`MAX_ARTIFACTS`]), and what they hold.
    artifacts: Vec<(String, Vec<Block>)>,
    kept_bytes: usize,
    /// The data of the last interrupt artifact (LangGraph's `{id, value}`): the task's question.
    interrupt: Option<Value>,
    /// Chunks shown apart so far (past the bounds).
    apart: usize,
    /// The agent's work in progress, shown as one message: a working status's message (LangGraph
    /// sends the reply so far in each, under a new id each time) — its own id and parts. A message
    /// that goes on from it takes its place; one that does not leaves it under its own id.
    progress: Option<(String, Vec<Block>)>,
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

/// Whether blocks show anything (an artifact of one empty text — LangGraph's, when a task is
/// cancelled — does not).
fn shows_something(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Text { text } => !text.is_empty(),
        _ => true,
    })
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
            // The task is gone or over (a resubscription that came after its end): nothing failed
            // here — the error is kept, and the run is settled by the server's own task.
            if matches!(code, Some(-32001 | -32004)) {
                out.push(StreamEvent::Trace {
                    stream: "a2a-error".into(),
                    value: e.clone(),
                });
                return EventBatch::new(None, out);
            }
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
                self.agent_message(convert::message(m), &mut out);
                // A message, not a task: the agent answered, and that is all.
                if self.task.is_none() {
                    out.push(StreamEvent::Status {
                        status: RunStatus::Success,
                    });
                }
            }
            Update::Status(s) => {
                self.named(s, "taskId", &mut out);
                self.status(s, false, &mut out);
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

    fn progress_id(&self) -> String {
        progress_id(self.task.as_deref().unwrap_or_default())
    }

    /// Work in progress: shown in the progress message's place while it goes on from it; else
    /// the message before stays under its own id and this one is the progress.
    fn progress_update(&mut self, m: Message, out: &mut Vec<StreamEvent>) {
        let goes_on = self
            .progress
            .as_ref()
            .is_some_and(|(_, b)| wire::blocks_text(&m.blocks).starts_with(&wire::blocks_text(b)));
        if !goes_on {
            self.settle_progress(out);
        }
        out.push(StreamEvent::MessageSnapshot {
            message: Message {
                id: self.progress_id(),
                ..m.clone()
            },
        });
        self.progress = Some((m.id, m.blocks));
    }

    /// The progress shown stays, under its own id (the task waits, ends, or says something else).
    fn settle_progress(&mut self, out: &mut Vec<StreamEvent>) {
        if let Some((id, blocks)) = self.progress.take() {
            out.push(StreamEvent::MessageDone {
                message: Message {
                    id,
                    role: Role::Ai,
                    blocks,
                    name: None,
                    usage: None,
                },
                replaces: Some(self.progress_id()),
            });
        }
    }

    /// A finished message of the agent's: in the progress's place where it goes on from it (the
    /// reply the progress showed, whole), else beside it.
    fn agent_message(&mut self, m: Message, out: &mut Vec<StreamEvent>) {
        let replaces = match &self.progress {
            Some((_, b))
                if m.role == Role::Ai
                    && shows_something(&m.blocks)
                    && wire::blocks_text(&m.blocks).starts_with(&wire::blocks_text(b)) =>
            {
                self.progress = None;
                Some(self.progress_id())
            }
            _ => None,
        };
        out.push(StreamEvent::MessageDone {
            message: m,
            replaces,
        });
    }

    /// A task read whole: its messages replace what the view holds of them, then its status.
    fn task(&mut self, t: &Value, out: &mut Vec<StreamEvent>) {
        self.named(t, "id", out);
        let id = str_of(t, "id").to_owned();
        if let Some(Value::Array(h)) = t.get("history") {
            for m in h {
                self.agent_message(convert::message(m), out);
            }
        }
        if let Some(Value::Array(arts)) = t.get("artifacts") {
            for a in arts {
                if is_interrupt_artifact(a) {
                    self.question_data(a);
                    continue;
                }
                let m = convert::artifact_message(&id, a);
                if !shows_something(&m.blocks) {
                    continue;
                }
                self.keep(str_of(a, "artifactId"), &m.blocks, false);
                self.agent_message(m, out);
            }
        }
        self.status(t, true, out);
    }

    /// A status: the run's state, the agent's message it carries, what a waiting or failed task
    /// says. `read`: the task was read whole (a status message there may be the server's own
    /// words for the state — LangGraph's "Task completed successfully", a new id each read —
    /// and is shown only where the task waits).
    fn status(&mut self, s: &Value, read: bool, out: &mut Vec<StreamEvent>) {
        let state = TaskState::of(s);
        let status = s.get("status").cloned().unwrap_or(Value::Null);
        let said = convert::status_message(s).filter(|m| shows_something(&m.blocks));
        match (&state, said) {
            (TaskState::Working | TaskState::Submitted, Some(m)) if m.role == Role::Ai && !read => {
                self.progress_update(m, out)
            }
            (TaskState::Working | TaskState::Submitted, _) => {}
            // A failure's words are its error, not a message of the conversation.
            (TaskState::Failed | TaskState::Rejected | TaskState::AuthRequired, said) => {
                self.settle_progress(out);
                let words = said
                    .map(|m| m.plain_text())
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| format!("the task was {}", state.name()));
                let (code, message) = match state {
                    TaskState::AuthRequired => (
                        Some("auth-required".to_owned()),
                        format!(
                            "the agent asks for authentication this client cannot give: {words}"
                        ),
                    ),
                    TaskState::Rejected => (Some("rejected".to_owned()), words),
                    _ => (None, words),
                };
                out.push(StreamEvent::Error { code, message });
            }
            (TaskState::InputRequired, said) => {
                self.settle_progress(out);
                if let Some(m) = said {
                    self.agent_message(m, out);
                }
            }
            (_, said) => {
                self.settle_progress(out);
                if let Some(m) = said.filter(|_| !read) {
                    self.agent_message(m, out);
                }
            }
        }
        out.push(StreamEvent::Status {
            status: state.run_status(),
        });
        if state == TaskState::InputRequired {
            let task = self.task.clone().unwrap_or_default();
            out.push(StreamEvent::Interrupts {
                interrupts: vec![convert::question(&task, &status, self.interrupt.as_ref())],
            });
        }
    }

    /// Keeps the last interrupt artifact's data (bounded) as the task's question.
    fn question_data(&mut self, a: &Value) {
        let data = wire::blocks(a.get("parts"))
            .into_iter()
            .find_map(|b| match b {
                Block::Json { value } => Some(value),
                _ => None,
            });
        if let Some(d) = data.filter(|d| d.to_string().len() <= MAX_QUESTION_BYTES) {
            self.interrupt = Some(d);
        }
    }

    /// An artifact chunk: a new artifact (or one sent again whole) replaces; an appended chunk of
    /// text is appended; other appended parts join the parts kept, shown whole.
    fn artifact(&mut self, u: &Value, out: &mut Vec<StreamEvent>) {
        let Some(a) = u.get("artifact") else { return };
        if is_interrupt_artifact(a) {
            self.question_data(a);
            return;
        }
        let task = self.task.clone().unwrap_or_default();
        let aid = str_of(a, "artifactId").to_owned();
        let id = artifact_message_id(&task, &aid);
        let blocks = wire::blocks(a.get("parts"));
        let append = u.get("append").and_then(Value::as_bool).unwrap_or(false);
        // Nothing to show (LangGraph's empty reply to a cancelled task): what is shown stays.
        if !append && !shows_something(&blocks) {
            return;
        }
        let all_text = blocks.iter().all(|b| matches!(b, Block::Text { .. }));
        let kept = self.keep(&aid, &blocks, append);
        if append && all_text {
            out.push(StreamEvent::MessageDelta {
                id,
                role: Role::Ai,
                text: wire::blocks_text(&blocks),
            });
            return;
        }
        let (id, whole) = match kept {
            Some(i) => (id, self.artifacts[i].1.clone()),
            // Past the bounds: the chunk is shown apart, never in place of what came before.
            None if append => {
                self.apart += 1;
                (format!("{id}:{}", self.apart), blocks)
            }
            None => (id, blocks),
        };
        self.agent_message(
            Message {
                id,
                role: Role::Ai,
                blocks: whole,
                name: opt(a, "name"),
                usage: None,
            },
            out,
        );
    }

    /// Keeps an artifact's parts (appended or replacing); where they are kept, if they are.
    fn keep(&mut self, aid: &str, blocks: &[Block], append: bool) -> Option<usize> {
        let i = match self.artifacts.iter().position(|(k, _)| k == aid) {
            Some(i) => i,
            None if self.artifacts.len() < MAX_ARTIFACTS && !append => {
                self.artifacts.push((aid.to_owned(), Vec::new()));
                self.artifacts.len() - 1
            }
            None => return None,
        };
        if !append {
            let freed: usize = self.artifacts[i].1.iter().map(block_size).sum();
            self.kept_bytes -= freed.min(self.kept_bytes);
            self.artifacts[i].1.clear();
        }
        for b in blocks {
            if self.kept_bytes + block_size(b) > MAX_KEPT_BYTES
                || self.artifacts[i].1.len() >= MAX_PARTS
            {
                // Kept no further: later chunks are shown apart.
                let freed: usize = self.artifacts[i].1.iter().map(block_size).sum();
                self.kept_bytes -= freed.min(self.kept_bytes);
                self.artifacts.remove(i);
                return None;
            }
            self.kept_bytes += block_size(b);
            let kept = &mut self.artifacts[i].1;
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
