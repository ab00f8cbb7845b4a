//! Applies normalized events to a thread view. Idempotent: a batch whose key was already applied changes
//! nothing, which is what makes rejoining a stream (Last-Event-ID, `since`, a cursor) lossless.
//! Never panics and never aborts: what it cannot use is recorded in `warnings`.

use crate::domain::{Block, Interrupt, Message, Role, RunStatus, Values};
use crate::event::{EventBatch, EventKey, StreamEvent};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Most recent unknown events kept for inspection.
const MAX_KEPT: usize = 200;

/// A server error reported inside a stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StreamError {
    pub code: Option<String>,
    pub message: String,
}

pub use crate::domain::Usage;

/// What one `apply` changed, so a view can update only that.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Changes {
    /// Indices of messages whose content changed.
    pub messages: Vec<usize>,
    /// Messages were added, removed or reordered.
    pub list: bool,
    pub status: bool,
    pub values: bool,
    pub interrupts: bool,
    pub errors: bool,
    /// The agent's components (generative UI) changed.
    pub ui: bool,
    /// The batch had already been applied and was skipped.
    pub duplicate: bool,
}

impl Changes {
    /// Whether anything a view shows changed.
    pub fn any(&self) -> bool {
        !self.messages.is_empty()
            || self.list
            || self.status
            || self.values
            || self.interrupts
            || self.errors
            || self.ui
    }

    fn touch(&mut self, i: usize) {
        if !self.messages.contains(&i) {
            self.messages.push(i);
        }
    }
    pub fn merge(&mut self, o: Changes) {
        for i in o.messages {
            self.touch(i);
        }
        self.list |= o.list;
        self.status |= o.status;
        self.values |= o.values;
        self.interrupts |= o.interrupts;
        self.errors |= o.errors;
        self.ui |= o.ui;
    }
}

/// The state of one thread as the stream builds it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ThreadView {
    pub thread_id: Option<String>,
    pub run_id: Option<String>,
    /// `None` until a run is seen.
    pub status: Option<RunStatus>,
    pub messages: Vec<Message>,
    #[serde(skip)]
    index: HashMap<String, usize>,
    /// Shared, not copied, with whoever shows them, and read only when shown: a long thread's
    /// values are megabytes.
    pub values: Values,
    pub interrupts: Vec<Interrupt>,
    pub errors: Vec<StreamError>,
    /// Events that could not be read, with the reason; shown, never fatal.
    pub warnings: Vec<String>,
    pub usage: Option<Usage>,
    pub custom: Vec<Value>,
    /// The components the agent asked for (its UI messages), from `custom` events and the `ui` key.
    #[serde(skip)]
    pub ui: crate::gen_ui::UiMessages,
    pub unknown: Vec<(String, String)>,
    /// The key of the last applied batch.
    pub last_key: Option<EventKey>,
    /// How many applied batches carried `last_key`. LangGraph's in-memory server gives events of the same
    /// millisecond the same SSE id (seen in tests/fixtures/langgraph/stream_resumable.http: 407 events,
    /// 115 distinct ids), so equal keys are not duplicates in a live stream.
    #[serde(skip)]
    last_key_count: u32,
    /// The greatest key below `last_key`: what a rejoin asks to resume after, so that the server sends
    /// the whole last group of equal ids again and none of it is lost.
    #[serde(skip)]
    prev_key: Option<EventKey>,
    /// Equal-key batches still to skip on a rejoined stream (those already applied).
    #[serde(skip)]
    replay_skip: u32,
    /// The fingerprints of the batches applied under `last_key` (at most [`MAX_GROUP_PRINTS`]): one
    /// sent again under the same key is a duplicate, not another event of the same millisecond.
    #[serde(skip)]
    group_prints: Vec<u64>,
    #[serde(skip)]
    seen_unordered: HashSet<EventKey>,
    pub applied: u64,
    pub duplicates: u64,
    /// Messages streamed inside a subgraph, by id: the node(s) that ran it (`consult` of
    /// `consult:<task>`, nested ones joined by ` › `). They are a subagent's own, shown apart from
    /// the conversation; a message the root graph's state later holds becomes the conversation's.
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub subgraph_of: HashMap<String, String>,
    /// The subgraph of the batch being applied (`None`: the root graph).
    #[serde(skip)]
    applying_in: Option<String>,
    /// Where each streamed tool call's arguments stand (by message and index): they are parsed once
    /// their outermost object closes, not after every fragment.
    #[serde(skip)]
    tool_scans: HashMap<(String, u32), crate::json_scan::JsonScan>,
}

/// `["consult:1a2b", "scout:3c4d"]` → `consult › scout`.
pub fn subgraph_label(namespace: &[String]) -> String {
    namespace
        .iter()
        .map(|seg| seg.split(':').next().unwrap_or(seg))
        .collect::<Vec<_>>()
        .join(" › ")
}

