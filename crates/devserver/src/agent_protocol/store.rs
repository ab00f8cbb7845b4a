//! The Agent Protocol server's memory (agents, threads with their history, runs with their stream
//! events, store items) and the deterministic demo agents that play runs.
//!
//! Streaming is plain: a run appends SSE events (`id`, `event`, `data`) to its record and rings the
//! bell; every stream of the run reads the record from where it is. Nothing is timed but the sleeps
//! between words, so a test can watch every state.

use super::model::*;
use crate::time::{now_micros, rfc3339};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// Time between two streamed words of a reply.
pub const WORD_MS: u64 = 40;
/// … of a reply to a prompt containing "slow" (so a test can act while the run is pending).
pub const SLOW_WORD_MS: u64 = 400;
/// The agent a run without `agent_id` runs.
pub const DEFAULT_AGENT: &str = "demo";

#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: u64,
    pub event: String,
    pub data: String,
}

#[derive(Debug, Clone)]
pub struct RunRecord {
    pub run: Run,
    pub events: Vec<SseEvent>,
    /// Still being played (more events will come).
    pub live: bool,
    /// A cancel was asked for; the player stops at its next step.
    pub cancel: bool,
    /// The state when the run ended (values without messages, and the messages).
    pub values: Value,
    pub messages: Vec<Value>,
    /// The thread the run plays in: its `thread_id`, or a temporary one for a stateless run.
    pub thread: Option<String>,
    /// Deleted when the run ends (`on_completion: delete`).
    pub thread_ephemeral: Option<String>,
    /// The thread's history length when the run started (a rollback cuts it back to that).
    pub rollback_to: usize,
}

#[derive(Debug, Clone)]
pub struct ThreadRecord {
    pub thread: Thread,
    /// Oldest first; the last is the current state.
    pub history: Vec<ThreadState>,
    /// The thread-centric protocol's events of this thread (`seq` = index + 1), for subscriptions.
    pub events: Vec<ProtocolEvent>,
}

/// One event of the thread-centric streaming protocol (`streaming/protocol.cddl`).
#[derive(Debug, Clone)]
pub struct ProtocolEvent {
    pub seq: u64,
    pub method: String,
    pub data: Value,
    /// Milliseconds since the Unix epoch.
    pub timestamp: i64,
}

impl ProtocolEvent {
    /// The subscription channel the event belongs to (`input.requested` → `input`).
    pub fn channel(&self) -> &str {
        self.method.split('.').next().unwrap_or("")
    }

    /// The `StreamingEvent` envelope.
    pub fn envelope(&self) -> Value {
        json!({"type": "event", "eventId": format!("evt_{}", self.seq), "seq": self.seq,
            "method": self.method, "params": {"namespace": [], "timestamp": self.timestamp, "data": self.data}})
    }
}

#[derive(Debug, Default)]
pub struct Store {
    pub agents: Vec<(Agent, AgentSchema)>,
    pub threads: Vec<ThreadRecord>,
    pub runs: Vec<RunRecord>,
    pub items: Vec<Item>,
    counter: u64,
}

#[derive(Clone)]
pub struct Shared {
    inner: Arc<Mutex<Store>>,
    pub bell: Arc<Notify>,
}

