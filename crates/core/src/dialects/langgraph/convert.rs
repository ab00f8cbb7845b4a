//! LangGraph wire types → domain types.

use super::wire::{
    WireAssistant, WireHistoryEntry, WireInfo, WireListedThread, WireRun, WireThread,
    WireThreadState, WireThreadStatus,
};
use crate::dialects::langchain::{self, messages_from_values};
use crate::domain::{
    Assistant, Checkpoint, Interrupt, Message, Page, PageCursor, Run, RunStatus, ServerInfo,
    Thread, ThreadStatus, Values,
};
use crate::http::{parse_json, ApiError};
use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use serde_json::Value;

pub fn info(body: &str) -> Result<ServerInfo, ApiError> {
    let details: Value = parse_json(body, "reading the server's /info")?;
    let wire: WireInfo = serde_json::from_value(details.clone()).unwrap_or_default();
    Ok(ServerInfo {
        version: wire.version.or(wire.langgraph_py_version),
        details,
    })
}

pub fn thread(w: WireThread) -> Thread {
    let title = w
        .metadata
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| first_human_text(w.values.get("messages").unwrap_or(&w.messages)));
    Thread {
        id: w.thread_id,
        title,
        status: status_or_idle(w.status.as_deref()),
        created_at: w.created_at,
        updated_at: w.updated_at,
        metadata: w.metadata,
        values: w.values,
    }
}

/// A thread without a title is named after its first human message, as chat UIs do.
fn first_human_text(list: &Value) -> Option<String> {
    if !list.is_array() {
        return None;
    }
    let (messages, _) = messages_from_values(list);
    let m = messages
        .into_iter()
        .find(|m| m.role == crate::domain::Role::Human)?;
    let t = m.plain_text();
    (!t.trim().is_empty()).then(|| crate::http::truncate(t.trim(), 60))
}

/// `GET /threads/{id}`.
pub fn thread_detail(body: &str) -> Result<Thread, ApiError> {
    let w: WireThread = parse_json(body, "reading the thread")?;
    names_a_thread(&w.thread_id, body)?;
    Ok(thread(w))
}

/// A thread's status as the server names it; a thread that names none is idle.
fn status_or_idle(status: Option<&str>) -> ThreadStatus {
    ThreadStatus::parse(status.unwrap_or("idle"))
}

/// The status of thread `id` in a `POST /threads/search` answer (`requests::thread_status`); `None`
/// when the answer does not list it (a server that ignored `ids`) or is not a list.
pub fn status_in_search(body: &str, id: &str) -> Option<ThreadStatus> {
    let listed: Vec<WireThreadStatus> = serde_json::from_str(body).ok()?;
    listed
        .into_iter()
        .find(|t| t.thread_id == id)
        .map(|t| status_or_idle(t.status.as_deref()))
}

/// A thread's status from `GET /threads/{id}`, its values skipped unread.
pub fn thread_status_of(body: &str) -> Result<ThreadStatus, ApiError> {
    let w: WireThreadStatus = parse_json(body, "reading the thread")?;
    names_a_thread(&w.thread_id, body)?;
    Ok(status_or_idle(w.status.as_deref()))
}

/// A thread answer (LangGraph's or the Agent Protocol's) must name its thread: one that does not is
/// not an empty thread but a wrong answer.
pub fn names_a_thread(thread_id: &str, body: &str) -> Result<(), ApiError> {
    if thread_id.is_empty() {
        return Err(crate::http::not_as_promised(
            "reading the thread",
            "it names no thread_id",
            body,
        ));
    }
    Ok(())
}

/// A page of `POST /threads/search`; `next_header` is the `x-pagination-next` header, absent on the last page.
pub fn threads_page(body: &str, next_header: Option<&str>) -> Result<Page<Thread>, ApiError> {
    let wire: Vec<WireListedThread> = parse_json(body, "reading the thread list")?;
    let next = next_header
        .and_then(|h| h.trim().parse().ok())
        .map_or(PageCursor::End, PageCursor::Offset);
    Ok(Page {
        items: wire.into_iter().map(listed_thread).collect(),
        next,
    })
}