impl ThreadView {
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the messages with a server snapshot (e.g. `GET /threads/{id}/state`).
    pub fn load_messages(&mut self, messages: Vec<Message>) {
        self.messages = messages;
        self.tool_scans.clear();
        self.reindex();
        // The thread's stored messages are its conversation's.
        let index = &self.index;
        self.subgraph_of.retain(|id, _| !index.contains_key(id));
    }

    fn reindex(&mut self) {
        self.index = self
            .messages
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
    }

    /// Gives a message a new id, so that a placeholder id (Yandex's partial message) is free for the
    /// next run; the message stays where it is.
    pub fn rename_message(&mut self, from: &str, to: &str) -> Changes {
        let mut c = Changes::default();
        if let Some(&i) = self.index.get(from) {
            self.messages[i].id = to.to_owned();
            self.reindex();
            c.list = true;
        }
        c
    }

    /// Adds a message the user just sent, before the server echoes it under the same id.
    pub fn push_local_message(&mut self, message: Message) -> Changes {
        let mut c = Changes::default();
        self.upsert(message, None, &mut c);
        c
    }

    /// Forgets stream keys and the run, keeping messages: the next run's stream starts a new key space.
    pub fn begin_run(&mut self) {
        self.last_key = None;
        self.prev_key = None;
        self.last_key_count = 0;
        self.replay_skip = 0;
        self.group_prints.clear();
        self.seen_unordered.clear();
        self.run_id = None;
        self.errors.clear();
        self.status = Some(RunStatus::Pending);
    }

    /// Call before applying a new connection's events for the same run (a rejoin): batches with the
    /// last key that were already applied will be sent again and must be skipped, once each.
    pub fn begin_replay(&mut self) {
        self.replay_skip = self.last_key_count;
    }

    /// The key to resume after on a rejoin (`Last-Event-ID`, `since`): the one before the last group.
    /// `None` means "from the start", after which everything already applied is skipped.
    pub fn resume_after(&self) -> Option<&EventKey> {
        if self.last_key_count > 0 && self.last_key.as_ref().and_then(EventKey::order).is_some() {
            self.prev_key.as_ref()
        } else {
            self.last_key.as_ref()
        }
    }

    /// Decides whether a keyed batch is new, updating the key bookkeeping when it is. `print`: the
    /// batch's fingerprint (0: unknown).
    fn admit(&mut self, key: &EventKey, print: u64) -> bool {
        let last = self.last_key.as_ref().and_then(EventKey::order);
        match (key.order(), last) {
            (Some(k), Some(l)) if k < l => false,
            (Some(k), Some(l)) if k == l => {
                if self.replay_skip > 0 {
                    self.replay_skip -= 1;
                    false
                } else if print != 0 && self.group_prints.contains(&print) {
                    // The same event again under its key (measured: a LangGraph join stream sent
                    // a token event twice, back to back): shown once.
                    false
                } else {
                    self.last_key_count += 1;
                    if print != 0 && self.group_prints.len() < MAX_GROUP_PRINTS {
                        self.group_prints.push(print);
                    }
                    true
                }
            }
            (Some(_), _) => {
                self.prev_key = self.last_key.take();
                self.last_key = Some(key.clone());
                self.last_key_count = 1;
                self.replay_skip = 0;
                self.group_prints.clear();
                if print != 0 {
                    self.group_prints.push(print);
                }
                true
            }
            (None, _) => {
                if !self.seen_unordered.insert(key.clone()) {
                    return false;
                }
                self.last_key = Some(key.clone());
                true
            }
        }
    }

    /// Applies one batch (the events of one raw event).
    pub fn apply(&mut self, batch: &EventBatch) -> Changes {
        let mut c = Changes::default();
        if let Some(key) = &batch.key {
            if !self.admit(key, batch.fingerprint) {
                self.duplicates += 1;
                c.duplicate = true;
                return c;
            }
        }
        // Subgraph events do not replace the root graph's state or messages list.
        let root = batch.namespace.is_empty();
        self.applying_in = (!root).then(|| subgraph_label(&batch.namespace));
        for e in &batch.events {
            self.apply_event(e, root, &mut c);
        }
        self.applying_in = None;
        self.applied += 1;
        c
    }

    /// A message first seen inside a subgraph is that subgraph's.
    fn tag(&mut self, id: &str) {
        if let Some(label) = &self.applying_in {
            if !self.subgraph_of.contains_key(id) {
                self.subgraph_of.insert(id.to_owned(), label.clone());
            }
        }
    }

    fn message_index(&mut self, id: &str, role: &Role, c: &mut Changes) -> usize {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        self.tag(id);
        self.messages.push(Message {
            id: id.to_owned(),
            role: role.clone(),
            blocks: Vec::new(),
            name: None,
            usage: None,
        });
        let i = self.messages.len() - 1;
        self.index.insert(id.to_owned(), i);
        c.list = true;
        i
    }