impl Shared {
    pub fn demo() -> Self {
        Self {
            inner: Arc::new(Mutex::new(Store::demo())),
            bell: Arc::new(Notify::new()),
        }
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Text of a spec message's content (text blocks joined).
pub fn message_text(m: &Value) -> String {
    match m.get("content") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(blocks)) => blocks
            .iter()
            .filter(|b| b.get("type").and_then(Value::as_str) == Some("text"))
            .filter_map(|b| b.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    }
}

impl Store {
    /// A fresh UUID (v4 layout; deterministic per server start and counter).
    pub fn new_uuid(&mut self) -> String {
        self.counter += 1;
        let a = splitmix(self.counter ^ (now_micros() as u64).rotate_left(17));
        let b = splitmix(a);
        format!(
            "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            8 + (b >> 62),
            (b >> 48) & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }

    pub fn agent(&self, id: &str) -> Option<&Agent> {
        self.agents
            .iter()
            .map(|(a, _)| a)
            .find(|a| a.agent_id == id)
    }

    pub fn thread(&self, id: &str) -> Option<&ThreadRecord> {
        self.threads.iter().find(|t| t.thread.thread_id == id)
    }

    pub fn thread_mut(&mut self, id: &str) -> Option<&mut ThreadRecord> {
        self.threads.iter_mut().find(|t| t.thread.thread_id == id)
    }

    pub fn run(&self, id: &str) -> Option<&RunRecord> {
        self.runs.iter().find(|r| r.run.run_id == id)
    }

    pub fn run_mut(&mut self, id: &str) -> Option<&mut RunRecord> {
        self.runs.iter_mut().find(|r| r.run.run_id == id)
    }

    /// The run now going on in a thread, if any.
    pub fn live_run_in(&self, thread_id: &str) -> Option<&RunRecord> {
        self.runs
            .iter()
            .find(|r| r.live && r.thread.as_deref() == Some(thread_id))
    }

    /// A new, empty, idle thread.
    pub fn create_thread(&mut self, id: Option<String>, metadata: Value, at: &str) -> Thread {
        let thread_id = id.unwrap_or_else(|| self.new_uuid());
        let thread = Thread {
            thread_id,
            created_at: at.into(),
            updated_at: at.into(),
            metadata,
            status: "idle".into(),
            values: json!({}),
            messages: Vec::new(),
        };
        let checkpoint_id = self.new_uuid();
        self.threads.push(ThreadRecord {
            history: vec![state_of(&thread, checkpoint_id, json!({"step": -1}))],
            thread: thread.clone(),
            events: Vec::new(),
        });
        thread
    }

    /// Sets a thread's values and messages, adding a checkpoint to its history.
    pub fn commit_state(
        &mut self,
        thread_id: &str,
        values: Value,
        messages: Vec<Value>,
        status: &str,
        at: &str,
    ) {
        let checkpoint_id = self.new_uuid();
        if let Some(t) = self.thread_mut(thread_id) {
            t.thread.values = values;
            t.thread.messages = messages;
            t.thread.status = status.into();
            t.thread.updated_at = at.into();
            let step = t.history.len() as i64 - 1;
            let state = state_of(&t.thread, checkpoint_id, json!({"step": step}));
            t.history.push(state);
        }
    }

    pub fn set_thread_status(&mut self, thread_id: &str, status: &str) {
        if let Some(t) = self.thread_mut(thread_id) {
            t.thread.status = status.into();
        }
    }

    /// Appends one thread-protocol event to a thread.
    pub fn push_protocol(&mut self, thread_id: &str, method: &str, data: Value) {
        if let Some(t) = self.thread_mut(thread_id) {
            let seq = t.events.len() as u64 + 1;
            t.events.push(ProtocolEvent {
                seq,
                method: method.into(),
                data,
                timestamp: now_micros() / 1000,
            });
        }
    }

    /// Appends one SSE event to a run (ids count from 1).
    pub fn push_event(&mut self, run_id: &str, event: &str, data: Value) {
        if let Some(r) = self.run_mut(run_id) {
            let id = r.events.len() as u64 + 1;
            r.events.push(SseEvent {
                id,
                event: event.into(),
                data: data.to_string(),
            });
        }
    }

    fn demo() -> Self {
        let mut st = Store {
            agents: demo_agents(),
            ..Store::default()
        };
        let day = 86_400_000_000i64;
        let base = now_micros() - 3 * day;
        let at = |n: i64| rfc3339(base + n * 3_600_000_000);
        let user = |text: &str, id: &str| json!({"role": "user", "content": text, "id": id});
        let ai = |text: &str, id: &str| json!({"role": "assistant", "content": [{"type": "text", "text": text}], "id": id});
        let seeds: [Seed; 4] = [
            (
                "Greetings",
                "hello there",
                json!({"title": "Greetings", "user": "ana"}),
                "idle",
                &[
                    ("success", 1),
                    ("success", 2),
                    ("timeout", 3),
                    ("success", 4),
                ],
            ),
            (
                "Refund",
                "please approve my refund",
                json!({"title": "Refund", "user": "ben"}),
                "interrupted",
                &[("success", 5), ("interrupted", 6)],
            ),
            (
                "Broken",
                "fail on purpose",
                json!({"title": "Broken", "user": "ana"}),
                "error",
                &[("error", 7)],
            ),
            (
                "Weather",
                "weather in Paris",
                json!({"title": "Weather", "user": "cid", "topic": "weather"}),
                "idle",
                &[("success", 8), ("success", 9), ("success", 10)],
            ),
        ];
        let mut hour = 0;
        for (title, text, metadata, status, runs) in seeds {
            let tid = st.new_uuid();
            st.create_thread(Some(tid.clone()), metadata.clone(), &at(hour));
            let reply = match status {
                "interrupted" => "Before I go on: do you approve this refund?".to_owned(),
                "error" => "Let me".to_owned(),
                _ => format!("Echo: {text}"),
            };
            let m1 = st.new_uuid();
            let m2 = st.new_uuid();
            let mut values = json!({"turns": 1});
            if status == "interrupted" {
                values["__interrupt__"] = json!([{"id": st.new_uuid(), "value": {"question": reply, "options": ["yes", "no"]}}]);
            }
            st.commit_state(
                &tid,
                values,
                vec![user(text, &m1), ai(&reply, &m2)],
                status,
                &at(hour + 1),
            );
            for &(run_status, h) in runs {
                hour = h as i64;
                let run_id = st.new_uuid();
                st.runs.push(RunRecord {
                    run: Run {
                        request: RunRequest {
                            thread_id: Some(tid.clone()),
                            agent_id: Some(DEFAULT_AGENT.into()),
                            messages: Some(vec![user(text, &m1)]),
                            metadata: Some(
                                json!({"source": "seed", "user": metadata["user"], "title": title}),
                            ),
                            on_completion: Some("keep".into()),
                            on_disconnect: Some("cancel".into()),
                            if_not_exists: Some("reject".into()),
                            stream_mode: Some(json!("values")),
                            ..RunRequest::default()
                        },
                        run_id,
                        created_at: at(hour),
                        updated_at: at(hour),
                        status: run_status.into(),
                    },
                    events: Vec::new(),
                    live: false,
                    cancel: false,
                    values: json!({"turns": 1}),
                    messages: vec![user(text, &m1), ai(&reply, &m2)],
                    thread: Some(tid.clone()),
                    thread_ephemeral: None,
                    rollback_to: 1,
                });
            }
        }
        // Two stateless runs of the summarizer: no thread.
        for (n, text) in [
            (11, "The quick brown fox jumps over the lazy dog"),
            (12, "Agents answer questions"),
        ] {
            let run_id = st.new_uuid();
            st.runs.push(RunRecord {
                run: Run {
                    request: RunRequest {
                        agent_id: Some("summarizer".into()),
                        input: Some(json!({"text": text})),
                        metadata: Some(json!({"source": "seed", "user": "dee"})),
                        on_completion: Some("delete".into()),
                        on_disconnect: Some("cancel".into()),
                        if_not_exists: Some("reject".into()),
                        stream_mode: Some(json!("values")),
                        ..RunRequest::default()
                    },
                    run_id,
                    created_at: at(n),
                    updated_at: at(n),
                    status: "success".into(),
                },
                events: Vec::new(),
                live: false,
                cancel: false,
                values: json!({"summary": summarize(text)}),
                messages: Vec::new(),
                thread: None,
                thread_ephemeral: None,
                rollback_to: 0,
            });
        }
        st
    }
}

/// A seeded thread: title, what the user said, metadata, thread status, its runs (status, hour).
type Seed = (
    &'static str,
    &'static str,
    Value,
    &'static str,
    &'static [(&'static str, u32)],
);