/// A listed thread: named like any other, its values left out (see [`WireListedThread`]).
fn listed_thread(w: WireListedThread) -> Thread {
    let extracted: Vec<Value> = ["first_message", "second_message"]
        .iter()
        .filter_map(|k| w.extracted.get(*k).filter(|m| m.is_object()).cloned())
        .collect();
    let first = if !w.values.messages.0.is_empty() {
        w.values.messages.0
    } else if !extracted.is_empty() {
        extracted
    } else {
        w.messages.0
    };
    thread(WireThread {
        thread_id: w.thread_id,
        created_at: w.created_at,
        updated_at: w.updated_at,
        metadata: w.metadata,
        status: w.status,
        values: Value::Null,
        interrupts: Value::Null,
        messages: Value::Array(first),
    })
}

pub fn assistants(body: &str) -> Result<Vec<Assistant>, ApiError> {
    let wire: Vec<WireAssistant> = parse_json(body, "reading the assistant list")?;
    Ok(wire.into_iter().map(assistant_of).collect())
}

#[derive(serde::Deserialize)]
struct WireCron {
    cron_id: String,
    assistant_id: Option<String>,
    thread_id: Option<String>,
    #[serde(default)]
    schedule: String,
    next_run_date: Option<String>,
    end_time: Option<String>,
    created_at: Option<String>,
    #[serde(default)]
    payload: Value,
}

fn cron_of(w: WireCron) -> crate::backend::CronJob {
    let input = &w.payload["input"];
    let sends = match input["messages"][0]["content"].as_str() {
        Some(text) => text.to_owned(),
        None => serde_json::to_string(input).unwrap_or_default(),
    };
    crate::backend::CronJob {
        sends: sends.chars().take(200).collect(),
        id: w.cron_id,
        assistant_id: w.assistant_id,
        thread_id: w.thread_id,
        schedule: w.schedule,
        next_run: w.next_run_date,
        end_time: w.end_time,
        created_at: w.created_at,
        payload: w.payload,
    }
}

/// `POST /runs/crons/search`.
pub fn crons(body: &str) -> Result<Vec<crate::backend::CronJob>, ApiError> {
    let w: Vec<WireCron> = parse_json(body, "reading the scheduled runs")?;
    Ok(w.into_iter().map(cron_of).collect())
}

/// A scheduled run as its creation answers it.
pub fn cron(body: &str) -> Result<crate::backend::CronJob, ApiError> {
    parse_json::<WireCron>(body, "reading the scheduled run").map(cron_of)
}

/// One assistant, as a create, an edit or a change of its latest version answers.
pub fn assistant(body: &str) -> Result<Assistant, ApiError> {
    parse_json::<WireAssistant>(body, "reading the assistant").map(assistant_of)
}

fn assistant_of(a: WireAssistant) -> Assistant {
    Assistant {
        name: a
            .name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| a.assistant_id.clone()),
        id: a.assistant_id,
        graph_or_model: a.graph_id,
        description: a.description,
        version: a.version,
        created_at: a.created_at,
        config: a.config,
        context: a.context,
        metadata: a.metadata,
    }
}

/// The current messages, values and pending interrupts of a thread (`GET /threads/{id}/state`).
pub struct ThreadSnapshot {
    pub messages: Vec<Message>,
    pub values: Values,
    pub interrupts: Vec<Interrupt>,
    pub problems: Vec<String>,
    pub pause: Option<crate::debugger::Pause>,
}

/// A thread's state as its text holds it: its values and pending interrupts, its messages found but
/// not yet read (each one's slice of the text), so that a long thread's can be read a part at a time
/// ([`langchain::read_message_slices`]).
pub struct StateText<'a> {
    pub values: &'a RawValue,
    pub messages: Vec<&'a RawValue>,
    /// Why the messages could not be found (they are not a list, or nested too deeply).
    pub problem: Option<String>,
    pub interrupts: Vec<Interrupt>,
    /// Stopped at a breakpoint, as the state says (nodes due, nothing asked or failed).
    pub pause: Option<crate::debugger::Pause>,
}

impl StateText<'_> {
    pub fn values(&self) -> Values {
        Values::from_json_text(self.values.get())
    }
}

pub fn thread_state(body: &str) -> Result<ThreadSnapshot, ApiError> {
    let state = state_text(body)?;
    let mut messages = Vec::with_capacity(state.messages.len());
    let mut problems = Vec::from_iter(state.problem.clone());
    langchain::read_message_slices(&state.messages, 0, &mut messages, &mut problems);
    Ok(ThreadSnapshot {
        messages,
        values: state.values(),
        interrupts: state.interrupts,
        problems,
        pause: state.pause,
    })
}