    fn upsert(&mut self, message: Message, replaces: Option<&str>, c: &mut Changes) {
        let at = replaces
            .and_then(|r| self.index.get(r).copied())
            .or_else(|| self.index.get(&message.id).copied());
        match at {
            Some(i) => {
                if self.messages[i].id != message.id {
                    let old = std::mem::replace(&mut self.messages[i].id, message.id.clone());
                    self.index.remove(&old);
                    self.index.insert(message.id.clone(), i);
                    c.list = true;
                }
                if self.messages[i] != message {
                    self.messages[i] = message;
                    c.touch(i);
                }
            }
            None => {
                self.tag(&message.id);
                self.index.insert(message.id.clone(), self.messages.len());
                self.messages.push(message);
                c.list = true;
            }
        }
    }

    fn set_status(&mut self, status: RunStatus, c: &mut Changes) {
        // A run that stops on an interrupt ends "successfully" on the wire; it is interrupted.
        let status = if status == RunStatus::Success && !self.interrupts.is_empty() {
            RunStatus::Interrupted
        } else {
            status
        };
        if self.status.as_ref() != Some(&status) {
            self.status = Some(status);
            c.status = true;
        }
    }

    fn apply_event(&mut self, e: &StreamEvent, root: bool, c: &mut Changes) {
        match e {
            StreamEvent::RunStarted { run_id, thread_id } => {
                if root {
                    if run_id.is_some() {
                        self.run_id = run_id.clone();
                    }
                    if thread_id.is_some() {
                        self.thread_id = thread_id.clone();
                    }
                    if !self.interrupts.is_empty() {
                        self.interrupts.clear();
                        c.interrupts = true;
                    }
                    self.set_status(RunStatus::Running, c);
                }
            }
            StreamEvent::Status { status } => {
                if root {
                    if *status == RunStatus::Running && !self.interrupts.is_empty() {
                        // A resumed run: the interrupt was answered.
                        self.interrupts.clear();
                        c.interrupts = true;
                    }
                    self.set_status(status.clone(), c);
                }
            }
            StreamEvent::MessageStarted { id, role } => {
                self.message_index(id, role, c);
            }
            StreamEvent::MessageDelta { id, role, text } => {
                let i = self.message_index(id, role, c);
                self.messages[i].push_text(text);
                c.touch(i);
            }
            StreamEvent::ReasoningDelta { id, text } => {
                let i = self.message_index(id, &Role::Ai, c);
                self.messages[i].push_reasoning(text);
                c.touch(i);
            }
            StreamEvent::MessageSnapshot { message } => self.upsert(message.clone(), None, c),
            StreamEvent::MessageDone { message, replaces } => {
                self.upsert(message.clone(), replaces.as_deref(), c)
            }
            StreamEvent::ToolCallDelta {
                message_id,
                index,
                id,
                name,
                args,
            } => {
                let i = self.message_index(message_id, &Role::Ai, c);
                let closed = self
                    .tool_scans
                    .entry((message_id.clone(), *index))
                    .or_default()
                    .feed(args);
                let m = &mut self.messages[i];
                let existing = m
                    .blocks
                    .iter_mut()
                    .filter(|b| matches!(b, Block::ToolCall { .. }))
                    .nth(*index as usize);
                match existing {
                    Some(Block::ToolCall {
                        id: bid,
                        name: bname,
                        args: bargs,
                        args_text,
                    }) => {
                        args_text.push_str(args);
                        if bid.is_none() {
                            bid.clone_from(id);
                        }
                        if let (true, Some(n)) = (bname.is_empty(), name) {
                            bname.clone_from(n);
                        }
                        if closed {
                            *bargs = serde_json::from_str(args_text).unwrap_or(Value::Null);
                        }
                    }
                    _ => m.blocks.push(Block::ToolCall {
                        id: id.clone(),
                        name: name.clone().unwrap_or_default(),
                        args: serde_json::from_str(args).unwrap_or(Value::Null),
                        args_text: args.clone(),
                    }),
                }
                c.touch(i);
            }
            StreamEvent::ToolCalls { message_id, calls } => {
                let i = self.message_index(message_id, &Role::Ai, c);
                let m = &mut self.messages[i];
                for call in calls {
                    let call_id = if let Block::ToolCall { id, .. } = call {
                        id.clone()
                    } else {
                        None
                    };
                    let pos = m.blocks.iter().position(|b| matches!(b, Block::ToolCall { id, .. } if id.is_some() && *id == call_id));
                    match pos {
                        Some(p) => m.blocks[p] = call.clone(),
                        None => m.blocks.push(call.clone()),
                    }
                }
                c.touch(i);
            }
            StreamEvent::Values { values } => {
                if root {
                    // The server's reduction of the components is the truth once it has one.
                    if let Some(ui) = values.get("ui") {
                        let ui = crate::gen_ui::UiMessages::from_state(ui);
                        if ui != self.ui {
                            self.ui = ui;
                            c.ui = true;
                        }
                    }
                    self.values = Values::from(values.clone());
                    c.values = true;
                }
            }
            StreamEvent::MessagesSnapshot { messages } => {
                if root {
                    self.apply_messages_snapshot(messages, c);
                }
            }
            StreamEvent::Update { .. }
            | StreamEvent::NodeActive { .. }
            | StreamEvent::Trace { .. }
            | StreamEvent::Heartbeat => {}
            StreamEvent::Interrupts { interrupts } => {
                for i in interrupts {
                    match self
                        .interrupts
                        .iter_mut()
                        .find(|x| x.id.is_some() && x.id == i.id)
                    {
                        Some(x) => *x = i.clone(),
                        None => self.interrupts.push(i.clone()),
                    }
                }
                c.interrupts = true;
                if self
                    .status
                    .as_ref()
                    .is_some_and(|s| *s == RunStatus::Success)
                {
                    self.set_status(RunStatus::Interrupted, c);
                }
            }
            StreamEvent::Custom { value } => {
                if let Some(e) = crate::gen_ui::parse(value) {
                    c.ui |= self.ui.apply(e);
                }
                push_capped(&mut self.custom, value.clone())
            }
            StreamEvent::Usage {
                prompt,
                completion,
                total,
            } => {
                self.usage = Some(Usage {
                    prompt: *prompt,
                    completion: *completion,
                    total: *total,
                    reasoning: None,
                })
            }
            StreamEvent::Error { code, message } => {
                self.errors.push(StreamError {
                    code: code.clone(),
                    message: message.clone(),
                });
                c.errors = true;
            }
            StreamEvent::Malformed { event, reason, .. } => {
                push_capped(
                    &mut self.warnings,
                    format!("skipped a malformed `{event}` event: {reason}"),
                );
                c.errors = true;
            }
            StreamEvent::Unknown { event, data } => {
                push_capped(&mut self.unknown, (event.clone(), data.clone()))
            }
        }
    }

