//! The server's memory: deterministic demo data (several pages of runs in every state) and what clients
//! create. Runs created with `Run.Create` are played by [`play_run`]: PENDING → IN_PROGRESS → partial
//! messages (the whole text so far, one word per [`WORD_MS`]) → DONE | ERROR | TOOL_CALLS.

use super::model::*;
use crate::time::{now_micros, rfc3339};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

pub const DEMO_FOLDER: &str = "b1gdemofolder0000001";
pub const DEMO_USER: &str = "ajedemouser000000001";
/// A usage value above 2^53 (JavaScript numbers lose it): on the newest COMPLETED demo run.
pub const HUGE_TOTAL_TOKENS: &str = "9007199254740993";
pub const WORD_MS: u64 = 40;
/// 2025-08-01T10:00:00.123456Z
const T0: i64 = 1_754_042_400_123_456;
const RUN_STATES: [&str; 8] = [
    "COMPLETED",
    "FAILED",
    "TOOL_CALLS",
    "COMPLETED",
    "PENDING",
    "IN_PROGRESS",
    "COMPLETED",
    "RUN_STATUS_UNSPECIFIED",
];
pub const DEMO_RUNS: usize = 32;

pub struct RunRecord {
    pub run: Run,
    pub events: Vec<StreamEvent>,
    /// The run still produces events.
    pub live: bool,
}

#[derive(Default)]
pub struct Store {
    pub assistants: Vec<Assistant>,
    pub threads: Vec<Thread>,
    pub messages: Vec<Message>,
    pub runs: Vec<RunRecord>,
    next_id: u64,
}

/// The store and a bell rung after every new stream event.
#[derive(Clone, Default)]
pub struct Shared {
    pub store: Arc<Mutex<Store>>,
    pub bell: Arc<Notify>,
}