/// The nodes due at a checkpoint (`GET /threads/{id}/state/{checkpoint}`'s `next`), read alone.
pub fn next_of(body: &str) -> Result<Vec<String>, ApiError> {
    #[derive(serde::Deserialize)]
    struct Next {
        #[serde(default)]
        next: Vec<String>,
    }
    parse_json::<Next>(body, "reading the checkpoint before the pause").map(|n| n.next)
}

/// Reads `GET /threads/{id}/state`'s answer up to its messages: found, not read.
pub fn state_text(body: &str) -> Result<StateText<'_>, ApiError> {
    // Typed straight from the text: a long thread's values (all of its messages) are not built into
    // a `Value` on open, only its messages, each from its own slice of the text.
    let w: WireThreadState = serde_json::from_str(body).map_err(|e| {
        match parse_json::<IgnoredAny>(body, "reading the thread's state") {
            Err(not_json) => not_json,
            Ok(_) => {
                crate::http::not_as_promised("reading the thread's state", &e.to_string(), body)
            }
        }
    })?;
    let Some(raw) = w.values else {
        return Err(crate::http::not_as_promised(
            "reading the thread's state",
            "it has no values",
            body,
        ));
    };
    let mut interrupts: Vec<Interrupt> = w
        .interrupts
        .into_iter()
        .map(|i| Interrupt {
            id: i.id,
            value: i.value,
            response_schema: i.response_schema,
            namespace: vec![],
        })
        .collect();
    // Older servers only list interrupts under their tasks.
    if interrupts.is_empty() {
        for task in &w.tasks {
            for i in task
                .get("interrupts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                interrupts.push(Interrupt {
                    id: i.get("id").and_then(Value::as_str).map(str::to_owned),
                    value: i.get("value").cloned().unwrap_or(Value::Null),
                    response_schema: None,
                    namespace: vec![],
                });
            }
        }
    }
    let (messages, problem) = langchain::message_slices(raw.get());
    let pause = if interrupts.is_empty() {
        crate::debugger::Pause::of_state(
            &w.next,
            &w.tasks,
            &w.metadata,
            &w.checkpoint,
            &w.parent_checkpoint,
        )
    } else {
        None
    };
    Ok(StateText {
        values: raw,
        messages,
        problem,
        interrupts,
        pause,
    })
}

pub fn run(w: WireRun) -> Run {
    Run {
        id: w.run_id,
        thread_id: w.thread_id,
        assistant_id: w.assistant_id,
        created_at: w.created_at,
        updated_at: w.updated_at,
        status: RunStatus::parse(w.status.as_deref().unwrap_or("pending")),
        metadata: w.metadata,
        kwargs: w.kwargs,
        multitask_strategy: w.multitask_strategy,
    }
}

/// `GET /threads/{id}/runs` (newest first). The API gives no next-page header: a full page means "maybe more".
pub fn runs(body: &str) -> Result<Vec<Run>, ApiError> {
    let wire: Vec<WireRun> = parse_json(body, "reading the run list")?;
    Ok(wire.into_iter().map(run).collect())
}

pub fn run_detail(body: &str) -> Result<Run, ApiError> {
    parse_json::<WireRun>(body, "reading the run").map(run)
}

/// `POST /threads/{id}/history`.
pub fn history(body: &str) -> Result<Vec<Checkpoint>, ApiError> {
    let wire: Vec<WireHistoryEntry> = parse_json(body, "reading the thread's history")?;
    Ok(wire
        .into_iter()
        .map(|h| Checkpoint {
            id: h.checkpoint.and_then(|c| c.checkpoint_id),
            parent_id: h.parent_checkpoint.and_then(|c| c.checkpoint_id),
            created_at: h.created_at,
            next: h.next,
            step: h.metadata.get("step").and_then(Value::as_i64),
            source: h
                .metadata
                .get("source")
                .and_then(Value::as_str)
                .map(str::to_owned),
            values: h.values,
            metadata: h.metadata,
        })
        .collect())
}

