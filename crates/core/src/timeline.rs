//! A run's timeline, from what its stream brought and when: the graph's nodes (tasks) as bars on a
//! time axis, subgraphs nested under the node that ran them, tool calls as bars of their own, and
//! interrupts, errors and reconnects as markers.
//!
//! What a stream does not carry is never invented, only said: a node's start is reported by the
//! `tasks` and `debug` modes (a task and its result); with `updates` alone only its end is, and the
//! bar is drawn from the end of the step before with `start_reported: false`. A node whose tokens
//! stream (LangGraph's `langgraph_node` on each) has its bar open from its first token, so it is
//! known to run before it ends. A namespace
//! (`research:<task id>`, LangGraph's `mode|ns` and the thread protocol's `params.namespace`) names
//! the parent node, whose bar is opened when its first child arrives if nothing opened it before.

use crate::domain::{Block, Message};
use crate::event::{EventBatch, EventKey, StreamEvent};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BarKind {
    /// A node of the graph (a task).
    Node,
    /// A tool call: from the message that asked for it to the result.
    Tool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub name: String,
    pub kind: BarKind,
    /// The server's task id, or the tool call's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The namespace the bar ran in (empty: the root graph).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub namespace: Vec<String>,
    /// Index of the enclosing bar (a subgraph's node, the node a tool ran in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
    /// ms from the run's start.
    pub start_ms: f64,
    /// `None`: no end arrived (still running, or the stream ended first).
    pub end_ms: Option<f64>,
    /// Whether the server said when it started (else it is drawn from the step before).
    pub start_reported: bool,
    /// The state keys it wrote (or, for a tool, its arguments' keys).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wrote: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether an `updates` event already matched it (so a following one is a new run of the node).
    #[serde(skip)]
    updated: bool,
}

impl Bar {
    /// A node's bar, open (no end yet).
    fn node(
        name: String,
        id: Option<String>,
        namespace: Vec<String>,
        parent: Option<usize>,
        start_ms: f64,
        start_reported: bool,
    ) -> Self {
        Self {
            name,
            kind: BarKind::Node,
            id,
            namespace,
            parent,
            start_ms,
            end_ms: None,
            start_reported,
            wrote: Vec::new(),
            error: None,
            updated: false,
        }
    }