    /// A full state's message list is authoritative for the messages it names, in its order. Messages it
    /// does not name yet (one still streaming, one the user just sent) are kept after them, so nothing
    /// streamed is ever lost to a snapshot taken a moment earlier.
    fn apply_messages_snapshot(&mut self, snapshot: &[Message], c: &mut Changes) {
        let named: HashSet<&str> = snapshot.iter().map(|m| m.id.as_str()).collect();
        // What the root graph's state holds is the conversation's, wherever it was streamed.
        let before = self.subgraph_of.len();
        self.subgraph_of
            .retain(|id, _| !named.contains(id.as_str()));
        if self.subgraph_of.len() != before {
            c.list = true;
        }
        let same_order = self.messages.len() >= snapshot.len()
            && self
                .messages
                .iter()
                .zip(snapshot)
                .all(|(a, b)| a.id == b.id);
        if same_order {
            for (i, m) in snapshot.iter().enumerate() {
                if self.messages[i] != *m {
                    self.messages[i] = m.clone();
                    c.touch(i);
                }
            }
            return;
        }
        let kept: Vec<Message> = self
            .messages
            .drain(..)
            .filter(|m| !named.contains(m.id.as_str()))
            .collect();
        self.messages = snapshot.to_vec();
        self.messages.extend(kept);
        self.reindex();
        c.list = true;
    }

    /// Brings in what the server's own state of the thread holds and the streamed view lacks — the
    /// messages, tool results and interrupts of a stream that ended early (a proxy or server that closed
    /// it cleanly part-way: its bytes look like a finished stream). A view that already shows every
    /// message the server has (same role and text, under any id) does not change. Otherwise the server's
    /// messages become authoritative (the reducer's snapshot rule: its order, what only the view has
    /// kept after), and a view message cut short under an id the server does not use is dropped, so
    /// nothing shows twice. Returns the changes and how many items were recovered.
    pub fn recover_from(
        &mut self,
        server: &[Message],
        interrupts: &[Interrupt],
    ) -> (Changes, usize) {
        let mut c = Changes::default();
        // A message the stream showed under an id the server does not use (Yandex's partial-message
        // placeholder, when the stream was cut before the final message) takes the server's id for the
        // same text: the placeholder is free for the next run, and the message is the server's.
        let named: HashSet<&str> = server.iter().map(|m| m.id.as_str()).collect();
        let mut renamed = false;
        // The ids the view holds, kept current as messages take the server's.
        let mut taken: HashSet<String> = self.messages.iter().map(|m| m.id.clone()).collect();
        for v in self.messages.iter_mut() {
            if named.contains(v.id.as_str()) {
                continue;
            }
            let text = v.plain_text();
            if let Some(m) = server
                .iter()
                .find(|m| m.role == v.role && !taken.contains(&m.id) && m.plain_text() == text)
            {
                taken.insert(m.id.clone());
                v.id = m.id.clone();
                renamed = true;
            }
        }
        if renamed {
            self.reindex();
            c.list = true;
        }
        // Shown: under its own id (messages named by text have just taken the server's ids) with its
        // whole text. Not by text alone: a graph that says the same thing each run would let an
        // earlier run's message stand for this run's missing one.
        let shown = |m: &Message| {
            self.index
                .get(m.id.as_str())
                .is_some_and(|&i| self.messages[i].plain_text() == m.plain_text())
        };
        let missing = server.iter().filter(|m| !shown(m)).count();
        let replaced;
        // A reply cut short under an id the server does not use goes, whether or not the rest came by
        // the stream: a run the server ran again (after a restart) streams its reply anew under
        // another id, and the first, partial one must not stay beside it.
        {
            let cut_short = |v: &Message| {
                let have = v.plain_text();
                !named.contains(v.id.as_str())
                    && !have.is_empty()
                    && server.iter().any(|m| {
                        let full = m.plain_text();
                        m.role == v.role && full.len() > have.len() && full.starts_with(&have)
                    })
            };
            let before = self.messages.len();
            self.messages.retain(|v| !cut_short(v));
            replaced = before - self.messages.len();
            if replaced > 0 {
                self.reindex();
                c.list = true;
            }
        }
        if missing > 0 {
            self.apply_messages_snapshot(server, &mut c);
        }
        // What the user sees change counts: the missing parts, and a partial reply replaced by the
        // server's whole one (not a partial one the missing count already replaced).
        let mut recovered = missing.max(replaced);
        for i in interrupts {
            // By id where both have one (a stream and a state may word the same interrupt apart).
            let known = self
                .interrupts
                .iter()
                .any(|x| (i.id.is_some() && x.id == i.id) || x.value == i.value);
            if !known {
                self.interrupts.push(i.clone());
                c.interrupts = true;
                recovered += 1;
            }
        }
        (c, recovered)
    }

