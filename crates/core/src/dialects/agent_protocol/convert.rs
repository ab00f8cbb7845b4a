//! Agent Protocol wire types → domain types.

use super::wire::{WireAgent, WireRun, WireThread};
use crate::dialects::langchain::messages_from_values;
use crate::dialects::langgraph::convert::ThreadSnapshot;
use crate::dialects::langgraph::stream::interrupts_from;
use crate::domain::{Assistant, Run, RunStatus};
use crate::http::{parse_json, ApiError};
use serde_json::Value;

/// An agent as an assistant of the app; its capabilities go in `config` (shown as they are).
fn agent_of(a: WireAgent) -> Assistant {
    Assistant {
        name: if a.name.is_empty() {
            a.agent_id.clone()
        } else {
            a.name
        },
        id: a.agent_id,
        graph_or_model: None,
        description: a.description,
        version: None,
        created_at: None,
        config: a.capabilities,
        context: Value::Null,
        metadata: a.metadata,
    }
}

pub fn agents(body: &str) -> Result<Vec<Assistant>, ApiError> {
    let wire: Vec<WireAgent> = parse_json(body, "reading the agent list")?;
    Ok(wire.into_iter().map(agent_of).collect())
}

pub fn agent(body: &str) -> Result<Assistant, ApiError> {
    parse_json::<WireAgent>(body, "reading the agent").map(agent_of)
}

/// A run as the Runs page shows it: every field the spec gives, the status kept as sent.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub run_id: String,
    /// Absent for a stateless run.
    pub thread_id: Option<String>,
    /// Absent: the server's default agent.
    pub agent_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// As sent (`pending`, `error`, `success`, `timeout`, `interrupted`, or whatever a server adds).
    pub status: String,
    pub metadata: Value,
    /// The whole run as sent (its RunStream fields too), for the detail.
    pub raw: Value,
}

impl RunRecord {
    pub fn run_status(&self) -> RunStatus {
        RunStatus::parse(&self.status)
    }

    /// As the thread's Runs tab shows runs (the RunStream fields as its arguments).
    pub fn to_run(&self) -> Run {
        Run {
            id: self.run_id.clone(),
            thread_id: self.thread_id.clone(),
            assistant_id: self.agent_id.clone(),
            created_at: Some(self.created_at.clone()),
            updated_at: Some(self.updated_at.clone()),
            status: self.run_status(),
            metadata: self.metadata.clone(),
            kwargs: self.raw.clone(),
            multitask_strategy: None,
        }
    }
}

/// A `Run` kept whole beside its fields; `body` and `purpose` name the answer it came in.
fn run_of(raw: Value, body: &str, purpose: &'static str) -> Result<RunRecord, ApiError> {
    let w: WireRun = serde_json::from_value(raw.clone()).map_err(|e| ApiError::Decode {
        purpose,
        detail: e.to_string(),
        body_start: body.chars().take(80).collect(),
    })?;
    Ok(RunRecord {
        run_id: w.run_id,
        thread_id: w.thread_id,
        agent_id: w.agent_id,
        created_at: w.created_at,
        updated_at: w.updated_at,
        status: w.status,
        metadata: w.metadata,
        raw,
    })
}

pub fn runs(body: &str) -> Result<Vec<RunRecord>, ApiError> {
    let purpose = "reading the run list";
    let list: Vec<Value> = parse_json(body, purpose)?;
    list.into_iter().map(|r| run_of(r, body, purpose)).collect()
}

pub fn run(body: &str) -> Result<RunRecord, ApiError> {
    let purpose = "reading the run";
    run_of(parse_json(body, purpose)?, body, purpose)
}

/// `RunWaitResponse {run, values, messages}`: the run and the state it left.
pub fn wait_response(body: &str) -> Result<(RunRecord, Value), ApiError> {
    let purpose = "waiting for the run";
    let v: Value = parse_json(body, purpose)?;
    let r = run_of(v.get("run").cloned().unwrap_or(Value::Null), body, purpose)?;
    Ok((r, v))
}