    /// How far the bar nests (0 for the root graph's nodes).
    pub fn depth(&self, bars: &[Bar]) -> usize {
        let mut d = 0;
        let mut p = self.parent;
        while let Some(i) = p.filter(|_| d < bars.len()) {
            d += 1;
            p = bars.get(i).and_then(|b| b.parent);
        }
        d
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerKind {
    Interrupt,
    Error,
    Reconnect,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Marker {
    pub kind: MarkerKind,
    /// ms from the run's start.
    pub at_ms: f64,
    pub text: String,
}

/// One run's timeline. Times are the caller's clock (ms); the bars keep them relative to the start.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Timeline {
    #[serde(skip)]
    pub started_ms: f64,
    /// ms from the start to the stream's end.
    pub ended_ms: Option<f64>,
    pub bars: Vec<Bar>,
    pub markers: Vec<Marker>,
    /// The last event's key (what a rejoin resumes after).
    #[serde(skip)]
    last_key: Option<EventKey>,
    /// Events seen (for "resumed after event n" when keys are not numbers).
    #[serde(skip)]
    seen: u64,
}

impl Timeline {
    pub fn new(started_ms: f64) -> Self {
        Self {
            started_ms,
            ..Self::default()
        }
    }

    /// Events arrived at `at_ms`.
    pub fn events(&mut self, at_ms: f64, batches: &[&EventBatch]) {
        let t = (at_ms - self.started_ms).max(0.0);
        for b in batches {
            self.seen += 1;
            if b.key.is_some() {
                self.last_key.clone_from(&b.key);
            }
            for e in &b.events {
                self.event(t, &b.namespace, e);
            }
        }
    }

    /// The stream dropped and was joined again at `at_ms`.
    pub fn reconnect(&mut self, at_ms: f64) {
        let after = match &self.last_key {
            Some(k) => format!("resumed after event {}", k.resume_token()),
            None if self.seen == 0 => "resumed from the start".to_owned(),
            None => format!("resumed after {} events", self.seen),
        };
        self.markers.push(Marker {
            kind: MarkerKind::Reconnect,
            at_ms: (at_ms - self.started_ms).max(0.0),
            text: format!("stream dropped — {after}"),
        });
    }

    /// The stream ended at `at_ms` (the first end counts).
    pub fn end(&mut self, at_ms: f64) {
        self.ended_ms
            .get_or_insert((at_ms - self.started_ms).max(0.0));
    }

    /// The bars in reading order: each after its parent, siblings by start (then arrival).
    pub fn rows(&self) -> Vec<usize> {
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); self.bars.len() + 1];
        for (i, b) in self.bars.iter().enumerate() {
            let p = b.parent.filter(|&p| p < self.bars.len() && p != i);
            kids[p.map_or(0, |p| p + 1)].push(i);
        }
        for k in &mut kids {
            k.sort_by(|&a, &b| {
                self.bars[a]
                    .start_ms
                    .total_cmp(&self.bars[b].start_ms)
                    .then(a.cmp(&b))
            });
        }
        let mut out = Vec::with_capacity(self.bars.len());
        let mut seen = vec![false; self.bars.len()];
        let mut stack: Vec<usize> = kids[0].iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            // A malformed parent chain (a cycle) is cut: each bar is listed once.
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            out.push(i);
            stack.extend(kids[i + 1].iter().rev().copied());
        }
        out
    }

    /// The latest time anything on the timeline reached (the axis' end).
    pub fn span_ms(&self, now_ms: f64) -> f64 {
        let bars = self
            .bars
            .iter()
            .map(|b| b.end_ms.unwrap_or(b.start_ms))
            .chain(self.markers.iter().map(|m| m.at_ms))
            .fold(0.0_f64, f64::max);
        let end = self
            .ended_ms
            .unwrap_or_else(|| (now_ms - self.started_ms).max(0.0));
        bars.max(end)
    }

    fn event(&mut self, t: f64, ns: &[String], e: &StreamEvent) {
        match e {
            StreamEvent::Trace { stream, value } => match stream.as_str() {
                "tasks" => self.task(t, ns, value),
                "debug" => {
                    let kind = value.get("type").and_then(Value::as_str);
                    if let (Some("task" | "task_result"), Some(p)) = (kind, value.get("payload")) {
                        self.task(t, ns, p);
                    }
                }
                _ => {}
            },
            // The thread protocol's lifecycle of a subgraph (`started` … `completed` in its namespace).
            StreamEvent::Status { status } if !ns.is_empty() => self.lifecycle(t, ns, status),
            StreamEvent::NodeActive { node } => self.active(t, ns, node),
            StreamEvent::Update { node, value } if !node.is_empty() => {
                self.update(t, ns, node, value)
            }
            StreamEvent::MessageDone { message, .. } | StreamEvent::MessageSnapshot { message } => {
                self.message(t, ns, message)
            }
            StreamEvent::MessagesSnapshot { messages } => {
                for m in messages {
                    self.message(t, ns, m);
                }
            }
            StreamEvent::ToolCalls { calls, .. } => {
                for c in calls {
                    self.tool_call(t, ns, c);
                }
            }
            StreamEvent::Interrupts { interrupts } if !interrupts.is_empty() => {
                let text = interrupts
                    .iter()
                    .map(|i| {
                        i.value
                            .get("question")
                            .and_then(Value::as_str)
                            .map_or_else(|| short(&i.value.to_string()), short)
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                if !self
                    .markers
                    .iter()
                    .any(|m| m.kind == MarkerKind::Interrupt && m.text == text)
                {
                    self.marker(MarkerKind::Interrupt, t, text);
                }
            }
            StreamEvent::Error { code, message } => {
                let text = match code {
                    Some(c) => format!("{c}: {message}"),
                    None => message.clone(),
                };
                self.marker(MarkerKind::Error, t, text);
            }
            _ => {}
        }
    }

    fn lifecycle(&mut self, t: f64, ns: &[String], status: &crate::domain::RunStatus) {
        let before = self.bars.len();
        let Some(i) = self.parent_of(t, ns) else {
            return;
        };
        if *status == crate::domain::RunStatus::Running {
            if i >= before {
                // Opened by this event: its start is the one reported.
                self.bars[i].start_ms = t;
                self.bars[i].start_reported = true;
            }
        } else if !status.is_active() {
            self.bars[i].end_ms.get_or_insert(t);
        }
    }

    fn marker(&mut self, kind: MarkerKind, at_ms: f64, text: String) {
        self.markers.push(Marker { kind, at_ms, text });
    }

    /// A `tasks` event (or a `debug` task payload): a task began, or its result came.
    fn task(&mut self, t: f64, ns: &[String], v: &Value) {
        let id = v.get("id").and_then(Value::as_str).map(str::to_owned);
        let name = v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let is_result = v.get("result").is_some() || v.get("error").is_some();
        let found = id.as_ref().and_then(|id| {
            self.bars
                .iter()
                .rposition(|b| b.kind == BarKind::Node && b.id.as_ref() == Some(id))
        });
        if !is_result {
            if found.is_none() {
                let parent = self.parent_of(t, ns);
                self.push(Bar::node(name, id, ns.to_vec(), parent, t, true));
            }
            return;
        }
        let i = match found {
            Some(i) => i,
            // A result whose start this client did not see (joined late): its start is unknown.
            None => {
                let start = self.step_start(ns);
                let parent = self.parent_of(t, ns);
                self.push(Bar::node(name, id, ns.to_vec(), parent, start, false))
            }
        };
        let bar = &mut self.bars[i];
        bar.end_ms.get_or_insert(t);
        bar.wrote = written_keys(v.get("result"));
        if let Some(err) = v.get("error").filter(|e| !e.is_null()) {
            let text = err.as_str().map_or_else(|| err.to_string(), str::to_owned);
            bar.error = Some(text.clone());
            let text = format!("{}: {text}", bar.name);
            self.marker(MarkerKind::Error, t, text);
        }
    }

    /// Node `node` streams in `ns` (its tokens say so): its bar is open from now on, unless one is
    /// (a task began it); its start is not what the server said but the step's.
    fn active(&mut self, t: f64, ns: &[String], node: &str) {
        let open = self.bars.iter().any(|b| {
            b.kind == BarKind::Node
                && b.namespace == ns
                && b.name == node
                && !b.updated
                && b.end_ms.is_none()
        });
        if !open {
            self.unreported_start(t, ns, node);
        }
    }

    /// A bar for node `node` in `ns` whose start the stream did not say: drawn from the step's.
    fn unreported_start(&mut self, t: f64, ns: &[String], node: &str) -> usize {
        let start = self.step_start(ns);
        let parent = self.parent_of(t, ns);
        self.push(Bar::node(
            node.to_owned(),
            None,
            ns.to_vec(),
            parent,
            start,
            false,
        ))
    }

    /// An `updates` event: node `node` finished in `ns`, writing `value`.
    fn update(&mut self, t: f64, ns: &[String], node: &str, value: &Value) {
        let open = self.bars.iter().rposition(|b| {
            b.kind == BarKind::Node && b.namespace == ns && b.name == node && !b.updated
        });
        let i = match open {
            Some(i) => i,
            None => self.unreported_start(t, ns, node),
        };
        let bar = &mut self.bars[i];
        bar.updated = true;
        bar.end_ms.get_or_insert(t);
        if bar.wrote.is_empty() {
            bar.wrote = written_keys(Some(value));
        }
        // The node's tool results end their calls (which ran in it).
        self.close_tools_in(t, value, Some(i));
    }

    /// Tool results inside a node's update end their calls, under that node.
    fn close_tools_in(&mut self, t: f64, value: &Value, node: Option<usize>) {
        let Some(list) = value.get("messages").and_then(Value::as_array) else {
            return;
        };
        for m in list {
            let call_id = m
                .get("tool_call_id")
                .and_then(Value::as_str)
                .map(str::to_owned);
            if let Some(id) = call_id {
                if let Some(j) = self.tool_bar(&id) {
                    let bar = &mut self.bars[j];
                    bar.end_ms.get_or_insert(t);
                    if bar.parent.is_none() && node != Some(j) {
                        bar.parent = node;
                    }
                }
            }
        }
    }

    fn message(&mut self, t: f64, ns: &[String], m: &Message) {
        for b in &m.blocks {
            match b {
                Block::ToolCall { .. } => self.tool_call(t, ns, b),
                Block::ToolResult {
                    call_id: Some(id), ..
                } => {
                    if let Some(j) = self.tool_bar(id) {
                        self.bars[j].end_ms.get_or_insert(t);
                    }
                }
                _ => {}
            }
        }
    }

    fn tool_call(&mut self, t: f64, ns: &[String], b: &Block) {
        let Block::ToolCall { id, name, args, .. } = b else {
            return;
        };
        if name.is_empty() {
            return;
        }
        let id = match id.clone().filter(|i| !i.is_empty()) {
            Some(id) if self.tool_bar(&id).is_some() => return,
            Some(id) => id,
            // A call without an id (Yandex) cannot be matched to a result: drawn once, never ended.
            None => {
                let keys = written_keys(Some(args));
                let again = self.bars.iter().any(|b| {
                    b.kind == BarKind::Tool
                        && b.name == *name
                        && b.wrote == keys
                        && b.id
                            .as_deref()
                            .is_some_and(|i| i.starts_with(&format!("{name}#")))
                });
                if again {
                    return;
                }
                format!("{name}#{}", self.bars.len())
            }
        };
        let parent = (!ns.is_empty()).then(|| self.parent_of(t, ns)).flatten();
        self.push(Bar {
            name: name.clone(),
            kind: BarKind::Tool,
            id: Some(id),
            namespace: ns.to_vec(),
            parent,
            start_ms: t,
            end_ms: None,
            start_reported: true,
            wrote: written_keys(Some(args)),
            error: None,
            updated: false,
        });
    }

    fn tool_bar(&self, id: &str) -> Option<usize> {
        self.bars
            .iter()
            .position(|b| b.kind == BarKind::Tool && b.id.as_deref() == Some(id))
    }

    fn push(&mut self, bar: Bar) -> usize {
        self.bars.push(bar);
        self.bars.len() - 1
    }

    /// Where a step in `ns` began, as far as the stream tells: the latest end of a node there, else
    /// the start of the node enclosing `ns`, else the run's start.
    fn step_start(&self, ns: &[String]) -> f64 {
        let last_end = self
            .bars
            .iter()
            .filter(|b| b.kind == BarKind::Node && b.namespace == ns)
            .filter_map(|b| b.end_ms)
            .fold(None, |a: Option<f64>, e| Some(a.map_or(e, |a| a.max(e))));
        if let Some(e) = last_end {
            return e;
        }
        if ns.is_empty() {
            return 0.0;
        }
        let parent_ns = &ns[..ns.len() - 1];
        let (node, task) = split_ns(&ns[ns.len() - 1]);
        self.bars
            .iter()
            .rev()
            .find(|b| {
                b.namespace == parent_ns
                    && (task.is_some() && b.id.as_deref() == task || b.name == node)
            })
            .map_or_else(|| self.step_start(parent_ns), |b| b.start_ms)
    }

    /// The bar of the node that runs namespace `ns` (its last element `node:task`), opened now if no
    /// event opened it yet.
    fn parent_of(&mut self, t: f64, ns: &[String]) -> Option<usize> {
        let (last, parent_ns) = ns.split_last()?;
        let (node, task) = split_ns(last);
        let by_task = task.and_then(|id| {
            self.bars
                .iter()
                .rposition(|b| b.kind == BarKind::Node && b.id.as_deref() == Some(id))
        });
        let found = by_task.or_else(|| {
            self.bars.iter().rposition(|b| {
                b.kind == BarKind::Node && b.namespace == parent_ns && b.name == node && !b.updated
            })
        });
        if found.is_some() {
            return found;
        }
        let start = self.step_start(parent_ns).min(t);
        let grand = self.parent_of(t, parent_ns);
        Some(self.push(Bar::node(
            node.to_owned(),
            task.map(str::to_owned),
            parent_ns.to_vec(),
            grand,
            start,
            false,
        )))
    }
}

/// `research:1f0…` → (`research`, the task id).
fn split_ns(part: &str) -> (&str, Option<&str>) {
    match part.split_once(':') {
        Some((node, task)) if !task.is_empty() => (node, Some(task)),
        _ => (part.trim_end_matches(':'), None),
    }
}

/// The keys a node wrote: an object's keys, or the first items of `[[key, value], …]` pairs.
fn written_keys(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|p| p.get(0).and_then(Value::as_str).map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn short(s: &str) -> String {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// The timeline of a recorded stream: each connection's chunks at their times (ms since the run was
/// asked for), a reconnect marker before each connection after the first.
pub fn of_connections(dialect: crate::Dialect, connections: Vec<Vec<(f64, Vec<u8>)>>) -> Timeline {
    of_connections_in(crate::StreamPipeline::new(dialect), connections)
}

/// [`of_connections`] read by the pipeline `p` (a connected backend's: [`crate::Backend::pipeline`]).
pub fn of_connections_in(
    mut p: crate::StreamPipeline,
    connections: Vec<Vec<(f64, Vec<u8>)>>,
) -> Timeline {
    let mut tl = Timeline::new(0.0);
    let mut last = 0.0;
    for (i, chunks) in connections.into_iter().enumerate() {
        if i > 0 {
            tl.reconnect(chunks.first().map_or(last, |(at, _)| *at));
            p.reconnected();
        }
        for (at, bytes) in chunks {
            let batches = p.feed(&bytes);
            tl.events(at, &batches.iter().map(|(_, b)| b).collect::<Vec<_>>());
            last = at;
        }
    }
    let _ = p.finish();
    tl.end(last);
    tl
}

/// The timeline of one connection's chunks.
pub fn of_chunks(dialect: crate::Dialect, chunks: Vec<(f64, Vec<u8>)>) -> Timeline {
    of_connections(dialect, vec![chunks])
}

/// A recording's timeline (what the live run showed, drawn again from its bytes).
pub fn of_recording(r: &crate::recording::Recording) -> Option<Timeline> {
    of_recording_in(r, |d| Some(crate::StreamPipeline::new(d)))
}

/// [`of_recording`] read by the pipeline `pipeline` gives for the recording's dialect (`None`: it
/// cannot be read here).
pub fn of_recording_in(
    r: &crate::recording::Recording,
    pipeline: impl FnOnce(crate::Dialect) -> Option<crate::StreamPipeline>,
) -> Option<Timeline> {
    let p = pipeline(crate::Dialect::parse(&r.dialect)?)?;
    Some(of_connections_in(p, r.timed()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{exchange, Dialect};

    /// A recorded body, one event per chunk, event `i` arriving at `10 * i` ms.
    fn framed(body: &[u8]) -> Vec<(f64, Vec<u8>)> {
        let text = String::from_utf8_lossy(body).replace("\r\n", "\n");
        let sep = if text.contains("\n\n") { "\n\n" } else { "\n" };
        text.split_inclusive(sep)
            .enumerate()
            .map(|(i, f)| (10.0 * i as f64, f.as_bytes().to_vec()))
            .collect()
    }

    fn fixture(dialect: Dialect, name: &str) -> Timeline {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        of_chunks(dialect, framed(&exchange::parse(&bytes).body))
    }

    /// Each row as `  name [kind] start→end`, indented by depth.
    fn outline(tl: &Timeline) -> Vec<String> {
        tl.rows()
            .into_iter()
            .map(|i| {
                let b = &tl.bars[i];
                let end = b.end_ms.map_or("…".to_owned(), |e| e.to_string());
                let start = if b.start_reported { "" } else { "~" };
                format!(
                    "{}{} {:?} {start}{}→{end}",
                    "  ".repeat(b.depth(&tl.bars)),
                    b.name,
                    b.kind,
                    b.start_ms
                )
            })
            .collect()
    }

    fn lg(name: &str) -> Timeline {
        fixture(Dialect::LangGraph, &format!("langgraph/{name}"))
    }

    #[test]
    fn updates_alone_give_each_node_its_end_and_a_tool_call_its_own_bar_under_its_node() {
        let tl = lg("stream_tool_call.http");
        assert_eq!(
            outline(&tl),
            [
                "agent Node ~0→40",
                "tools Node ~40→70",
                "  forecast Tool 40→60",
                "agent Node ~70→220"
            ],
            "starts are drawn from the step before (~): updates do not say when a node began"
        );
        let rows = tl.rows();
        assert_eq!(tl.bars[rows[0]].wrote, ["messages"], "what the node wrote");
        assert_eq!(tl.bars[rows[2]].wrote, ["city"], "a tool call's arguments");
        assert_eq!(tl.ended_ms, Some(230.0));
        assert!(tl.markers.is_empty());
    }

    #[test]
    fn a_node_s_tokens_open_its_bar_and_its_update_ends_that_same_bar() {
        let path = format!(
            "{}/tests/fixtures/langgraph/stream_multi.http",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap();
        let chunks = framed(&exchange::parse(&bytes).body);
        let update = chunks
            .iter()
            .position(|(_, c)| c.starts_with(b"event: updates"))
            .unwrap();
        // While `agent`'s tokens stream (the default modes: no `tasks`, no `debug`), it is running.
        let mid = of_chunks(Dialect::LangGraph, chunks[..update].to_vec());
        assert_eq!(outline(&mid), ["agent Node ~0→…"]);
        let w = crate::debugger::Walk::of(&mid);
        assert_eq!(
            (w.running.as_deref(), w.last.as_deref()),
            (Some("agent"), None)
        );
        // Its update ends the bar the tokens opened: one run of the node, not two.
        let whole = of_chunks(Dialect::LangGraph, chunks);
        assert_eq!(outline(&whole), [format!("agent Node ~0→{}", 10 * update)]);
        let w = crate::debugger::Walk::of(&whole);
        assert_eq!(
            (w.running.as_deref(), w.last.as_deref()),
            (None, Some("agent"))
        );
        assert_eq!(w.visits.get("agent"), Some(&1));

        // Said once for the node's 15 tokens, again when it runs after its update; a metadata that
        // is not a map, or names no node as a string, names none and loses no token.
        let mut p = crate::StreamPipeline::new(Dialect::LangGraph);
        let token = |node: &str| {
            format!(
                "event: messages\ndata: [{{\"type\": \"AIMessageChunk\", \"content\": \"x\", \"id\": \"m\"}}, {node}]\n\n"
            )
        };
        let mut body = String::new();
        for _ in 0..3 {
            body += &token(r#"{"langgraph_node": "agent", "tags": ["a"]}"#);
        }
        body += "event: updates\ndata: {\"agent\": {}}\n\n";
        body += &token(r#"{"langgraph_step": 3, "langgraph_node": "agent"}"#);
        for odd in [r#""agent""#, r#"{"langgraph_node": 5}"#, "[1]", "null"] {
            body += &token(odd);
        }
        let events: Vec<StreamEvent> = p
            .feed(body.as_bytes())
            .into_iter()
            .flat_map(|(_, b)| b.events)
            .collect();
        let said =
            |e: &StreamEvent| matches!(e, StreamEvent::NodeActive { node } if node == "agent");
        assert_eq!(events.iter().filter(|e| said(e)).count(), 2, "{events:?}");
        let tokens = events
            .iter()
            .filter(|e| matches!(e, StreamEvent::MessageDelta { .. }))
            .count();
        assert_eq!(tokens, 8);
    }

    #[test]
    fn tasks_and_debug_say_when_a_node_began() {
        for f in ["stream_tasks.http", "stream_debug.http"] {
            let tl = lg(f);
            assert_eq!(tl.bars.len(), 1, "{f}");
            let b = &tl.bars[0];
            assert!(b.start_reported, "{f}");
            assert!(b.id.is_some(), "{f}: the task's id");
            assert_eq!(
                (b.name.as_str(), b.end_ms.map(|e| e - b.start_ms)),
                ("agent", Some(10.0)),
                "{f}"
            );
            assert_eq!(b.wrote, ["messages"], "{f}");
        }
    }

    #[test]
    fn a_subgraph_nests_under_the_node_that_ran_it_with_tasks_or_updates_alone() {
        let tl = lg("stream_subgraphs.http");
        let want = [
            "agent Node 20→190",
            "research Node 220→340",
            "  gather Node 240→260",
            "  summarize Node 290→310",
        ];
        assert_eq!(outline(&tl), want);
        let research = &tl.bars[tl.rows()[1]];
        assert!(research.id.is_some());
        assert!(tl.bars[tl.rows()[2]].namespace[0].starts_with("research:"));
        // Without the tasks mode the same stream still nests; starts are then the step before's end.
        let path = format!(
            "{}/tests/fixtures/langgraph/stream_subgraphs.http",
            env!("CARGO_MANIFEST_DIR")
        );
        let body = exchange::parse(&std::fs::read(path).unwrap()).body;
        let chunks: Vec<_> = framed(&body)
            .into_iter()
            .filter(|(_, f)| !f.starts_with(b"event: tasks"))
            .collect();
        let tl = of_chunks(Dialect::LangGraph, chunks);
        let names: Vec<String> = outline(&tl)
            .iter()
            .map(|l| l.split(" Node").next().unwrap_or("").to_owned())
            .collect();
        assert_eq!(names, ["agent", "research", "  gather", "  summarize"]);
        assert!(tl.bars.iter().all(|b| !b.start_reported));
    }

    #[test]
    fn an_interrupt_an_error_and_a_reconnect_are_markers() {
        let tl = lg("stream_interrupt.http");
        assert_eq!(tl.markers.len(), 1);
        assert_eq!(tl.markers[0].kind, MarkerKind::Interrupt);
        assert_eq!(tl.markers[0].text, "Publish the echo?");
        let mut tl = Timeline::new(1_000.0);
        let keyed = EventBatch::new(
            Some(EventKey::SseId("17-3".into())),
            vec![StreamEvent::Heartbeat],
        );
        tl.events(1_100.0, &[&keyed]);
        tl.reconnect(1_500.0);
        let err = EventBatch::new(
            None,
            vec![StreamEvent::Error {
                code: Some("GraphRecursionError".into()),
                message: "too deep".into(),
            }],
        );
        tl.events(1_900.0, &[&err]);
        let m: Vec<_> = tl
            .markers
            .iter()
            .map(|m| (m.kind, m.at_ms, m.text.as_str()))
            .collect();
        assert_eq!(
            m,
            [
                (
                    MarkerKind::Reconnect,
                    500.0,
                    "stream dropped — resumed after event 17-3"
                ),
                (MarkerKind::Error, 900.0, "GraphRecursionError: too deep"),
            ]
        );
        let mut fresh = Timeline::new(0.0);
        fresh.reconnect(5.0);
        assert_eq!(
            fresh.markers[0].text,
            "stream dropped — resumed from the start"
        );
    }

    #[test]
    fn agent_protocol_updates_and_a_yandex_tool_call_without_an_id() {
        let tl = fixture(
            Dialect::AgentProtocol,
            "agent_protocol/stream_tool_call.http",
        );
        assert_eq!(
            outline(&tl),
            [
                "agent Node ~0→20",
                "tools Node ~20→30",
                "  get_weather Tool 20→30",
                "agent Node ~30→120"
            ]
        );
        let tl = fixture(Dialect::Yandex, "yandex/listen_tool_call.http");
        assert_eq!(
            outline(&tl),
            ["get_weather Tool 0→…"],
            "Yandex has no nodes; its call has no id, so no result can end it"
        );
        assert_eq!(tl.bars[0].wrote, ["city"]);
    }

    #[test]
    fn the_thread_protocols_subgraph_lifecycle_is_its_nodes_bar() {
        let tl = fixture(
            Dialect::AgentProtocol,
            "langgraph/protocol_v2_subgraph_lifecycle.sse",
        );
        assert_eq!(outline(&tl), ["research Node 210→240"]);
        assert!(tl.bars[0].id.is_some(), "the task id from the namespace");
    }

    #[test]
    fn a_responses_function_call_is_a_bar_its_output_not_yet_in_the_stream() {
        let tl = fixture(Dialect::Responses, "responses/standin_call.sse");
        let rows = outline(&tl);
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(
            rows[0].starts_with("get_weather Tool ") && rows[0].ends_with("→…"),
            "{rows:?}"
        );
        assert!(fixture(Dialect::Responses, "responses/standin_echo.sse")
            .bars
            .is_empty());
    }

    #[test]
    fn a_malformed_parent_chain_is_listed_once_each() {
        let mut tl = lg("stream_tool_call.http");
        tl.bars[0].parent = Some(1);
        tl.bars[1].parent = Some(0);
        let rows = tl.rows();
        let mut sorted = rows.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), rows.len());
        assert!(tl.bars[0].depth(&tl.bars) <= tl.bars.len());
    }
}
