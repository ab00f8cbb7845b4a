//! The Responses stand-in's memory: conversations with their items, responses with their events,
//! and the scripted model that writes them. Ids come from a counter; nothing is random.

use crate::bell;
use serde_json::{json, Map, Value};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;

/// The models the stand-in serves (the same script).
pub const MODELS: [&str; 2] = ["demo-echo", "demo-echo-mini"];

#[derive(Debug, Clone)]
pub struct Conversation {
    pub id: String,
    pub created_at: i64,
    pub metadata: Map<String, Value>,
    pub items: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct StoredResponse {
    /// The response object as `GET /responses/{id}` shows it now.
    pub object: Value,
    /// Its stream events, `sequence_number` = index.
    pub events: Vec<Value>,
    /// Events are still to come.
    pub live: bool,
    pub input: Vec<Value>,
}

#[derive(Default)]
pub struct State {
    pub conversations: Vec<Conversation>,
    pub responses: Vec<StoredResponse>,
    next_id: u64,
}

impl State {
    pub fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:016x}", self.next_id)
    }

    pub fn conversation(&mut self, id: &str) -> Option<&mut Conversation> {
        self.conversations.iter_mut().find(|c| c.id == id)
    }

    pub fn response(&mut self, id: &str) -> Option<&mut StoredResponse> {
        self.responses
            .iter_mut()
            .find(|r| r.object["id"].as_str() == Some(id))
    }
}

#[derive(Clone, Default)]
pub struct Shared {
    state: Arc<Mutex<State>>,
    pub bell: Arc<Notify>,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends an event to a response (its sequence number set) and rings the bell.
    fn emit(&self, rid: &str, mut event: Value) {
        {
            let mut st = self.lock();
            let Some(r) = st.response(rid) else { return };
            if !r.live {
                return;
            }
            event["sequence_number"] = json!(r.events.len());
            r.events.push(event);
        }
        self.bell.notify_waiters();
    }

    fn cancelled(&self, rid: &str) -> bool {
        self.lock()
            .response(rid)
            .is_none_or(|r| r.object["status"] == "cancelled")
    }

    /// Sets fields of the response object.
    fn update(&self, rid: &str, f: impl FnOnce(&mut Value)) -> Value {
        let mut st = self.lock();
        match st.response(rid) {
            Some(r) => {
                f(&mut r.object);
                r.object.clone()
            }
            None => Value::Null,
        }
    }