    /// After the messages were replaced by a branch's (`load_messages`): the components of messages the
    /// view no longer holds go too. Whether any went.
    pub fn keep_ui_of_messages(&mut self) -> bool {
        let index = &self.index;
        self.ui.retain_messages(|id| index.contains_key(id))
    }

    /// The components as the server's state holds them (its `ui` key), where it has one: a thread
    /// opened, a branch or checkpoint shown, a run settled against the server.
    pub fn load_ui(&mut self, values: &Values) -> Changes {
        let mut c = Changes::default();
        if let Some(ui) = crate::gen_ui::UiMessages::from_values(values) {
            if ui != self.ui {
                self.ui = ui;
                c.ui = true;
            }
        }
        c
    }

    /// Sets the run's status from an authoritative source (the server's run object), by the same rule as
    /// the stream: LangGraph reports a run that stopped on `interrupt()` as `success`, and with an interrupt
    /// pending that is shown as interrupted.
    pub fn settle(&mut self, status: RunStatus) -> Changes {
        let mut c = Changes::default();
        self.set_status(status, &mut c);
        c
    }

    /// The stream ended. A run still marked running when its stream closes cleanly has finished.
    pub fn finish_stream(&mut self) -> Changes {
        let mut c = Changes::default();
        if self.status.as_ref().is_some_and(RunStatus::is_active) {
            self.set_status(RunStatus::Success, &mut c);
        }
        c
    }

    pub fn message(&self, id: &str) -> Option<&Message> {
        self.index.get(id).map(|&i| &self.messages[i])
    }
}

/// Fingerprints kept for one group of equal keys (a millisecond's events on LangGraph's server).
const MAX_GROUP_PRINTS: usize = 256;