impl Shared {
    pub fn demo() -> Self {
        Self {
            store: Arc::new(Mutex::new(Store::demo())),
            bell: Arc::new(Notify::new()),
        }
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn expiration() -> ExpirationConfig {
    ExpirationConfig {
        expiration_policy: "SINCE_LAST_ACTIVE".into(),
        ttl_days: "7".into(),
    }
}

impl Store {
    /// A Yandex-looking id: a 3-letter prefix and 17 base-32 characters, deterministic per counter.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        let mut x = self.next_id.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B;
        let alphabet = b"abcdefghijklmnopqrstuv0123456789";
        let mut s = String::from(prefix);
        for _ in 0..17 {
            s.push(alphabet[(x % 32) as usize] as char);
            x /= 32;
            x ^= x.rotate_left(17);
        }
        s
    }

    fn demo() -> Self {
        let mut s = Store::default();
        let at = |minutes: i64| rfc3339(T0 + minutes * 60_000_000 + minutes * 1_013);
        let assistants = [
            (
                "Support concierge",
                "Answers questions about orders politely.",
                "yandexgpt/latest",
                true,
                false,
            ),
            (
                "Weather planner",
                "Calls get_weather before planning a trip.",
                "yandexgpt-lite/rc",
                true,
                true,
            ),
            ("Bare assistant", "", "yandexgpt/latest", false, false),
        ];
        for (i, (name, description, model, options, tools)) in assistants.into_iter().enumerate() {
            let id = s.new_id("fvt");
            s.assistants.push(Assistant {
                id,
                folder_id: DEMO_FOLDER.into(),
                name: name.into(),
                description: description.into(),
                created_by: DEMO_USER.into(),
                created_at: at(i as i64),
                updated_by: DEMO_USER.into(),
                updated_at: at(i as i64 + 1),
                expiration_config: expiration(),
                expires_at: at(i as i64 + 7 * 24 * 60),
                labels: if options {
                    [("team".to_owned(), "support".to_owned())].into()
                } else {
                    Labels::new()
                },
                model_uri: format!("gpt://{DEMO_FOLDER}/{model}"),
                instruction: if options {
                    format!("You are the {name}. Be brief.")
                } else {
                    String::new()
                },
                prompt_truncation_options: options.then(|| TruncationOptions {
                    max_prompt_tokens: Some("7000".into()),
                    auto_strategy: Some(json!({})),
                    last_messages_strategy: None,
                }),
                completion_options: options.then(|| CompletionOptions {
                    max_tokens: Some("2000".into()),
                    temperature: Some(0.3),
                }),
                tools: if tools {
                    vec![json!({"function": {"name": "get_weather",
                        "description": "Weather for a city",
                        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}})]
                } else {
                    Vec::new()
                },
            });
        }
        let threads = [
            ("Order 1042 delivery", "Where is my parcel?"),
            ("Refund request", "I want my money back for order 977."),
            ("Trip to Oslo", "Plan a weekend in Oslo."),
            ("", "Hello?"),
            ("Invoice questions", "Why is VAT 20%?"),
        ];
        for (i, (name, first)) in threads.into_iter().enumerate() {
            let id = s.new_id("fvt");
            let created = at(10 + i as i64);
            s.threads.push(Thread {
                id: id.clone(),
                folder_id: DEMO_FOLDER.into(),
                name: name.into(),
                description: if i == 0 {
                    "Customer chat from the web widget".into()
                } else {
                    String::new()
                },
                default_message_author_id: String::new(),
                created_by: DEMO_USER.into(),
                created_at: created.clone(),
                updated_by: DEMO_USER.into(),
                updated_at: created.clone(),
                expiration_config: expiration(),
                expires_at: at(10 + i as i64 + 7 * 24 * 60),
                labels: if i % 2 == 0 {
                    [("channel".to_owned(), "web".to_owned())].into()
                } else {
                    Labels::new()
                },
            });
            s.push_message(&id, "USER", first, &created);
            s.push_message(
                &id,
                "ASSISTANT",
                &format!("Noted: {first}"),
                &at(11 + i as i64),
            );
        }
        for i in 0..DEMO_RUNS {
            let thread = s.threads[i % s.threads.len()].id.clone();
            let assistant = s.assistants[i % s.assistants.len()].id.clone();
            let id = s.new_id("fvt");
            let created = at(100 + 5 * i as i64);
            let status = RUN_STATES[i % RUN_STATES.len()];
            let mut state = RunState::status(status);
            let mut usage = None;
            let mut events = Vec::new();
            match status {
                "COMPLETED" => {
                    let text = format!("Answer number {i}: your parcel is on its way.");
                    let mut m = s.message(&thread, "ASSISTANT", &text, &created);
                    if i % 3 == 0 {
                        m.status = "TRUNCATED".into();
                    }
                    usage = Some(if i == DEMO_RUNS - 2 {
                        Usage {
                            prompt_tokens: "9007199254740000".into(),
                            completion_tokens: "993".into(),
                            total_tokens: HUGE_TOTAL_TOKENS.into(),
                        }
                    } else {
                        Usage::new(40 + i as u64, 12)
                    });
                    events.push(event(0, "DONE", |e| e.completed_message = Some(m.clone())));
                    state.completed_message = Some(m);
                }
                "FAILED" => {
                    state.error = Some(RpcError {
                        // Half carry code 13, half code 0 (omitted on the wire, as proto3 JSON does).
                        code: if i % 16 == 1 { 13 } else { 0 },
                        message:
                            "Model inference failed: the answer was blocked by the content filter"
                                .into(),
                    });
                    usage = Some(Usage::new(30, 0));
                    events.push(event(0, "ERROR", |e| e.error = state.error.clone()));
                }
                "TOOL_CALLS" => {
                    let calls = ToolCallList {
                        tool_calls: vec![ToolCall {
                            function_call: FunctionCall {
                                name: "get_weather".into(),
                                arguments: json!({"city": "Oslo", "days": 2}),
                            },
                        }],
                    };
                    usage = Some(Usage::new(55, 9));
                    events.push(event(0, "TOOL_CALLS", |e| {
                        e.tool_call_list = Some(calls.clone())
                    }));
                    state.tool_call_list = Some(calls);
                }
                _ => {}
            }
            s.runs.push(RunRecord {
                run: Run {
                    id,
                    assistant_id: assistant,
                    thread_id: thread,
                    created_by: DEMO_USER.into(),
                    created_at: created,
                    labels: if i % 4 == 0 {
                        [("source".to_owned(), "demo".to_owned())].into()
                    } else {
                        Labels::new()
                    },
                    state,
                    usage,
                    custom_prompt_truncation_options: (i % 5 == 0).then(|| TruncationOptions {
                        max_prompt_tokens: Some("4000".into()),
                        auto_strategy: None,
                        last_messages_strategy: Some(json!({"num_messages": "10"})),
                    }),
                    custom_completion_options: match i % 3 {
                        0 => Some(CompletionOptions {
                            max_tokens: Some("500".into()),
                            temperature: Some(0.7),
                        }),
                        1 => Some(CompletionOptions {
                            max_tokens: Some("250".into()),
                            temperature: None,
                        }),
                        _ => None,
                    },
                    tools: Vec::new(),
                },
                events,
                live: false,
            });
        }
        s
    }

    pub fn message(&mut self, thread_id: &str, role: &str, text: &str, at: &str) -> Message {
        Message {
            id: self.new_id("fvt"),
            thread_id: thread_id.into(),
            created_by: DEMO_USER.into(),
            created_at: at.into(),
            author: Author {
                id: if role == "USER" {
                    DEMO_USER.into()
                } else {
                    String::new()
                },
                role: role.into(),
            },
            labels: Labels::new(),
            content: MessageContent::text(text),
            status: "COMPLETED".into(),
        }
    }

    pub fn push_message(&mut self, thread_id: &str, role: &str, text: &str, at: &str) -> Message {
        let m = self.message(thread_id, role, text, at);
        self.messages.push(m.clone());
        m
    }

    pub fn run_mut(&mut self, id: &str) -> Option<&mut RunRecord> {
        self.runs.iter_mut().find(|r| r.run.id == id)
    }

    fn push_event(&mut self, run_id: &str, make: impl FnOnce(&mut StreamEvent), kind: &str) {
        if let Some(r) = self.run_mut(run_id) {
            let idx = r.events.len();
            r.events.push(event(idx, kind, make));
        }
    }
}

pub fn event(idx: usize, kind: &str, fill: impl FnOnce(&mut StreamEvent)) -> StreamEvent {
    let mut e = StreamEvent {
        event_type: kind.into(),
        stream_cursor: StreamCursor {
            current_event_idx: idx.to_string(),
            num_user_events_received: "0".into(),
        },
        error: None,
        partial_message: None,
        completed_message: None,
        tool_call_list: None,
    };
    fill(&mut e);
    e
}

/// What the demo assistant does with the thread's last user text.
enum Plan {
    Reply(String),
    Fail,
    Tool(String),
}

fn plan(assistant: &str, last_user: &str) -> Plan {
    let lower = last_user.to_lowercase();
    if lower.contains("fail") {
        Plan::Fail
    } else if lower.contains("weather") || lower.contains("tool") {
        let city = last_user
            .split_whitespace()
            .last()
            .unwrap_or("Oslo")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_owned();
        Plan::Tool(if city.is_empty() { "Oslo".into() } else { city })
    } else if lower.contains("long") {
        let words: Vec<String> = (0..60).map(|i| format!("y{i}")).collect();
        Plan::Reply(format!("Long answer: {} end.", words.join(" ")))
    } else {
        Plan::Reply(format!("Echo from {assistant}: {last_user}"))
    }
}

/// One word per [`WORD_MS`]; when `stream`, a PARTIAL_MESSAGE with the whole text so far after each.
async fn stream_words(shared: &Shared, run_id: &str, words: &[&str], stream: bool) {
    for n in 1..=words.len() {
        tokio::time::sleep(Duration::from_millis(WORD_MS)).await;
        if stream {
            let so_far = words[..n].join(" ");
            shared.lock().push_event(
                run_id,
                |e| {
                    e.partial_message = Some(PartialMessage {
                        content: MessageContent::text(&so_far).content,
                    })
                },
                "PARTIAL_MESSAGE",
            );
            shared.bell.notify_waiters();
        }
    }
}

/// Plays a created run to its end, appending stream events and ringing the bell after each.
pub async fn play_run(shared: Shared, run_id: String, stream: bool) {
    let sleep = |ms| tokio::time::sleep(Duration::from_millis(ms));
    sleep(50).await;
    let (thread, assistant, last_user, prompt_words) = {
        let mut st = shared.lock();
        let Some((thread, assistant_id)) = st
            .run_mut(&run_id)
            .map(|r| (r.run.thread_id.clone(), r.run.assistant_id.clone()))
        else {
            return;
        };
        if let Some(r) = st.run_mut(&run_id) {
            r.run.state = RunState::status("IN_PROGRESS");
        }
        let name = st
            .assistants
            .iter()
            .find(|a| a.id == assistant_id)
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let in_thread: Vec<&Message> = st
            .messages
            .iter()
            .filter(|m| m.thread_id == thread)
            .collect();
        let words: usize = in_thread
            .iter()
            .map(|m| m.content.plain_text().split_whitespace().count())
            .sum();
        let last = in_thread
            .iter()
            .rev()
            .find(|m| m.author.role == "USER")
            .map(|m| m.content.plain_text())
            .unwrap_or_default();
        (thread, name, last, words as u64)
    };
    shared.bell.notify_waiters();
    let finish =
        |state: RunState, usage: Option<Usage>, kind: &str, fill: &dyn Fn(&mut StreamEvent)| {
            let mut st = shared.lock();
            st.push_event(&run_id, |e| fill(e), kind);
            if let Some(r) = st.run_mut(&run_id) {
                r.run.state = state;
                r.run.usage = usage;
                r.live = false;
            }
            drop(st);
            shared.bell.notify_waiters();
        };
    match plan(&assistant, &last_user) {
        Plan::Reply(text) => {
            let words: Vec<&str> = text.split(' ').collect();
            stream_words(&shared, &run_id, &words, stream).await;
            let at = rfc3339(now_micros());
            let m = shared.lock().push_message(&thread, "ASSISTANT", &text, &at);
            let mut state = RunState::status("COMPLETED");
            state.completed_message = Some(m.clone());
            let usage = Usage::new(prompt_words, words.len() as u64);
            finish(state, Some(usage), "DONE", &|e| {
                e.completed_message = Some(m.clone())
            });
        }
        Plan::Fail => {
            stream_words(&shared, &run_id, &["Let", "me"], stream).await;
            let err = RpcError {
                code: 13,
                message: "Demo failure: the model could not finish the answer".into(),
            };
            let mut state = RunState::status("FAILED");
            state.error = Some(err.clone());
            finish(state, Some(Usage::new(prompt_words, 2)), "ERROR", &|e| {
                e.error = Some(err.clone())
            });
        }
        Plan::Tool(city) => {
            sleep(WORD_MS).await;
            let calls = ToolCallList {
                tool_calls: vec![ToolCall {
                    function_call: FunctionCall {
                        name: "get_weather".into(),
                        arguments: json!({ "city": city }),
                    },
                }],
            };
            let mut state = RunState::status("TOOL_CALLS");
            state.tool_call_list = Some(calls.clone());
            finish(
                state,
                Some(Usage::new(prompt_words, 7)),
                "TOOL_CALLS",
                &|e| e.tool_call_list = Some(calls.clone()),
            );
        }
    }
}
