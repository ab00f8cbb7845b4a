//! Yandex wire types → domain types, and [`RunRecord`]: a run with every field the API gives, each
//! `None` when the server did not set it (shown as absent, never as zero).

use super::wire::{
    WireAssistant, WireCompletionOptions, WireContentPart, WireMessage, WirePage, WireRun,
    WireThread, WireToolCallList, WireTruncationOptions,
};
use crate::decode::{Decoder, NdjsonDecoder};
use crate::domain::{Assistant, Message, Page, PageCursor, Role, RunStatus, Thread, ThreadStatus};
use crate::http::{parse_json, truncate, ApiError};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// A Yandex message; its text is all text content parts joined.
pub fn message(w: WireMessage, fallback_id: &str) -> Message {
    let role = Role::parse(
        w.author
            .as_ref()
            .and_then(|a| a.role.as_deref())
            .unwrap_or("ASSISTANT"),
    );
    let text = w
        .content
        .map(|c| text_of_parts(c.content))
        .unwrap_or_default();
    Message::text(w.id.unwrap_or_else(|| fallback_id.to_owned()), role, text)
}

/// The text of all text content parts, joined (other part kinds carry no text).
pub fn text_of_parts(parts: Vec<WireContentPart>) -> String {
    parts
        .into_iter()
        .filter_map(|p| p.text.map(|t| t.content))
        .collect()
}

/// A run's completed message as the run record shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletedMessage {
    pub id: Option<String>,
    pub role: Option<String>,
    pub text: String,
    pub status: Option<String>,
}

/// Token counts; each int64 parsed exactly (also above 2^53).
pub use crate::domain::Usage;

/// One function call of a `TOOL_CALLS` run.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    pub name: String,
    pub arguments: Value,
}

/// A Yandex run with every field of the API.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunRecord {
    pub id: String,
    pub assistant_id: Option<String>,
    pub thread_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<String>,
    pub labels: BTreeMap<String, String>,
    /// `state.status` as sent (`PENDING`, …, or a value this client does not know).
    pub status: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub completed: Option<CompletedMessage>,
    pub tool_calls: Vec<ToolCall>,
    pub usage: Option<Usage>,
    pub max_prompt_tokens: Option<u64>,
    /// `autoStrategy` or `lastMessagesStrategy (n)`, when the truncation options name one.
    pub truncation_strategy: Option<String>,
    pub max_tokens: Option<u64>,
    pub temperature: Option<f64>,
    pub tools: Vec<Value>,
}

impl RunRecord {
    pub fn run_status(&self) -> RunStatus {
        RunStatus::parse(self.status.as_deref().unwrap_or("RUN_STATUS_UNSPECIFIED"))
    }

    /// Every field as (name, shown value); `None` = absent.
    pub fn fields(&self) -> Vec<(&'static str, Option<String>)> {
        let num = |n: Option<u64>| n.map(|n| n.to_string());
        let usage = self.usage.unwrap_or_default();
        let c = self.completed.as_ref();
        vec![
            ("id", Some(self.id.clone())),
            ("state.status", self.status.clone()),
            ("assistantId", self.assistant_id.clone()),
            ("threadId", self.thread_id.clone()),
            ("createdBy", self.created_by.clone()),
            ("createdAt", self.created_at.clone()),
            ("labels", labels_text(&self.labels)),
            ("state.error.code", self.error_code.clone()),
            ("state.error.message", self.error_message.clone()),
            (
                "completedMessage.author.role",
                c.and_then(|m| m.role.clone()),
            ),
            ("completedMessage.text", c.map(|m| m.text.clone())),
            ("completedMessage.status", c.and_then(|m| m.status.clone())),
            ("toolCalls", tool_calls_text(&self.tool_calls)),
            ("usage.promptTokens", num(usage.prompt)),
            ("usage.completionTokens", num(usage.completion)),
            ("usage.totalTokens", num(usage.total)),
            (
                "customPromptTruncationOptions.maxPromptTokens",
                num(self.max_prompt_tokens),
            ),
            (
                "customPromptTruncationOptions.strategy",
                self.truncation_strategy.clone(),
            ),
            ("customCompletionOptions.maxTokens", num(self.max_tokens)),
            (
                "customCompletionOptions.temperature",
                self.temperature.map(|t| t.to_string()),
            ),
        ]
    }
}