fn state_of(t: &Thread, checkpoint_id: String, metadata: Value) -> ThreadState {
    ThreadState {
        checkpoint: Checkpoint { checkpoint_id },
        values: t.values.clone(),
        messages: t.messages.clone(),
        metadata,
    }
}

fn demo_agents() -> Vec<(Agent, AgentSchema)> {
    let message_list = json!({"type": "array", "items": {"type": "object",
        "properties": {"role": {"type": "string"}, "content": {"type": "string"}}, "required": ["role", "content"]}});
    let demo = Agent {
        agent_id: DEFAULT_AGENT.into(),
        name: "Demo agent".into(),
        description: "Echoes what you say token by token; \"weather in <city>\" calls a tool; \"approve …\" asks you first (an interrupt); \"fail\" fails; \"slow\" takes its time.".into(),
        metadata: json!({"owner": "agent-console", "version": "1.0"}),
        capabilities: json!({"ap.io.messages": true, "ap.io.streaming": true}),
    };
    let demo_schema = AgentSchema {
        agent_id: DEFAULT_AGENT.into(),
        input_schema: json!({"title": "Input", "type": "object", "properties": {"messages": message_list}}),
        output_schema: json!({"title": "Output", "type": "object", "properties": {"messages": message_list}}),
        state_schema: json!({"title": "State", "type": "object", "properties": {"messages": message_list,
            "turns": {"type": "integer", "description": "Runs played in this thread"}}}),
        config_schema: json!({"title": "Config", "type": "object", "properties": {"configurable": {"type": "object",
            "properties": {"style": {"type": "string", "enum": ["plain", "shout"], "default": "plain"}}}}}),
    };
    let summarizer = Agent {
        agent_id: "summarizer".into(),
        name: "Summarizer".into(),
        description:
            "Keeps the first five words of input.text. No messages, no streaming of tokens.".into(),
        metadata: json!({"owner": "agent-console", "version": "0.3", "team": "batch"}),
        capabilities: json!({"ap.io.messages": false, "ap.io.streaming": false, "com.example.batch": true}),
    };
    let summarizer_schema = AgentSchema {
        agent_id: "summarizer".into(),
        input_schema: json!({"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}),
        output_schema: json!({"type": "object", "properties": {"summary": {"type": "string"}}}),
        state_schema: json!({"type": "object", "properties": {"summary": {"type": "string"}}}),
        config_schema: json!({"type": "object", "properties": {}}),
    };
    vec![(demo, demo_schema), (summarizer, summarizer_schema)]
}

/// A text as streamed words: each but the last keeps its following space.
fn words_of(t: &str) -> Vec<String> {
    let parts: Vec<&str> = t.split(' ').collect();
    let last = parts.len().saturating_sub(1);
    parts
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i < last {
                format!("{w} ")
            } else {
                (*w).to_owned()
            }
        })
        .collect()
}