/// A thread's messages, values and pending interrupts from `GET /threads/{id}` (the spec keeps the
/// messages beside the values; a server that leaves them in `values.messages` is read too).
pub fn thread_snapshot(body: &str) -> Result<ThreadSnapshot, ApiError> {
    let w: WireThread = parse_json(body, "reading the thread")?;
    crate::dialects::langgraph::convert::names_a_thread(&w.thread_id, body)?;
    let list = w
        .messages
        .as_ref()
        .or_else(|| w.values.get("messages"))
        .cloned()
        .unwrap_or(Value::Null);
    let (messages, problems) = messages_from_values(&list);
    // The spec's place is `values.__interrupt__`; a LangGraph server (Threads stage, no Agents stage)
    // lists them in `interrupts`, a map from task id to a list.
    let mut interrupts = w
        .values
        .get("__interrupt__")
        .map(interrupts_from)
        .unwrap_or_default();
    if interrupts.is_empty() {
        if let Some(by_task) = w.interrupts.as_object() {
            interrupts = by_task.values().flat_map(interrupts_from).collect();
        }
    }
    Ok(ThreadSnapshot {
        messages,
        values: w.values.into(),
        interrupts,
        problems,
        pause: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn runs_keep_every_field_and_unknown_statuses() {
        let body = json!([
            {"run_id": "r1", "thread_id": "t1", "agent_id": "a", "created_at": "c", "updated_at": "u",
             "status": "timeout", "metadata": {"k": 1}, "on_completion": "keep"},
            {"run_id": "r2", "created_at": "c", "updated_at": "u", "status": "paused", "metadata": {}}
        ])
        .to_string();
        let list = runs(&body).expect("parses");
        assert_eq!(list[0].run_status(), RunStatus::Timeout);
        assert_eq!(list[0].raw["on_completion"], "keep");
        assert_eq!(list[1].thread_id, None);
        assert_eq!(list[1].run_status(), RunStatus::Unknown("paused".into()));
        assert!(runs("[{\"status\": 1}]").is_err());
    }

    #[test]
    fn a_thread_gives_messages_beside_values_and_its_interrupt() {
        let body = json!({"thread_id": "t", "created_at": "c", "updated_at": "u", "metadata": {}, "status": "interrupted",
            "values": {"turns": 1, "__interrupt__": [{"id": "i1", "value": {"question": "ok?"}}]},
            "messages": [{"role": "user", "content": "hi", "id": "m1"},
                         {"role": "assistant", "content": [{"type": "text", "text": "yo"}], "id": "m2"}]})
        .to_string();
        let s = thread_snapshot(&body).expect("parses");
        assert_eq!(s.messages.len(), 2);
        assert_eq!(s.messages[1].plain_text(), "yo");
        assert_eq!(s.interrupts[0].id.as_deref(), Some("i1"));
        assert_eq!(s.values.value()["turns"], 1);
    }

    #[test]
    fn an_untitled_thread_is_named_after_its_first_user_message_beside_values() {
        // The thread routes are LangGraph's and so is their reader; the spec's messages sit beside values.
        let body = json!([{"thread_id": "t", "created_at": "c", "updated_at": "u", "metadata": {}, "status": "idle",
            "values": {"turns": 1}, "messages": [{"role": "user", "content": "plan my trip", "id": "m1"}]}])
        .to_string();
        let page = crate::dialects::langgraph::convert::threads_page(&body, None).expect("parses");
        assert_eq!(page.items[0].title.as_deref(), Some("plan my trip"));
    }

    #[test]
    fn agents_carry_capabilities() {
        let a = agent(r#"{"agent_id":"x","name":"","capabilities":{"ap.io.messages":true}}"#)
            .expect("parses");
        assert_eq!(a.name, "x");
        assert_eq!(a.config["ap.io.messages"], true);
    }
}