    /// Waits until the response has events after `after` (or is over): the events from there.
    pub async fn events_after(&self, rid: &str, next: usize) -> Option<Vec<Value>> {
        bell::when(&self.bell, || {
            let mut st = self.lock();
            let Some(r) = st.response(rid) else {
                return Some(None);
            };
            if r.events.len() > next {
                Some(Some(r.events[next..].to_vec()))
            } else if !r.live {
                Some(None)
            } else {
                None
            }
        })
        .await
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// What the script answers to a response's input.
enum Plan {
    /// A reasoning summary, then a message streamed word by word.
    Reply {
        reasoning: Option<String>,
        text: String,
        word_ms: u64,
    },
    /// A function call the caller must answer.
    Call { name: String, arguments: String },
    /// Some text, then a failure.
    Fail,
    /// Some text, then the token limit.
    Incomplete,
}

fn words(n: usize) -> String {
    const W: [&str; 12] = [
        "once", "upon", "a", "time", "seven", "amber", "herons", "crossed", "the", "fjord", "at",
        "dawn",
    ];
    (0..n).map(|i| W[i % W.len()]).collect::<Vec<_>>().join(" ")
}

fn plan(input: &[Value]) -> Plan {
    let last = input.last().cloned().unwrap_or(Value::Null);
    if last["type"] == "function_call_output" {
        let out = match &last["output"] {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        return Plan::Reply {
            reasoning: None,
            text: format!("The tool said: {out}."),
            word_ms: 20,
        };
    }
    let text = text_of(&last);
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("call ") {
        let (name, arg) = rest.split_once(' ').unwrap_or((rest, ""));
        return Plan::Call {
            name: name.to_owned(),
            arguments: json!({ "input": arg }).to_string(),
        };
    }
    if t.starts_with("fail") {
        return Plan::Fail;
    }
    if t.starts_with("incomplete") {
        return Plan::Incomplete;
    }
    if t.contains("long story") {
        return Plan::Reply {
            reasoning: None,
            text: words(120),
            word_ms: 40,
        };
    }
    Plan::Reply {
        reasoning: Some("Echoing the user's words.".into()),
        text: format!("Quartz echo: {t} — seven amber herons crossed the fjord at dawn."),
        word_ms: 20,
    }
}

/// A message item's text (a string content or its text parts).
pub fn text_of(item: &Value) -> String {
    match &item["content"] {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p["text"].as_str())
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    }
}

/// Splits text into deltas: each word with the space before it.
fn deltas(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, w) in text.split(' ').enumerate() {
        out.push(if i == 0 {
            w.to_owned()
        } else {
            format!(" {w}")
        });
    }
    out
}

fn usage(input: usize, output: usize, reasoning: usize) -> Value {
    json!({
        "input_tokens": input,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": input + output,
    })
}

/// Runs the script for response `rid`: its events, then its end, then its output in the
/// conversation.
pub async fn generate(sh: Shared, rid: String) {
    let (input, conversation) = {
        let mut st = sh.lock();
        let Some(r) = st.response(&rid) else { return };
        (
            r.input.clone(),
            r.object["conversation"]["id"].as_str().map(str::to_owned),
        )
    };
    let in_tokens: usize = input
        .iter()
        .map(|i| text_of(i).split_whitespace().count())
        .sum();
    // `created` as the response was made (queued in the background), then in progress.
    let created = sh.update(&rid, |_| {});
    sh.emit(
        &rid,
        json!({"type": "response.created", "response": created}),
    );
    let snapshot = sh.update(&rid, |o| o["status"] = json!("in_progress"));
    sh.emit(
        &rid,
        json!({"type": "response.in_progress", "response": snapshot}),
    );
    let mut output: Vec<Value> = Vec::new();
    let mut out_tokens = 0;
    let mut reasoning_tokens = 0;
    let pause = |ms: u64| tokio::time::sleep(Duration::from_millis(ms));
    let (text, reasoning, word_ms, end) = match plan(&input) {
        Plan::Reply {
            reasoning,
            text,
            word_ms,
        } => (Some(text), reasoning, word_ms, "completed"),
        Plan::Fail => (Some("I was about to".to_owned()), None, 20, "failed"),
        Plan::Incomplete => (Some(words(8)), None, 20, "incomplete"),
        Plan::Call { name, arguments } => {
            let (id, call_id) = {
                let mut st = sh.lock();
                (st.id("fc"), st.id("call"))
            };
            let index = output.len();
            let mut item = json!({"type": "function_call", "id": id, "call_id": call_id, "name": name, "arguments": "", "status": "in_progress"});
            sh.emit(&rid, json!({"type": "response.output_item.added", "output_index": index, "item": item.clone()}));
            for piece in [
                &arguments[..arguments.len() / 2],
                &arguments[arguments.len() / 2..],
            ] {
                pause(20).await;
                sh.emit(&rid, json!({"type": "response.function_call_arguments.delta", "item_id": id, "output_index": index, "delta": piece}));
            }
            sh.emit(&rid, json!({"type": "response.function_call_arguments.done", "item_id": id, "output_index": index, "name": name, "arguments": arguments}));
            item["arguments"] = json!(arguments);
            item["status"] = json!("completed");
            sh.emit(&rid, json!({"type": "response.output_item.done", "output_index": index, "item": item.clone()}));
            output.push(item);
            out_tokens += 5;
            (None, None, 0, "completed")
        }
    };
    if let Some(summary) = reasoning {
        let id = sh.lock().id("rs");
        let index = output.len();
        sh.emit(&rid, json!({"type": "response.output_item.added", "output_index": index, "item": {"type": "reasoning", "id": id, "summary": []}}));
        sh.emit(&rid, json!({"type": "response.reasoning_summary_part.added", "item_id": id, "output_index": index, "summary_index": 0, "part": {"type": "summary_text", "text": ""}}));
        for d in deltas(&summary) {
            pause(word_ms).await;
            sh.emit(&rid, json!({"type": "response.reasoning_summary_text.delta", "item_id": id, "output_index": index, "summary_index": 0, "delta": d}));
            reasoning_tokens += 1;
        }
        sh.emit(&rid, json!({"type": "response.reasoning_summary_text.done", "item_id": id, "output_index": index, "summary_index": 0, "text": summary}));
        sh.emit(&rid, json!({"type": "response.reasoning_summary_part.done", "item_id": id, "output_index": index, "summary_index": 0, "part": {"type": "summary_text", "text": summary}}));
        let item = json!({"type": "reasoning", "id": id, "summary": [{"type": "summary_text", "text": summary}]});
        sh.emit(&rid, json!({"type": "response.output_item.done", "output_index": index, "item": item.clone()}));
        output.push(item);
    }
    if let Some(text) = text {
        let id = sh.lock().id("msg");
        let index = output.len();
        let empty = json!({"type": "message", "id": id, "status": "in_progress", "role": "assistant", "content": []});
        sh.emit(
            &rid,
            json!({"type": "response.output_item.added", "output_index": index, "item": empty}),
        );
        sh.emit(&rid, json!({"type": "response.content_part.added", "item_id": id, "output_index": index, "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": [], "logprobs": []}}));
        let mut sent = String::new();
        for d in deltas(&text) {
            pause(word_ms).await;
            if sh.cancelled(&rid) {
                return;
            }
            sent.push_str(&d);
            out_tokens += 1;
            sh.emit(&rid, json!({"type": "response.output_text.delta", "item_id": id, "output_index": index, "content_index": 0, "delta": d, "logprobs": []}));
        }
        let part = json!({"type": "output_text", "text": sent, "annotations": [], "logprobs": []});
        sh.emit(&rid, json!({"type": "response.output_text.done", "item_id": id, "output_index": index, "content_index": 0, "text": sent, "logprobs": []}));
        sh.emit(&rid, json!({"type": "response.content_part.done", "item_id": id, "output_index": index, "content_index": 0, "part": part.clone()}));
        let item = json!({"type": "message", "id": id, "status": if end == "completed" { "completed" } else { "incomplete" }, "role": "assistant", "content": [part]});
        sh.emit(&rid, json!({"type": "response.output_item.done", "output_index": index, "item": item.clone()}));
        output.push(item);
    }
    if sh.cancelled(&rid) {
        return;
    }
    let finished = sh.update(&rid, |o| {
        o["status"] = json!(end);
        o["output"] = json!(output);
        o["completed_at"] = if end == "completed" {
            json!(now())
        } else {
            Value::Null
        };
        o["usage"] = usage(in_tokens, out_tokens, reasoning_tokens);
        if end == "failed" {
            o["error"] =
                json!({"code": "server_error", "message": "The model failed: a scripted failure."});
        }
        if end == "incomplete" {
            o["incomplete_details"] = json!({"reason": "max_output_tokens"});
        }
    });
    let kind = format!("response.{end}");
    sh.emit(&rid, json!({"type": kind, "response": finished}));
    {
        let mut st = sh.lock();
        if let Some(c) = conversation.as_deref().and_then(|c| st.conversation(c)) {
            c.items.extend(output);
        }
        if let Some(r) = st.response(&rid) {
            r.live = false;
        }
    }
    sh.bell.notify_waiters();
}