/// Streams `words` one per `word_ms` as `messages` chunks of message `id` (when `tokens`); returns
/// whether it got to the end (not cancelled) and the text said.
async fn stream_words(
    shared: Shared,
    run_id: String,
    thread: Option<String>,
    id: String,
    words: Vec<String>,
    word_ms: u64,
    tokens: bool,
) -> (bool, String) {
    let proto = |method: &str, data: Value| {
        if let Some(t) = &thread {
            shared.lock().push_protocol(t, method, data);
        }
    };
    let mut said = String::new();
    for (n, w) in words.into_iter().enumerate() {
        tokio::time::sleep(Duration::from_millis(word_ms)).await;
        if shared.lock().run(&run_id).is_none_or(|r| r.cancel) {
            break;
        }
        if n == 0 {
            proto(
                "messages",
                json!({"event": "message-start", "role": "ai", "id": id}),
            );
            proto(
                "messages",
                json!({"event": "content-block-start", "index": 0, "content": {"type": "text", "text": ""}}),
            );
        }
        proto(
            "messages",
            json!({"event": "content-block-delta", "index": 0, "delta": {"type": "text-delta", "text": w}}),
        );
        if tokens {
            let chunk = json!([{"type": "AIMessageChunk", "role": "assistant", "content": w, "id": id},
                               {"run_id": run_id}]);
            shared.lock().push_event(&run_id, "messages", chunk);
        }
        shared.bell.notify_waiters();
        said.push_str(&w);
    }
    let done = shared.lock().run(&run_id).is_some_and(|r| !r.cancel);
    if !said.is_empty() {
        proto(
            "messages",
            json!({"event": "content-block-finish", "index": 0, "content": {"type": "text", "text": said}}),
        );
        proto("messages", json!({"event": "message-finish"}));
        shared.bell.notify_waiters();
    }
    (done, said)
}