fn labels_text(labels: &BTreeMap<String, String>) -> Option<String> {
    (!labels.is_empty()).then(|| {
        labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn tool_calls_text(calls: &[ToolCall]) -> Option<String> {
    (!calls.is_empty()).then(|| {
        calls
            .iter()
            .map(|c| format!("{}({})", c.name, c.arguments))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// The function calls of a `TOOL_CALLS` run or event.
pub fn tool_calls(list: Option<WireToolCallList>) -> Vec<ToolCall> {
    list.map(|l| l.tool_calls)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|c| c.function_call)
        .map(|f| ToolCall {
            name: f.name,
            arguments: f.arguments,
        })
        .collect()
}

fn strategy(t: &WireTruncationOptions) -> Option<String> {
    if let Some(s) = &t.last_messages_strategy {
        let n = s
            .get("num_messages")
            .or_else(|| s.get("numMessages"))
            .map(|n| match n {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        return Some(match n {
            Some(n) => format!("lastMessagesStrategy ({n} messages)"),
            None => "lastMessagesStrategy".into(),
        });
    }
    t.auto_strategy.as_ref().map(|_| "autoStrategy".into())
}

pub fn run_record(w: WireRun) -> RunRecord {
    let state = w.state.unwrap_or_default();
    let outcome = state.outcome;
    let error = outcome.error.unwrap_or_default();
    let (max_tokens, temperature) = w
        .custom_completion_options
        .map_or((None, None), |c: WireCompletionOptions| {
            (c.max_tokens, c.temperature)
        });
    let truncation = w.custom_prompt_truncation_options;
    RunRecord {
        id: w.id.unwrap_or_default(),
        assistant_id: w.assistant_id,
        thread_id: w.thread_id,
        created_by: w.created_by,
        created_at: w.created_at,
        labels: w.labels,
        status: state.status,
        error_code: error.code.and_then(|c| match c {
            Value::String(s) if !s.is_empty() => Some(s),
            Value::Number(n) if n.as_i64() != Some(0) => Some(n.to_string()),
            _ => None,
        }),
        error_message: error.message.filter(|m| !m.is_empty()),
        completed: outcome.completed_message.map(|m| CompletedMessage {
            id: m.id.clone(),
            role: m.author.as_ref().and_then(|a| a.role.clone()),
            status: m.status.clone(),
            text: m
                .content
                .map(|c| text_of_parts(c.content))
                .unwrap_or_default(),
        }),
        tool_calls: tool_calls(outcome.tool_call_list),
        usage: w.usage.map(|u| Usage {
            prompt: u.prompt_tokens,
            completion: u.completion_tokens,
            total: u.total_tokens,
            reasoning: None,
        }),
        max_prompt_tokens: truncation.as_ref().and_then(|t| t.max_prompt_tokens),
        truncation_strategy: truncation.as_ref().and_then(strategy),
        max_tokens,
        temperature,
        tools: w.tools,
    }
}

/// A list page: the end is an empty page, whatever its token says; a token on a non-empty page means
/// "ask again".
fn cursor(items_empty: bool, token: Option<String>) -> PageCursor {
    match token {
        Some(t) if !items_empty => PageCursor::Token(t),
        _ => PageCursor::End,
    }
}

pub fn run(body: &str) -> Result<RunRecord, ApiError> {
    Ok(run_record(parse_json(body, "reading the run")?))
}

pub fn runs_page(body: &str) -> Result<Page<RunRecord>, ApiError> {
    let p: WirePage = parse_json(body, "reading the list of runs")?;
    let next = cursor(p.runs.is_empty(), p.next_page_token);
    Ok(Page {
        items: p.runs.into_iter().map(run_record).collect(),
        next,
    })
}

/// A Yandex thread. It has no status; `metadata` holds its other fields (description, labels, who and
/// when) so the views can show them.
pub fn thread_of(w: WireThread) -> Thread {
    let c = w.common;
    let mut meta = Map::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            meta.insert(k.to_owned(), Value::String(v));
        }
    };
    put("description", c.description);
    put("folderId", c.folder_id);
    put("createdBy", c.created_by);
    put("expiresAt", c.expires_at);
    put("defaultMessageAuthorId", w.default_message_author_id);
    if !c.labels.is_empty() {
        meta.insert("labels".into(), json!(c.labels));
    }
    Thread {
        id: c.id.unwrap_or_default(),
        title: c.name,
        status: ThreadStatus::Unknown(String::new()),
        created_at: c.created_at,
        updated_at: c.updated_at,
        metadata: Value::Object(meta),
        values: Value::Null,
    }
}

pub fn thread(body: &str) -> Result<Thread, ApiError> {
    Ok(thread_of(parse_json(body, "reading the thread")?))
}

pub fn threads_page(body: &str) -> Result<Page<Thread>, ApiError> {
    let p: WirePage = parse_json(body, "reading the list of threads")?;
    let next = cursor(p.threads.is_empty(), p.next_page_token);
    Ok(Page {
        items: p.threads.into_iter().map(thread_of).collect(),
        next,
    })
}

fn options_json(
    t: Option<WireTruncationOptions>,
    c: Option<WireCompletionOptions>,
) -> (Value, Value) {
    let t = t.map_or(Value::Null, |t| {
        let mut m = Map::new();
        if let Some(n) = t.max_prompt_tokens {
            m.insert("maxPromptTokens".into(), json!(n.to_string()));
        }
        if let Some(s) = strategy(&t) {
            m.insert("strategy".into(), json!(s));
        }
        Value::Object(m)
    });
    let c = c.map_or(Value::Null, |c| {
        let mut m = Map::new();
        if let Some(n) = c.max_tokens {
            m.insert("maxTokens".into(), json!(n.to_string()));
        }
        if let Some(x) = c.temperature {
            m.insert("temperature".into(), json!(x));
        }
        Value::Object(m)
    });
    (t, c)
}

/// A Yandex assistant: `graph_or_model` is the model URI; `config` holds the instruction, the prompt
/// truncation and completion options and the tools; `metadata` the labels.
pub fn assistant_of(w: WireAssistant) -> Assistant {
    let (truncation, completion) = options_json(w.prompt_truncation_options, w.completion_options);
    let mut config = Map::new();
    config.insert("instruction".into(), json!(w.instruction));
    config.insert("promptTruncationOptions".into(), truncation);
    config.insert("completionOptions".into(), completion);
    config.insert("tools".into(), Value::Array(w.tools));
    let c = w.common;
    let id = c.id.unwrap_or_default();
    Assistant {
        name: c.name.unwrap_or_else(|| id.clone()),
        id,
        graph_or_model: w.model_uri,
        description: c.description,
        version: None,
        created_at: c.created_at,
        config: Value::Object(config),
        context: Value::Null,
        metadata: json!(c.labels),
    }
}

pub fn assistant(body: &str) -> Result<Assistant, ApiError> {
    Ok(assistant_of(parse_json(body, "reading the assistant")?))
}

pub fn assistants_page(body: &str) -> Result<Page<Assistant>, ApiError> {
    let p: WirePage = parse_json(body, "reading the list of assistants")?;
    let next = cursor(p.assistants.is_empty(), p.next_page_token);
    Ok(Page {
        items: p.assistants.into_iter().map(assistant_of).collect(),
        next,
    })
}

/// One message (`Message.Create`, `Message.Get`).
pub fn message_one(body: &str) -> Result<Message, ApiError> {
    let w: WireMessage = parse_json(body, "reading the message")?;
    Ok(message(w, "message"))
}

/// `Message.List`: a stream of `{"result": Message}` values (bare messages accepted too), newest
/// first. Returns the conversation oldest first. A `{"error": …}` value fails the whole list.
pub fn messages(body: &str) -> Result<Vec<Message>, ApiError> {
    let mut decoder = NdjsonDecoder::new();
    let mut raw = Vec::new();
    decoder.feed(body.as_bytes(), &mut raw);
    let leftover = decoder.finish();
    let bad = |detail: String| ApiError::Decode {
        purpose: "reading the thread's messages",
        detail,
        body_start: truncate(body, 120),
    };
    let mut out = Vec::new();
    for (i, r) in raw.into_iter().enumerate() {
        let mut v: Value = serde_json::from_str(&r.data).map_err(|e| bad(e.to_string()))?;
        if let Some(e) = v.get("error").filter(|e| e.is_object()) {
            let msg = e.get("message").and_then(Value::as_str).unwrap_or("error");
            return Err(bad(format!("the server stopped the list: {msg}")));
        }
        let body = match v.get_mut("result") {
            Some(r) => r.take(),
            None => v,
        };
        let w: WireMessage = serde_json::from_value(body).map_err(|e| bad(e.to_string()))?;
        out.push(message(w, &format!("message-{i}")));
    }
    if let Some(rest) = leftover.filter(|_| out.is_empty()) {
        return Err(bad(rest));
    }
    out.reverse();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the real API writes a list (snake_case, defaults and nulls written out, unset oneofs omitted).
    const RUNS: &str = r#"{"runs":[
      {"id":"r1","assistant_id":"a1","thread_id":"t1","created_by":"u1","created_at":"2025-08-01T10:00:00.123456Z","labels":{"source":"demo"},
       "state":{"status":"COMPLETED","completed_message":{"id":"m1","thread_id":"t1","created_by":"","created_at":"2025-08-01T10:00:01Z","author":{"id":"","role":"ASSISTANT"},"labels":{},"content":{"content":[{"text":{"content":"Hello, "}},{"text":{"content":"world."}}]},"status":"TRUNCATED"}},
       "usage":{"prompt_tokens":"9007199254740000","completion_tokens":"993","total_tokens":"9007199254740993"},
       "custom_prompt_truncation_options":{"max_prompt_tokens":"4000","last_messages_strategy":{"num_messages":"10"}},
       "custom_completion_options":{"max_tokens":"500","temperature":0.7},"tools":[]},
      {"id":"r2","assistant_id":"a1","thread_id":"t1","created_by":"u1","created_at":"2025-08-01T10:05:00Z","labels":{},
       "state":{"status":"FAILED","error":{"message":"blocked"}},"usage":null,"custom_prompt_truncation_options":null,"custom_completion_options":null,"tools":[]},
      {"id":"r3","state":{"status":"TOOL_CALLS","tool_call_list":{"tool_calls":[{"function_call":{"name":"get_weather","arguments":{"city":"Oslo"}}}]}}},
      {"id":"r4","state":{"status":"SOMETHING_NEW"}}
    ],"next_page_token":"abc"}"#;

    #[test]
    fn every_run_field_is_read_exactly() {
        let p = runs_page(RUNS).unwrap();
        assert_eq!(p.next, PageCursor::Token("abc".into()));
        let r = &p.items[0];
        assert_eq!(r.assistant_id.as_deref(), Some("a1"));
        assert_eq!(r.labels.get("source").map(String::as_str), Some("demo"));
        assert_eq!(r.run_status(), RunStatus::Success);
        let c = r.completed.as_ref().unwrap();
        assert_eq!(c.text, "Hello, world.");
        assert_eq!(c.role.as_deref(), Some("ASSISTANT"));
        assert_eq!(c.status.as_deref(), Some("TRUNCATED"));
        let u = r.usage.unwrap();
        assert_eq!(u.total, Some(9_007_199_254_740_993));
        assert_eq!(u.prompt, Some(9_007_199_254_740_000));
        assert_eq!(r.max_prompt_tokens, Some(4000));
        assert_eq!(
            r.truncation_strategy.as_deref(),
            Some("lastMessagesStrategy (10 messages)")
        );
        assert_eq!((r.max_tokens, r.temperature), (Some(500), Some(0.7)));
        let f = r.fields();
        assert!(f.contains(&("usage.totalTokens", Some("9007199254740993".into()))));
    }

    #[test]
    fn absent_fields_stay_absent_and_code_zero_is_no_code() {
        let p = runs_page(RUNS).unwrap();
        let failed = &p.items[1];
        assert_eq!(failed.run_status(), RunStatus::Error);
        assert_eq!(failed.error_code, None);
        assert_eq!(failed.error_message.as_deref(), Some("blocked"));
        assert_eq!(failed.usage, None);
        assert_eq!(failed.max_tokens, None);
        let f = failed.fields();
        assert!(f.contains(&("usage.totalTokens", None)));
        assert!(f.contains(&("labels", None)));
        assert!(f.contains(&("customCompletionOptions.temperature", None)));
        let tools = &p.items[2];
        assert_eq!(tools.run_status(), RunStatus::ActionRequired);
        assert_eq!(tools.tool_calls[0].name, "get_weather");
        assert_eq!(tools.created_at, None);
        let unknown = &p.items[3];
        assert_eq!(unknown.status.as_deref(), Some("SOMETHING_NEW"));
        assert_eq!(
            unknown.run_status(),
            RunStatus::Unknown("SOMETHING_NEW".into())
        );
    }

    #[test]
    fn camel_case_of_the_reference_reads_the_same() {
        let body = r#"{"runs":[{"id":"r1","assistantId":"a1","threadId":"t1","createdAt":"2025-08-01T10:00:00Z",
          "state":{"status":"FAILED","error":{"code":13,"message":"internal"}},
          "usage":{"promptTokens":"1","completionTokens":"2","totalTokens":"3"},
          "customPromptTruncationOptions":{"maxPromptTokens":"7000","autoStrategy":{}},
          "customCompletionOptions":{"maxTokens":"20","temperature":0.1}}],"nextPageToken":"t"}"#;
        let p = runs_page(body).unwrap();
        let r = &p.items[0];
        assert_eq!(r.thread_id.as_deref(), Some("t1"));
        assert_eq!(r.error_code.as_deref(), Some("13"));
        assert_eq!(r.usage.unwrap().total, Some(3));
        assert_eq!(r.max_prompt_tokens, Some(7000));
        assert_eq!(r.truncation_strategy.as_deref(), Some("autoStrategy"));
        assert_eq!(r.temperature, Some(0.1));
        assert_eq!(p.next, PageCursor::Token("t".into()));
    }

    #[test]
    fn an_empty_page_ends_the_list_whatever_its_token() {
        let p = runs_page(r#"{"runs":[],"next_page_token":"still-a-token"}"#).unwrap();
        assert_eq!(p.next, PageCursor::End);
        let p = threads_page(r#"{"threads":[{"id":"t"}],"next_page_token":""}"#).unwrap();
        assert_eq!(p.next, PageCursor::End);
        assert_eq!(runs_page("{}").unwrap().items.len(), 0);
    }

    #[test]
    fn threads_keep_name_description_and_labels() {
        let p = threads_page(r#"{"threads":[{"id":"t1","folder_id":"f","name":"","description":"Web chat","labels":{"channel":"web"},"created_at":"2025-08-01T10:00:00Z"}],"next_page_token":"x"}"#).unwrap();
        let t = &p.items[0];
        assert_eq!(t.title, None);
        assert_eq!(t.metadata["description"], "Web chat");
        assert_eq!(t.metadata["labels"]["channel"], "web");
        let camel = thread(r#"{"id":"t2","folderId":"f","name":"N","createdAt":"2025-08-01T10:00:00Z","expiresAt":"2025-08-08T10:00:00Z","labels":null}"#).unwrap();
        assert_eq!(camel.title.as_deref(), Some("N"));
        assert_eq!(camel.created_at.as_deref(), Some("2025-08-01T10:00:00Z"));
        assert_eq!(camel.metadata["folderId"], "f");
        assert_eq!(camel.metadata["expiresAt"], "2025-08-08T10:00:00Z");
        assert!(camel.metadata.get("labels").is_none());
    }

    #[test]
    fn assistants_show_model_instruction_options_tools() {
        let a = assistant(r#"{"id":"a1","name":"Helper","model_uri":"gpt://f/yandexgpt/latest","instruction":"Be brief.","prompt_truncation_options":{"max_prompt_tokens":"7000","auto_strategy":{}},"completion_options":{"max_tokens":"2000","temperature":0.3},"tools":[{"function":{"name":"get_weather"}}],"labels":{}}"#).unwrap();
        assert_eq!(
            a.graph_or_model.as_deref(),
            Some("gpt://f/yandexgpt/latest")
        );
        assert_eq!(a.config["instruction"], "Be brief.");
        assert_eq!(a.config["completionOptions"]["maxTokens"], "2000");
        assert_eq!(
            a.config["promptTruncationOptions"]["strategy"],
            "autoStrategy"
        );
        assert_eq!(a.config["tools"][0]["function"]["name"], "get_weather");
    }

    #[test]
    fn message_list_is_a_stream_newest_first() {
        let body = concat!(
            r#"{"result":{"id":"m2","author":{"role":"ASSISTANT"},"content":{"content":[{"text":{"content":"Hi!"}}]}}}"#,
            "\n",
            r#"{"id":"m1","author":{"role":"USER"},"content":{"content":[{"text":{"content":"Hello"}}]}}"#,
            "\n"
        );
        let m = messages(body).unwrap();
        assert_eq!(m[0].id, "m1");
        assert_eq!(m[0].role, Role::Human);
        assert_eq!(m[1].plain_text(), "Hi!");
        assert!(messages("").unwrap().is_empty());
        let err = messages(r#"{"error":{"code":5,"message":"gone"}}"#).unwrap_err();
        assert!(err.to_string().contains("gone"));
        assert!(messages("{not json").is_err());
    }
}