/// The new checkpoint's id in the answer to `POST /threads/{id}/state`.
pub fn forked(body: &str) -> Result<String, ApiError> {
    let v: Value = parse_json(body, "forking the checkpoint")?;
    v.pointer("/checkpoint/checkpoint_id")
        .or_else(|| v.pointer("/configurable/checkpoint_id"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| ApiError::Decode {
            purpose: "forking the checkpoint",
            detail: "the answer names no checkpoint".into(),
            body_start: crate::http::truncate(body, 120),
        })
}

/// The run id named by a stream response's `content-location: /threads/{tid}/runs/{rid}` header.
pub fn run_id_from_content_location(header: &str) -> Option<String> {
    let mut parts = header.trim_end_matches('/').rsplit('/');
    let rid = parts.next()?;
    (parts.next()? == "runs" && !rid.is_empty()).then(|| rid.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_threads_status_is_read_from_its_search_answer_or_its_own() {
        let answer =
            r#"[{"thread_id": "other", "status": "idle"}, {"thread_id": "t1", "status": "busy"}]"#;
        assert_eq!(status_in_search(answer, "t1"), Some(ThreadStatus::Busy));
        // A server that ignored `ids` listed other threads: no status for this one.
        assert_eq!(
            status_in_search(r#"[{"thread_id": "other", "status": "busy"}]"#, "t1"),
            None
        );
        assert_eq!(status_in_search("<html>", "t1"), None);
        assert_eq!(status_in_search(r#"{"detail": "no"}"#, "t1"), None);
        // An unknown status is kept, not an error.
        assert_eq!(
            status_in_search(r#"[{"thread_id": "t1", "status": "paused"}]"#, "t1"),
            Some(ThreadStatus::parse("paused"))
        );
        let whole = r#"{"thread_id": "t1", "status": "interrupted", "values": {"messages": [{"type": "human", "content": "hi"}]}, "metadata": {}}"#;
        assert_eq!(thread_status_of(whole).unwrap(), ThreadStatus::Interrupted);
        assert!(
            thread_status_of(r#"{"status": "busy"}"#).is_err(),
            "names no thread"
        );
    }

    #[test]
    fn a_state_is_read_typed_its_values_only_when_asked() {
        let body = r#"{"values": {"messages": [{"type": "human", "content": "hi", "id": "h1"}, {"type": 7}, {"type": "ai", "content": [{"type": "text", "text": "yo\u00e9"}], "id": "a1"}], "step": 3},
            "next": ["agent"], "tasks": [], "interrupts": [{"id": "i1", "value": {"q": "ok?"}}], "metadata": {"x": 1}}"#;
        let s = thread_state(body).expect("a state");
        let ids: Vec<&str> = s.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["h1", "a1"]);
        assert_eq!(s.messages[1].plain_text(), "yo\u{e9}");
        // The unreadable message is said, the rest kept.
        assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
        assert!(s.problems[0].starts_with("message 1 of the state"));
        assert_eq!(s.interrupts[0].id.as_deref(), Some("i1"));
        assert!(!s.values.is_parsed(), "values are read when shown");
        assert_eq!(s.values.value()["step"], 3);
        assert_eq!(s.values.value()["messages"][0]["content"], "hi");
        assert!(s.values.is_parsed());
        // Values that are not an object, or without messages: no messages, nothing to say.
        for values in [
            r#"[1, 2]"#,
            "null",
            r#"{"other": 1}"#,
            r#"{"messages": null}"#,
        ] {
            let s = thread_state(&format!(r#"{{"values": {values}}}"#)).expect(values);
            assert!(s.messages.is_empty() && s.problems.is_empty(), "{values}");
        }
        // Messages that are not a list, or values nested past what the reader reads: none, and why.
        let deep = format!(
            r#"{{"other": {}1{}, "messages": []}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let deep_messages = format!(r#"{{"messages": {}1{}}}"#, "[".repeat(200), "]".repeat(200));
        for (values, said) in [
            (
                r#"{"messages": "hi"}"#,
                "the state's messages are a string, not a list",
            ),
            (
                r#"{"messages": {"a": 1}}"#,
                "the state's messages are an object, not a list",
            ),
            (
                r#"{"messages": [1, 2]}"#,
                "message 0 of the state could not be read",
            ),
            (&deep_messages, "message 0 of the state could not be read"),
        ] {
            let s = thread_state(&format!(r#"{{"values": {values}}}"#)).expect(values);
            assert!(s.messages.is_empty(), "{values}");
            assert!(
                s.problems.first().is_some_and(|p| p.starts_with(said)),
                "{values}: {:?}",
                s.problems
            );
        }
        // Values nested past what the reader reads: the messages beside them are read; the values
        // themselves say why they cannot be shown.
        let s = thread_state(&format!(r#"{{"values": {deep}}}"#)).expect("deep values");
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert!(
            s.values
                .problem()
                .is_some_and(|p| p.contains("recursion limit")),
            "{:?}",
            s.values.problem()
        );
        // A wrong answer is said as before: no values, not JSON, a page.
        let no_values = thread_state(r#"{"next": []}"#).err().expect("no values");
        assert!(
            no_values.to_string().contains("it has no values"),
            "{no_values}"
        );
        assert!(thread_state(r#"{"values": {}, "next": 5}"#).is_err());
        let html = thread_state("<html><title>Bad gateway</title></html>")
            .err()
            .expect("HTML");
        assert!(html.to_string().contains("Bad gateway"), "{html}");
    }

    #[test]
    fn content_location_names_the_run() {
        assert_eq!(
            run_id_from_content_location("/threads/a/runs/b").as_deref(),
            Some("b")
        );
        assert_eq!(run_id_from_content_location("/threads/a"), None);
    }

    #[test]
    fn a_fork_answer_names_the_new_checkpoint_or_is_an_error() {
        let real = r#"{"checkpoint": {"thread_id": "t", "checkpoint_ns": "", "checkpoint_id": "1f1e-9"},
            "configurable": {"thread_id": "t", "checkpoint_ns": "", "checkpoint_id": "1f1e-9"}}"#;
        assert_eq!(forked(real).unwrap(), "1f1e-9");
        assert_eq!(
            forked(r#"{"configurable": {"checkpoint_id": "c"}}"#).unwrap(),
            "c"
        );
        assert!(matches!(forked("{}"), Err(ApiError::Decode { .. })));
        assert!(matches!(forked("<html>"), Err(ApiError::Decode { .. })));
    }

    #[test]
    fn threads_page_reads_next_offset() {
        let p = threads_page(
            r#"[{"thread_id":"t","status":"busy","metadata":{"title":"T"},"values":null}]"#,
            Some("10"),
        )
        .unwrap();
        assert_eq!(p.next, PageCursor::Offset(10));
        assert_eq!(p.items[0].status, ThreadStatus::Busy);
        assert_eq!(p.items[0].title.as_deref(), Some("T"));
    }

    #[test]
    fn a_lean_page_is_named_by_its_extracted_messages_and_a_full_one_by_its_values() {
        // What `select` + `extract` answer: no values, the first two messages.
        let lean = threads_page(
            r#"[{"thread_id":"a","metadata":{},"extracted":{"first_message":{"type":"system","content":"rules"},"second_message":{"type":"human","content":"hello there"}}}]"#,
            None,
        )
        .unwrap();
        assert_eq!(lean.items[0].title.as_deref(), Some("hello there"));
        assert_eq!(lean.items[0].values, Value::Null);
        // A server that ignored them: the values' first human message, the rest unread.
        let full = threads_page(
            r#"[{"thread_id":"b","metadata":{},"values":{"messages":[{"type":"human","content":"from values"},{"type":"ai","content":"x"}]}}]"#,
            None,
        )
        .unwrap();
        assert_eq!(full.items[0].title.as_deref(), Some("from values"));
        let q = super::super::requests::ThreadQuery {
            status: None,
            metadata: None,
            oldest_first: false,
            lean: true,
        };
        let body = super::super::requests::search_threads(25, 0, &q)
            .body
            .unwrap();
        assert_eq!(body["select"][0], "thread_id");
        assert!(body["select"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f != "values"));
        assert_eq!(body["extract"]["first_message"], "values.messages[0]");
    }

    #[test]
    fn unknown_thread_status_is_kept() {
        let p = threads_page(r#"[{"thread_id":"t","status":"sleeping"}]"#, None).unwrap();
        assert_eq!(p.items[0].status, ThreadStatus::Unknown("sleeping".into()));
        assert_eq!(p.next, PageCursor::End);
    }
}

/// An assistant's schemas (`GET /assistants/{id}/schemas`): each is a JSON Schema or `null`.
#[derive(Debug, Clone, PartialEq)]
pub struct AssistantSchemas {
    pub input: Value,
    pub output: Value,
    pub state: Value,
    pub config: Value,
    pub context: Value,
}

pub fn assistant_schemas(body: &str) -> Result<AssistantSchemas, ApiError> {
    let v: Value = parse_json(body, "reading the assistant's schemas")?;
    let take = |k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    Ok(AssistantSchemas {
        input: take("input_schema"),
        output: take("output_schema"),
        state: take("state_schema"),
        config: take("config_schema"),
        context: take("context_schema"),
    })
}

/// An assistant's graph (`GET /assistants/{id}/graph`).
pub fn assistant_graph(body: &str) -> Result<crate::graph::AgentGraph, ApiError> {
    let v: Value = parse_json(body, "reading the assistant's graph")?;
    Ok(crate::graph::AgentGraph::from_json(&v))
}