fn summarize(text: &str) -> String {
    text.split_whitespace()
        .take(5)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the demo agent does with a run.
#[derive(Debug, Clone, PartialEq)]
enum Plan {
    Reply { text: String, word_ms: u64 },
    Tool(String),
    Interrupt(String),
    Fail,
    Summary(String),
}

fn plan(agent: &str, text: &str, resuming: bool, shout: bool) -> Plan {
    let lower = text.to_lowercase();
    let reply = |t: String, word_ms| Plan::Reply {
        text: if shout { t.to_uppercase() } else { t },
        word_ms,
    };
    if agent == "summarizer" {
        Plan::Summary(summarize(text))
    } else if resuming {
        reply(format!("Resumed with your answer: {text}. Done."), WORD_MS)
    } else if lower.contains("fail") {
        Plan::Fail
    } else if let Some(i) = lower.find("weather in ") {
        Plan::Tool(text[i + "weather in ".len()..].trim().to_owned())
    } else if lower.contains("approve") {
        Plan::Interrupt(format!("Before I go on: do you approve this? ({text})"))
    } else if lower.contains("slow") {
        reply(format!("Slowly: {text}"), SLOW_WORD_MS)
    } else {
        reply(format!("Echo: {text}"), WORD_MS)
    }
}

/// The modes a run streams (`values` when none was asked for).
pub fn modes_of(req: &RunRequest) -> Vec<String> {
    match &req.stream_mode {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => vec!["values".into()],
    }
}

/// The text the demo agent answers: the last user message sent, else the input (a string, or its
/// `text` / `message` / `query` field, or its last message).
fn prompt_of(req: &RunRequest) -> String {
    let last_user = req.messages.iter().flatten().rev().find(|m| {
        matches!(
            m.get("role").and_then(Value::as_str),
            Some("user" | "human")
        )
    });
    if let Some(m) = last_user {
        return message_text(m);
    }
    match &req.input {
        Some(Value::String(s)) => s.clone(),
        Some(v) => ["text", "message", "query"]
            .iter()
            .find_map(|k| v.get(k).and_then(Value::as_str).map(str::to_owned))
            .or_else(|| {
                v.get("messages")
                    .and_then(Value::as_array)
                    .and_then(|l| l.last())
                    .map(message_text)
            })
            .unwrap_or_else(|| v.to_string()),
        None => String::new(),
    }
}

/// Plays a created run to its end: streams its events, commits the thread's new state, sets the
/// run's status. A cancel stops it at the next word (status `interrupted`, the partial text kept).
pub async fn play_run(shared: Shared, run_id: String) {
    let sleep = |ms| tokio::time::sleep(Duration::from_millis(ms));
    let Some((req, thread_id, modes, prior)) = ({
        let st = shared.lock();
        st.run(&run_id).map(|r| {
            let prior = r
                .thread
                .as_deref()
                .and_then(|t| st.thread(t))
                .map(|t| (t.thread.values.clone(), t.thread.messages.clone()));
            let modes = modes_of(&r.run.request);
            (r.run.request.clone(), r.thread.clone(), modes, prior)
        })
    }) else {
        return;
    };
    let agent = req.agent_id.clone().unwrap_or_else(|| DEFAULT_AGENT.into());
    let (mut values, mut messages) = prior.unwrap_or((json!({}), Vec::new()));
    let resuming = values.get("__interrupt__").is_some();
    if let Some(obj) = values.as_object_mut() {
        obj.remove("__interrupt__");
    }
    let text = prompt_of(&req);
    // What the run adds to the thread: its messages; else the input's messages; else (for an agent
    // of messages) the prompt as a user message.
    let sent: Vec<Value> = match (&req.messages, &req.input) {
        (Some(list), _) => list.clone(),
        (None, Some(v)) if v.get("messages").is_some_and(Value::is_array) => {
            v["messages"].as_array().cloned().unwrap_or_default()
        }
        _ if agent != "summarizer" && !text.is_empty() => {
            vec![json!({"role": "user", "content": text})]
        }
        _ => Vec::new(),
    };
    let shout = req
        .config
        .as_ref()
        .and_then(|c| c.pointer("/configurable/style"))
        .and_then(Value::as_str)
        == Some("shout");
    let plan = plan(&agent, &text, resuming, shout);
    let mut all_messages = messages.clone();
    for m in &sent {
        let mut m = m.clone();
        if m.get("id").is_none() {
            m["id"] = json!(shared.lock().new_uuid());
        }
        all_messages.push(m);
    }
    let emit = |event: &str, data: Value| {
        shared.lock().push_event(&run_id, event, data);
        shared.bell.notify_waiters();
    };
    let on = |mode: &str| modes.iter().any(|m| m == mode);
    // The thread's protocol events, whatever the run's stream modes.
    let proto = |method: &str, data: Value| {
        if let Some(t) = &thread_id {
            shared.lock().push_protocol(t, method, data);
            shared.bell.notify_waiters();
        }
    };
    // A stream-mode event: on the run's stream if its mode was asked for, on the thread's always.
    let send = |mode: &str, data: Value| {
        if on(mode) {
            emit(mode, data.clone());
        }
        proto(mode, data);
    };
    let full_values = |values: &Value, messages: &[Value]| {
        let mut v = values.clone();
        if agent != "summarizer" {
            v["messages"] = json!(messages);
        }
        v
    };
    emit(
        "metadata",
        json!({"run_id": run_id, "thread_id": req.thread_id, "agent_id": agent}),
    );
    proto("lifecycle", json!({"event": "running", "graphName": agent}));
    send("values", full_values(&values, &all_messages));
    sleep(50).await;
    let reply_id = shared.lock().new_uuid();
    let tokens = on("messages");
    let stream_words = |id: String, text: String, word_ms: u64| {
        stream_words(
            shared.clone(),
            run_id.clone(),
            thread_id.clone(),
            id,
            words_of(&text),
            word_ms,
            tokens,
        )
    };
    let ai = |id: &str, text: &str| json!({"role": "assistant", "content": [{"type": "text", "text": text}], "id": id});
    let turns = values.get("turns").and_then(Value::as_i64).unwrap_or(0) + 1;
    values["turns"] = json!(turns);
    let (status, error) = match plan {
        Plan::Reply { text, word_ms } => {
            let (done, said) = stream_words(reply_id.clone(), text, word_ms).await;
            if !said.is_empty() {
                all_messages.push(ai(&reply_id, &said));
            }
            if done {
                ("success", None)
            } else {
                ("interrupted", None)
            }
        }
        Plan::Fail => {
            let (_, said) = stream_words(reply_id.clone(), "Let me".into(), WORD_MS).await;
            all_messages.push(ai(&reply_id, &said));
            (
                "error",
                Some("Demo failure: the agent could not finish the answer"),
            )
        }
        Plan::Interrupt(question) => {
            let (done, said) = stream_words(reply_id.clone(), question.clone(), WORD_MS).await;
            all_messages.push(ai(&reply_id, &said));
            // Cancelled before the question was asked: interrupted, with no question pending.
            if done {
                let interrupt_id = shared.lock().new_uuid();
                let payload = json!({"question": question, "options": ["yes", "no"]});
                values["__interrupt__"] = json!([{"id": interrupt_id, "value": payload}]);
                proto(
                    "input.requested",
                    json!({"interruptId": interrupt_id, "payload": payload}),
                );
            }
            ("interrupted", None)
        }
        Plan::Tool(city) => {
            sleep(WORD_MS).await;
            let call_id = format!("call-{}", &reply_id[..8]);
            let call = json!({"role": "assistant", "content": "", "id": reply_id,
                "tool_calls": [{"id": call_id, "name": "get_weather", "args": {"city": city}}]});
            all_messages.push(call.clone());
            send("updates", json!({"agent": {"messages": [call]}}));
            send("custom", json!({"tool": "get_weather", "progress": 0.5}));
            sleep(WORD_MS).await;
            let tool_id = shared.lock().new_uuid();
            let result = json!({"role": "tool", "content": format!("Sunny, 21 °C in {city}"),
                "id": tool_id, "tool_call_id": call_id, "name": "get_weather"});
            all_messages.push(result.clone());
            send("updates", json!({"tools": {"messages": [result]}}));
            let answer_id = shared.lock().new_uuid();
            let text = format!("It is sunny and 21 °C in {city}.");
            let (done, said) = stream_words(answer_id.clone(), text, WORD_MS).await;
            all_messages.push(ai(&answer_id, &said));
            (if done { "success" } else { "interrupted" }, None)
        }
        Plan::Summary(summary) => {
            sleep(WORD_MS).await;
            values["summary"] = json!(summary);
            send("updates", json!({"summarize": {"summary": summary}}));
            ("success", None)
        }
    };
    if status == "success" && agent != "summarizer" {
        if let Some(last) = all_messages.last() {
            send("updates", json!({"agent": {"messages": [last]}}));
        }
    }
    send("values", full_values(&values, &all_messages));
    // A failed run's stream ends with its `error` event (as LangGraph's do); others with `end`.
    match error {
        Some(message) => emit("error", json!({"error": "AgentError", "message": message})),
        None => emit("end", Value::Null),
    }
    if agent == "summarizer" {
        messages.clear();
    } else {
        messages = all_messages;
    }
    let at = rfc3339(now_micros());
    let thread_status = match status {
        "interrupted" if values.get("__interrupt__").is_some() => "interrupted",
        "error" => "error",
        _ => "idle",
    };
    let finished = {
        let mut st = shared.lock();
        // A run deleted (or rolled back) while it played leaves the thread as it is.
        let Some(ephemeral) = st.run(&run_id).map(|r| r.thread_ephemeral.clone()) else {
            return;
        };
        if let Some(t) = &thread_id {
            st.commit_state(t, values.clone(), messages.clone(), thread_status, &at);
            // The run's end on the thread's protocol stream, once the thread holds its result.
            let phase = match status {
                "success" => "completed",
                "error" => "failed",
                other => other,
            };
            let mut data = json!({"event": phase, "graphName": agent});
            if let Some(e) = error {
                data["error"] = json!(e);
            }
            st.push_protocol(t, "lifecycle", data);
        }
        let finished = st.run_mut(&run_id).map(|r| {
            r.run.status = status.into();
            r.run.updated_at = at.clone();
            r.live = false;
            r.values = values;
            r.messages = messages;
            r.clone()
        });
        if let Some(t) = ephemeral {
            st.threads.retain(|x| x.thread.thread_id != t);
        }
        finished
    };
    shared.bell.notify_waiters();
    if let Some(r) = finished {
        if let Some(url) = &r.run.request.webhook {
            super::webhook::post(url, &r.run).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_agent_plans_from_the_prompt() {
        let reply = |t: &str| plan("demo", t, false, false);
        assert!(
            matches!(reply("hi"), Plan::Reply { text, word_ms: WORD_MS } if text == "Echo: hi")
        );
        assert_eq!(reply("Weather in Paris"), Plan::Tool("Paris".into()));
        assert_eq!(reply("please fail"), Plan::Fail);
        assert!(matches!(reply("approve it"), Plan::Interrupt(_)));
        assert!(matches!(
            reply("go slow"),
            Plan::Reply {
                word_ms: SLOW_WORD_MS,
                ..
            }
        ));
        assert!(
            matches!(plan("demo", "yes", true, false), Plan::Reply { text, .. } if text.contains("yes"))
        );
        assert!(
            matches!(plan("demo", "hi", false, true), Plan::Reply { text, .. } if text == "ECHO: HI")
        );
        assert_eq!(
            plan("summarizer", "a b c d e f", false, false),
            Plan::Summary("a b c d e".into())
        );
    }

    #[test]
    fn uuids_have_the_v4_layout_and_differ() {
        let mut st = Store::default();
        let a = st.new_uuid();
        let b = st.new_uuid();
        assert!(is_uuid(&a) && is_uuid(&b), "{a} {b}");
        assert_ne!(a, b);
    }

    #[test]
    fn prompts_come_from_messages_then_input() {
        let req = |v: Value| RunRequest {
            input: Some(v),
            ..RunRequest::default()
        };
        assert_eq!(prompt_of(&req(json!("plain"))), "plain");
        assert_eq!(prompt_of(&req(json!({"text": "t"}))), "t");
        assert_eq!(
            prompt_of(&req(
                json!({"messages": [{"role": "user", "content": "m"}]})
            )),
            "m"
        );
        let with_messages = RunRequest {
            messages: Some(vec![
                json!({"role": "user", "content": [{"type": "text", "text": "x"}]}),
            ]),
            ..req(json!("ignored"))
        };
        assert_eq!(prompt_of(&with_messages), "x");
    }
}