fn push_capped<T>(v: &mut Vec<T>, item: T) {
    if v.len() >= MAX_KEPT {
        v.remove(0);
    }
    v.push(item);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::StreamEvent as E;

    fn delta(id: &str, t: &str) -> E {
        E::MessageDelta {
            id: id.into(),
            role: Role::Ai,
            text: t.into(),
        }
    }

    fn ai(id: &str, text: &str) -> Message {
        Message::text(id, Role::Ai, text)
    }

    #[test]
    fn a_subgraphs_messages_are_its_own_until_the_root_state_holds_them() {
        let mut v = ThreadView::new();
        let inner = |events: Vec<E>| EventBatch {
            key: None,
            namespace: vec!["consult:7f3a".into(), "scout:9b".into()],
            events,
            fingerprint: 0,
        };
        v.apply(&EventBatch::new(None, vec![delta("root", "Quartz echo")]));
        v.apply(&inner(vec![delta("s1", "Scout ")]));
        v.apply(&inner(vec![delta("s1", "notes")]));
        assert_eq!(
            v.subgraph_of.get("s1").map(String::as_str),
            Some("consult › scout")
        );
        assert!(!v.subgraph_of.contains_key("root"));
        assert_eq!(
            v.messages[1].plain_text(),
            "Scout notes",
            "its own live text"
        );
        // A subgraph's snapshot of its own state does not touch the conversation.
        v.apply(&inner(vec![E::MessagesSnapshot {
            messages: vec![ai("s1", "Scout notes")],
        }]));
        assert_eq!(v.messages.len(), 2);
        // The root's state holds a shared-state subgraph's message: it is the conversation's now.
        let c = v.apply(&EventBatch::new(
            None,
            vec![E::MessagesSnapshot {
                messages: vec![ai("root", "Quartz echo"), ai("s2", "shared")],
            }],
        ));
        assert!(c.list);
        assert_eq!(
            v.subgraph_of.get("s1").map(String::as_str),
            Some("consult › scout"),
            "private: kept apart"
        );
        v.apply(&inner(vec![delta("s2", "late")]));
        assert!(
            !v.subgraph_of.contains_key("s2"),
            "first seen in the root: never the subgraph's"
        );
        assert_eq!(subgraph_label(&["research:1".into()]), "research");
    }

    #[test]
    fn recovering_takes_only_what_the_stream_lacked() {
        let mut v = ThreadView::new();
        v.load_messages(vec![
            Message::text("h", Role::Human, "hi"),
            ai("a", "Quartz echo: h"),
        ]);
        // The server has the whole reply, and a second message the stream never brought.
        let server = [
            Message::text("h", Role::Human, "hi"),
            ai("a", "Quartz echo: hi — seven amber herons"),
            ai("b", "And more."),
        ];
        let (c, n) = v.recover_from(&server, &[]);
        assert_eq!(n, 2, "the whole reply and the missing message");
        assert!(c.any());
        let texts: Vec<String> = v.messages.iter().map(Message::plain_text).collect();
        assert_eq!(
            texts,
            ["hi", "Quartz echo: hi — seven amber herons", "And more."]
        );
        // Asked again: nothing left to recover, nothing changes.
        let (c, n) = v.recover_from(&server, &[]);
        assert_eq!(n, 0);
        assert!(!c.any());
    }

    #[test]
    fn recovering_leaves_a_complete_views_text_alone_whatever_the_ids() {
        let mut v = ThreadView::new();
        v.load_messages(vec![ai("partial", "Echo: done")]);
        // The same text under the server's own id (a stream that names messages differently): nothing
        // is recovered or added; the message only takes the server's id.
        let (_, n) = v.recover_from(&[ai("stored-1", "Echo: done")], &[]);
        assert_eq!(n, 0);
        assert_eq!(v.messages.len(), 1);
        assert_eq!(v.messages[0].id, "stored-1");
        assert_eq!(v.messages[0].plain_text(), "Echo: done");
        // A reply cut short under an id the server does not use is replaced, not shown twice.
        let mut v = ThreadView::new();
        v.load_messages(vec![
            Message::text("h", Role::Human, "hi"),
            ai("partial", "Echo: h"),
        ]);
        let server = [
            Message::text("h", Role::Human, "hi"),
            ai("stored-2", "Echo: hi there"),
        ];
        let (_, n) = v.recover_from(&server, &[]);
        assert_eq!(n, 1);
        let texts: Vec<String> = v.messages.iter().map(Message::plain_text).collect();
        assert_eq!(texts, ["hi", "Echo: hi there"]);
    }

    #[test]
    fn recovering_is_not_fooled_by_an_earlier_run_that_said_the_same() {
        // Two runs of a graph that replies the same words each time; the second run's stream was cut
        // inside its first message, and its second message never came.
        let mut v = ThreadView::new();
        v.load_messages(vec![
            Message::text("h1", Role::Human, "again"),
            ai("a1", "Long answer."),
            ai("b1", "Summary."),
            Message::text("h2", Role::Human, "again"),
            ai("a2", "Long"),
        ]);
        let server = [
            Message::text("h1", Role::Human, "again"),
            ai("a1", "Long answer."),
            ai("b1", "Summary."),
            Message::text("h2", Role::Human, "again"),
            ai("a2", "Long answer."),
            ai("b2", "Summary."),
        ];
        let (_, n) = v.recover_from(&server, &[]);
        assert_eq!(n, 2, "the cut reply and the missing one");
        let ids: Vec<&str> = v.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["h1", "a1", "b1", "h2", "a2", "b2"]);
        assert_eq!(v.messages[4].plain_text(), "Long answer.");
    }

    #[test]
    fn recovering_brings_a_missed_interrupt() {
        let mut v = ThreadView::new();
        let i = Interrupt {
            id: Some("i1".into()),
            value: serde_json::json!({"question": "ok?"}),
            response_schema: None,
            namespace: Vec::new(),
        };
        let (c, n) = v.recover_from(&[], std::slice::from_ref(&i));
        assert_eq!(n, 1);
        assert!(c.interrupts);
        assert_eq!(v.recover_from(&[], &[i]).1, 0);
    }

    #[test]
    fn replaying_a_keyed_batch_changes_nothing() {
        let mut v = ThreadView::new();
        let b1 = EventBatch::new(Some(EventKey::SseId("10-0".into())), vec![delta("m", "a")]);
        let b2 = EventBatch::new(Some(EventKey::SseId("10-1".into())), vec![delta("m", "b")]);
        v.apply(&b1);
        v.apply(&b2);
        v.begin_replay();
        assert!(v.apply(&b1).duplicate);
        assert!(v.apply(&b2).duplicate);
        assert_eq!(v.messages[0].plain_text(), "ab");
        assert_eq!(v.duplicates, 2);
    }

    #[test]
    fn an_event_sent_twice_under_its_key_shows_once_and_others_of_its_key_all_show() {
        let batch = |text: &str| {
            let mut b =
                EventBatch::new(Some(EventKey::SseId("10-0".into())), vec![delta("m", text)]);
            b.fingerprint = crate::event::fingerprint("messages", text);
            b
        };
        let mut v = ThreadView::new();
        // Two events of one millisecond share the key; the second one comes twice.
        v.apply(&batch("w1 "));
        v.apply(&batch("w2 "));
        assert!(v.apply(&batch("w2 ")).duplicate, "the same event again");
        assert_eq!(v.messages[0].plain_text(), "w1 w2 ");
        // A rejoin resends the group: each is skipped once, then a new one of the group shows.
        v.begin_replay();
        assert!(v.apply(&batch("w1 ")).duplicate);
        assert!(v.apply(&batch("w2 ")).duplicate);
        assert!(!v.apply(&batch("w3 ")).duplicate);
        assert_eq!(v.messages[0].plain_text(), "w1 w2 w3 ");
        // Without fingerprints (a batch not from a pipeline), equal keys are all applied, as before.
        let mut v = ThreadView::new();
        let bare = || EventBatch::new(Some(EventKey::SseId("10-0".into())), vec![delta("m", "x")]);
        v.apply(&bare());
        assert!(!v.apply(&bare()).duplicate);
    }

    #[test]
    fn snapshot_keeps_the_message_still_streaming() {
        let mut v = ThreadView::new();
        v.push_local_message(Message::text("h", Role::Human, "hi"));
        v.apply(&EventBatch::new(None, vec![delta("ai", "Hel")]));
        // A values event taken before the AI message existed.
        v.apply(&EventBatch::new(
            None,
            vec![E::MessagesSnapshot {
                messages: vec![Message::text("h", Role::Human, "hi")],
            }],
        ));
        v.apply(&EventBatch::new(None, vec![delta("ai", "lo")]));
        assert_eq!(v.messages.len(), 2);
        assert_eq!(v.messages[1].plain_text(), "Hello");
    }

    #[test]
    fn done_replaces_the_partial_it_names() {
        let mut v = ThreadView::new();
        v.apply(&EventBatch::new(
            None,
            vec![E::MessageSnapshot {
                message: Message::text("p", Role::Ai, "Hi th"),
            }],
        ));
        v.apply(&EventBatch::new(
            None,
            vec![E::MessageDone {
                message: Message::text("real", Role::Ai, "Hi there"),
                replaces: Some("p".into()),
            }],
        ));
        assert_eq!(v.messages.len(), 1);
        assert_eq!(v.messages[0].id, "real");
        assert!(v.message("p").is_none());
    }

    #[test]
    fn tool_call_chunks_accumulate_by_index() {
        let mut v = ThreadView::new();
        let tc = |id: Option<&str>, name: Option<&str>, args: &str| E::ToolCallDelta {
            message_id: "m".into(),
            index: 0,
            id: id.map(Into::into),
            name: name.map(Into::into),
            args: args.into(),
        };
        v.apply(&EventBatch::new(
            None,
            vec![tc(Some("c1"), Some("forecast"), "{\"ci")],
        ));
        v.apply(&EventBatch::new(
            None,
            vec![tc(None, None, "ty\": \"Oslo\"}")],
        ));
        match &v.messages[0].blocks[0] {
            Block::ToolCall { id, name, args, .. } => {
                assert_eq!(id.as_deref(), Some("c1"));
                assert_eq!(name, "forecast");
                assert_eq!(args["city"], "Oslo");
            }
            other => panic!("expected a tool call, got {other:?}"),
        }
    }

    #[test]
    fn streamed_arguments_are_parsed_once_they_close_not_after_every_fragment() {
        let mut v = ThreadView::new();
        let tc = |args: &str| E::ToolCallDelta {
            message_id: "m".into(),
            index: 0,
            id: Some("c1".into()),
            name: Some("write".into()),
            args: args.into(),
        };
        let args = |v: &ThreadView| match &v.messages[0].blocks[0] {
            Block::ToolCall {
                args, args_text, ..
            } => (args.clone(), args_text.len()),
            other => panic!("expected a tool call, got {other:?}"),
        };
        v.apply(&EventBatch::new(None, vec![tc("{\"text\": \"")]));
        // A long string of brackets and quotes, a character at a time: text kept, not parsed yet.
        for ch in "a}]{\\\"b".chars().cycle().take(20_000) {
            v.apply(&EventBatch::new(None, vec![tc(&ch.to_string())]));
            assert_eq!(args(&v).0, Value::Null);
        }
        v.apply(&EventBatch::new(None, vec![tc("\"}")]));
        let (parsed, len) = args(&v);
        assert_eq!(len, 20_000 + 12);
        // 2,857 rounds of the 7 characters (`\"` reads as one) and an `a`.
        assert_eq!(
            parsed["text"].as_str().map(|t| t.chars().count()),
            Some(2_857 * 6 + 1)
        );
    }

    #[test]
    fn success_with_pending_interrupt_is_interrupted() {
        let mut v = ThreadView::new();
        v.apply(&EventBatch::new(
            None,
            vec![E::RunStarted {
                run_id: Some("r".into()),
                thread_id: None,
            }],
        ));
        v.apply(&EventBatch::new(
            None,
            vec![E::Interrupts {
                interrupts: vec![Interrupt {
                    id: Some("i".into()),
                    value: Value::Null,
                    response_schema: None,
                    namespace: vec![],
                }],
            }],
        ));
        v.finish_stream();
        assert_eq!(v.status, Some(RunStatus::Interrupted));
    }

    #[test]
    fn equal_ids_in_a_live_stream_are_all_applied_and_a_rejoin_skips_only_what_was_seen() {
        let id = |s: &str| Some(EventKey::SseId(s.into()));
        let mut v = ThreadView::new();
        v.apply(&EventBatch::new(id("1-0"), vec![delta("m", "a")]));
        v.apply(&EventBatch::new(id("2-0"), vec![delta("m", "b")]));
        v.apply(&EventBatch::new(id("2-0"), vec![delta("m", "c")]));
        assert_eq!(v.messages[0].plain_text(), "abc");
        // The connection drops; the rejoin asks for everything after 1-0 and gets the 2-0 group again,
        // plus one 2-0 event it had not seen, then 3-0.
        assert_eq!(v.resume_after(), Some(&EventKey::SseId("1-0".into())));
        v.begin_replay();
        for (k, t) in [("2-0", "b"), ("2-0", "c"), ("2-0", "d"), ("3-0", "e")] {
            v.apply(&EventBatch::new(id(k), vec![delta("m", t)]));
        }
        assert_eq!(v.messages[0].plain_text(), "abcde");
        assert_eq!(v.duplicates, 2);
    }

    #[test]
    fn settling_on_success_with_a_pending_interrupt_stays_interrupted() {
        let mut v = ThreadView::new();
        v.interrupts.push(Interrupt {
            id: None,
            value: Value::Null,
            response_schema: None,
            namespace: vec![],
        });
        v.settle(RunStatus::Success);
        assert_eq!(v.status, Some(RunStatus::Interrupted));
        v.interrupts.clear();
        v.settle(RunStatus::Success);
        assert_eq!(v.status, Some(RunStatus::Success));
    }

    #[test]
    fn unordered_keys_dedup_by_set() {
        let mut v = ThreadView::new();
        let b = EventBatch::new(Some(EventKey::SseId("abc".into())), vec![delta("m", "x")]);
        v.apply(&b);
        assert!(v.apply(&b).duplicate);
    }

    #[test]
    fn a_renamed_message_frees_its_id_and_keeps_its_place() {
        let mut v = ThreadView::new();
        v.push_local_message(Message::text("u", Role::Human, "hi"));
        v.push_local_message(Message::text("p", Role::Ai, "Let me"));
        assert!(v.rename_message("p", "p-old").list);
        v.push_local_message(Message::text("p", Role::Ai, "new"));
        let ids: Vec<&str> = v.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["u", "p-old", "p"]);
        assert_eq!(v.messages[1].plain_text(), "Let me");
        assert!(!v.rename_message("absent", "x").list);
    }

    #[test]
    fn a_message_shown_under_a_placeholder_id_takes_the_servers_id_on_recovery() {
        let msg = |id: &str, role: Role, text: &str| Message::text(id, role, text);
        let mut v = ThreadView::new();
        v.load_messages(vec![
            msg("u1", Role::Human, "hi"),
            msg("partial", Role::Ai, "Echo: hi"),
        ]);
        let server = [
            msg("u1", Role::Human, "hi"),
            msg("m-real", Role::Ai, "Echo: hi"),
        ];
        let (c, n) = v.recover_from(&server, &[]);
        assert_eq!(n, 0, "nothing was missing");
        assert!(c.list);
        let ids: Vec<&str> = v.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["u1", "m-real"]);
        assert!(
            v.message("partial").is_none(),
            "the placeholder is free again"
        );
        // Whole and named alike: nothing changes.
        let (c, _) = v.recover_from(&server, &[]);
        assert!(!c.list);
    }

    #[test]
    fn a_partial_reply_beside_the_servers_rerun_of_it_goes() {
        let mut v = ThreadView::new();
        v.load_messages(vec![
            Message::text("h", Role::Human, "tell me"),
            Message::text("first-try", Role::Ai, "Long answer: w0 w1"),
            Message::text("rerun", Role::Ai, "Long answer: w0 w1 w2 end."),
        ]);
        let server = [
            Message::text("h", Role::Human, "tell me"),
            Message::text("rerun", Role::Ai, "Long answer: w0 w1 w2 end."),
        ];
        let (c, n) = v.recover_from(&server, &[]);
        assert_eq!(n, 1, "nothing was missing; the partial reply was replaced");
        assert!(c.list);
        let ids: Vec<&str> = v.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["h", "rerun"]);
    }
}
