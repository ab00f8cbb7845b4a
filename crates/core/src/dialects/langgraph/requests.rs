//! Requests of the LangGraph Platform API.

use crate::http::{percent_encode, HttpRequest, Method};
use serde_json::{json, Value};

/// Stream modes the thread view asks for: full state, token chunks, node updates, and what nodes write
/// to the stream themselves (`custom`: the agent's UI messages among it).
pub const DEFAULT_STREAM_MODES: [&str; 4] = ["values", "messages-tuple", "updates", "custom"];

pub fn info() -> HttpRequest {
    HttpRequest::new(Method::Get, "/info", "connecting to the server")
}

pub fn search_assistants(limit: u32, offset: u64) -> HttpRequest {
    HttpRequest::new(Method::Post, "/assistants/search", "listing assistants")
        .json(json!({"limit": limit, "offset": offset}))
        .reading()
}

/// The fields of an assistant a create or an edit writes (those left empty are not sent).
fn assistant_body(d: &crate::backend::AssistantDraft) -> Value {
    let mut body = json!({"graph_id": d.graph_id, "name": d.name});
    if !d.description.is_empty() {
        body["description"] = json!(d.description);
    }
    for (key, v) in [
        ("config", &d.config),
        ("context", &d.context),
        ("metadata", &d.metadata),
    ] {
        if !v.is_null() {
            body[key] = v.clone();
        }
    }
    body
}

/// `POST /assistants`: a new assistant of a graph (an existing id is refused: `if_exists: raise`).
pub fn create_assistant(d: &crate::backend::AssistantDraft) -> HttpRequest {
    let mut body = assistant_body(d);
    if let Some(id) = &d.id {
        body["assistant_id"] = json!(id);
    }
    body["if_exists"] = json!("raise");
    HttpRequest::new(Method::Post, "/assistants", "creating the assistant").json(body)
}

/// `PATCH /assistants/{id}`: a new version with these fields; it becomes the latest.
pub fn update_assistant(id: &str, d: &crate::backend::AssistantDraft) -> HttpRequest {
    HttpRequest::new(
        Method::Patch,
        format!("/assistants/{}", percent_encode(id)),
        "saving the assistant",
    )
    .json(assistant_body(d))
}

/// `POST /assistants/{id}/versions`: its versions, newest first.
pub fn assistant_versions(id: &str, limit: u32) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        format!("/assistants/{}/versions", percent_encode(id)),
        "listing the assistant's versions",
    )
    .json(json!({"limit": limit}))
    .reading()
}

/// `POST /assistants/{id}/latest`: makes `version` the one runs use.
pub fn set_latest_version(id: &str, version: i64) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        format!("/assistants/{}/latest", percent_encode(id)),
        "making the version the latest",
    )
    .json(json!({"version": version}))
}

/// `DELETE /assistants/{id}`.
pub fn delete_assistant(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        format!("/assistants/{}", percent_encode(id)),
        "deleting the assistant",
    )
}

/// `POST /runs/crons` (each run on a new thread) or `/threads/{id}/runs/crons`.
pub fn create_cron(c: &crate::backend::NewCron) -> HttpRequest {
    let path = match &c.thread_id {
        Some(t) => format!("/threads/{}/runs/crons", percent_encode(t)),
        None => "/runs/crons".to_owned(),
    };
    HttpRequest::new(Method::Post, path, "scheduling the run").json(json!({
        "assistant_id": c.assistant_id,
        "schedule": c.schedule,
        "input": {"messages": [{"role": "human", "content": c.message}]},
    }))
}

pub fn search_crons(limit: u32) -> HttpRequest {
    HttpRequest::new(Method::Post, "/runs/crons/search", "listing scheduled runs")
        .json(json!({"limit": limit}))
        .reading()
}

pub fn delete_cron(id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        format!("/runs/crons/{}", percent_encode(id)),
        "deleting the scheduled run",
    )
}

/// `GET /assistants/{id}/schemas`: input, output, state, config and context schemas.
pub fn assistant_schemas(assistant_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/assistants/{}/schemas", percent_encode(assistant_id)),
        "loading the assistant's schemas",
    )
}

/// `GET /assistants/{id}/graph`: nodes and edges.
/// `GET /assistants/{id}/graph`; with `xray` each subgraph drawn as its own nodes
/// (`research:gather`) in place of the node that runs it.
pub fn assistant_graph(assistant_id: &str, xray: bool) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!(
            "/assistants/{}/graph{}",
            percent_encode(assistant_id),
            if xray { "?xray=true" } else { "" }
        ),
        "loading the assistant's graph",
    )
}

/// What the thread list asks for: a status, a metadata filter, an order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThreadQuery {
    /// `idle | busy | interrupted | error`.
    pub status: Option<String>,
    /// Threads whose metadata contains these key/values.
    pub metadata: Option<Value>,
    /// Oldest activity first instead of newest.
    pub oldest_first: bool,
    /// Ask only for what a list shows (LangGraph's `select` and `extract`): no values, only the
    /// first two messages (to name an untitled thread).
    pub lean: bool,
}

/// The fields a thread list shows, and the messages that may name an untitled thread.
pub const LISTED_FIELDS: [&str; 5] = [
    "thread_id",
    "created_at",
    "updated_at",
    "metadata",
    "status",
];

/// `POST /threads/search`, by last activity.
pub fn search_threads(limit: u32, offset: u64, query: &ThreadQuery) -> HttpRequest {
    let order = if query.oldest_first { "asc" } else { "desc" };
    let mut body =
        json!({"limit": limit, "offset": offset, "sort_by": "updated_at", "sort_order": order});
    if let Some(s) = &query.status {
        body["status"] = json!(s);
    }
    if let Some(m) = &query.metadata {
        body["metadata"] = m.clone();
    }
    if query.lean {
        body["select"] = json!(LISTED_FIELDS);
        body["extract"] =
            json!({"first_message": "values.messages[0]", "second_message": "values.messages[1]"});
    }
    HttpRequest::new(Method::Post, "/threads/search", "loading threads")
        .json(body)
        .reading()
}

/// Renames a thread: its title lives in `metadata.title` (merged with the rest by the server).
pub fn rename_thread(thread_id: &str, title: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Patch,
        format!("/threads/{}", percent_encode(thread_id)),
        "renaming the thread",
    )
    .json(json!({"metadata": {"title": title}}))
}

pub fn delete_thread(thread_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Delete,
        format!("/threads/{}", percent_encode(thread_id)),
        "deleting the thread",
    )
}

/// Copies a thread with its whole history into a new thread.
pub fn copy_thread(thread_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        format!("/threads/{}/copy", percent_encode(thread_id)),
        "copying the thread",
    )
}

pub fn create_thread(metadata: Value) -> HttpRequest {
    HttpRequest::new(Method::Post, "/threads", "creating a thread")
        .json(json!({"metadata": metadata}))
}

/// One thread's status alone: `POST /threads/search` with `ids` and `select`, so a long thread's
/// values (megabytes: `GET /threads/{id}` sends them all) stay on the server. A server that does not
/// know `ids` answers with other threads; `convert::status_in_search` then finds none.
pub fn thread_status(thread_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        "/threads/search",
        "reading the thread's status",
    )
    .json(json!({"ids": [thread_id], "select": ["thread_id", "status"], "limit": 1}))
    .reading()
}

pub fn get_thread(thread_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/threads/{}", percent_encode(thread_id)),
        "opening the thread",
    )
}

pub fn thread_state(thread_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/threads/{}/state", percent_encode(thread_id)),
        "loading the thread's messages",
    )
}

/// `GET /threads/{id}/state/{checkpoint}`: the state at one checkpoint.
pub fn thread_state_at(thread_id: &str, checkpoint: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!(
            "/threads/{}/state/{}",
            percent_encode(thread_id),
            percent_encode(checkpoint)
        ),
        "reading the checkpoint before the pause",
    )
}

/// Options of a streamed run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub assistant_id: String,
    pub stream_modes: Vec<String>,
    /// `reject | interrupt | rollback | enqueue`.
    pub multitask_strategy: Option<String>,
    /// `cancel | continue`; `continue` keeps the run going when the tab drops the connection.
    pub on_disconnect: Option<String>,
    pub stream_resumable: bool,
    /// `config` of the run (`configurable`, `tags`, `recursion_limit`).
    pub config: Option<Value>,
    /// `metadata` stored on the run.
    pub metadata: Option<Value>,
    /// Run from this checkpoint instead of the thread's latest: the new checkpoints branch off it.
    pub checkpoint_id: Option<String>,
    /// Stream subgraphs' events too (`mode|node:task` namespaces): the timeline nests their nodes.
    pub stream_subgraphs: bool,
    /// Breakpoints: pause before / after these nodes (`"*"`: every node).
    pub interrupt_before: Option<Value>,
    pub interrupt_after: Option<Value>,
}

impl RunOptions {
    pub fn new(assistant_id: impl Into<String>) -> Self {
        Self {
            assistant_id: assistant_id.into(),
            stream_modes: DEFAULT_STREAM_MODES
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            multitask_strategy: None,
            on_disconnect: Some("continue".into()),
            stream_resumable: true,
            config: None,
            metadata: None,
            checkpoint_id: None,
            stream_subgraphs: false,
            interrupt_before: None,
            interrupt_after: None,
        }
    }

    fn body(&self) -> Value {
        let mut body = json!({
            "assistant_id": self.assistant_id,
            "stream_mode": self.stream_modes,
            "stream_resumable": self.stream_resumable,
        });
        if let Some(m) = &self.multitask_strategy {
            body["multitask_strategy"] = json!(m);
        }
        if let Some(d) = &self.on_disconnect {
            body["on_disconnect"] = json!(d);
        }
        if let Some(c) = &self.config {
            body["config"] = c.clone();
        }
        if let Some(m) = &self.metadata {
            body["metadata"] = m.clone();
        }
        if let Some(c) = &self.checkpoint_id {
            body["checkpoint_id"] = json!(c);
        }
        if self.stream_subgraphs {
            body["stream_subgraphs"] = json!(true);
        }
        if let Some(b) = &self.interrupt_before {
            body["interrupt_before"] = b.clone();
        }
        if let Some(a) = &self.interrupt_after {
            body["interrupt_after"] = a.clone();
        }
        body
    }
}

/// Starts a streamed run that sends one human message. `message_id` lets the client show the message
/// before the server echoes it, under the same id.
pub fn stream_run_with_message(
    thread_id: &str,
    opts: &RunOptions,
    content: impl Into<Value>,
    message_id: &str,
) -> HttpRequest {
    let mut body = opts.body();
    let content: Value = content.into();
    body["input"] = json!({"messages": [{"role": "human", "content": content, "id": message_id}]});
    HttpRequest::new(
        Method::Post,
        format!("/threads/{}/runs/stream", percent_encode(thread_id)),
        "starting a run",
    )
    .json(body)
    .streaming()
}

/// Runs the graph on from `opts.checkpoint_id` with no new input (regenerate a reply, re-run from a
/// checkpoint): the server forks that checkpoint and the run's checkpoints form a new branch.
pub fn stream_run_from_checkpoint(thread_id: &str, opts: &RunOptions) -> HttpRequest {
    let mut body = opts.body();
    body["input"] = Value::Null;
    HttpRequest::new(
        Method::Post,
        format!("/threads/{}/runs/stream", percent_encode(thread_id)),
        "running from the checkpoint",
    )
    .json(body)
    .streaming()
}

/// `POST /threads/{id}/state`: writes `values` on top of `checkpoint_id` (as if node `as_node` had
/// returned them; without it the server picks the node), making a new checkpoint — a fork.
pub fn update_state(
    thread_id: &str,
    values: Value,
    checkpoint_id: &str,
    as_node: Option<&str>,
) -> HttpRequest {
    let mut body = json!({"values": values, "checkpoint_id": checkpoint_id});
    if let Some(n) = as_node {
        body["as_node"] = json!(n);
    }
    HttpRequest::new(
        Method::Post,
        format!("/threads/{}/state", percent_encode(thread_id)),
        "forking the checkpoint",
    )
    .json(body)
}

/// Resumes an interrupted thread with the user's answer.
pub fn stream_resume(thread_id: &str, opts: &RunOptions, resume: Value) -> HttpRequest {
    let mut body = opts.body();
    body["command"] = json!({"resume": resume});
    HttpRequest::new(
        Method::Post,
        format!("/threads/{}/runs/stream", percent_encode(thread_id)),
        "answering the interrupt",
    )
    .json(body)
    .streaming()
}

/// Joins a running run's stream; with `last_event_id` the server sends only what came after it.
pub fn join_stream(thread_id: &str, run_id: &str, last_event_id: Option<&str>) -> HttpRequest {
    let mut r = HttpRequest::new(
        Method::Get,
        format!(
            "/threads/{}/runs/{}/stream",
            percent_encode(thread_id),
            percent_encode(run_id)
        ),
        "joining the running run",
    )
    .streaming();
    if let Some(id) = last_event_id {
        r = r.header("Last-Event-ID", id);
    }
    r
}

/// `action` is `interrupt` (keep what was done) or `rollback`.
pub fn cancel_run(thread_id: &str, run_id: &str, action: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        format!(
            "/threads/{}/runs/{}/cancel",
            percent_encode(thread_id),
            percent_encode(run_id)
        ),
        "cancelling the run",
    )
    .query("action", action)
}

pub fn get_run(thread_id: &str, run_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!(
            "/threads/{}/runs/{}",
            percent_encode(thread_id),
            percent_encode(run_id)
        ),
        "loading the run",
    )
}

/// `POST /threads/{id}/history`: the newest `limit` checkpoints, or the newest older than `before`.
pub fn thread_history(thread_id: &str, limit: u32, before: Option<&str>) -> HttpRequest {
    let mut body = json!({"limit": limit});
    // A config, as the server reads it (a bare `{"checkpoint_id"}` is a 500 on langgraph-api 0.16).
    if let Some(b) = before {
        body["before"] = json!({"configurable": {"checkpoint_id": b}});
    }
    HttpRequest::new(
        Method::Post,
        format!("/threads/{}/history", percent_encode(thread_id)),
        "loading the thread's history",
    )
    .json(body)
    .reading()
}

pub fn list_runs(thread_id: &str, limit: u32, offset: u64) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/threads/{}/runs", percent_encode(thread_id)),
        "listing runs",
    )
    .query("limit", limit.to_string())
    .query("offset", offset.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_marked_so_and_run_starts_are_not() {
        assert!(info().reads_only);
        assert!(
            search_assistants(10, 0).reads_only,
            "a search sent as POST only reads"
        );
        let start = stream_run_with_message("t", &RunOptions::new("a".to_owned()), "hi", "m1");
        assert!(!start.reads_only, "starting a run is not asked twice");
    }

    #[test]
    fn run_body_has_modes_resumable_and_message_id() {
        let r = stream_run_with_message("t 1", &RunOptions::new("agent"), "hi", "m1");
        assert_eq!(r.path, "/threads/t%201/runs/stream");
        let b = r.body.unwrap();
        assert_eq!(
            b["stream_mode"],
            json!(["values", "messages-tuple", "updates", "custom"])
        );
        assert_eq!(b["stream_resumable"], json!(true));
        assert_eq!(b["input"]["messages"][0]["id"], json!("m1"));
        assert!(r.streaming);
    }

    #[test]
    fn breakpoints_go_with_runs_resumes_and_steps_only_while_set() {
        use crate::backend::RunSettings;
        use crate::debugger::{Breakpoints, NodeSet};
        let plain = stream_run_with_message("t", &RunOptions::new("a"), "hi", "m1")
            .body
            .unwrap();
        assert!(plain.get("interrupt_before").is_none() && plain.get("interrupt_after").is_none());
        let mut b = Breakpoints::default();
        b.before.toggle("tools");
        b.after = NodeSet::every();
        let RunSettings::LangGraph(o) =
            RunSettings::LangGraph(RunOptions::new("a")).with_breakpoints(&b)
        else {
            unreachable!()
        };
        let body = stream_run_from_checkpoint("t", &o).body.unwrap();
        assert_eq!(body["interrupt_before"], json!(["tools"]));
        assert_eq!(body["interrupt_after"], json!("*"));
        let RunSettings::LangGraph(step) = RunSettings::LangGraph(o).with_breakpoints(&b.step())
        else {
            unreachable!()
        };
        assert_eq!(
            stream_resume("t", &step, json!("yes")).body.unwrap()["interrupt_before"],
            json!("*")
        );
        let RunSettings::LangGraph(none) =
            RunSettings::LangGraph(step).with_breakpoints(&Breakpoints::default())
        else {
            unreachable!()
        };
        assert!(stream_resume("t", &none, json!(1))
            .body
            .unwrap()
            .get("interrupt_before")
            .is_none());
    }

    #[test]
    fn time_travel_requests_name_their_checkpoint() {
        let plain = stream_run_with_message("t", &RunOptions::new("a"), "hi", "m1");
        assert!(plain.body.unwrap().get("checkpoint_id").is_none());
        let mut o = RunOptions::new("a");
        o.checkpoint_id = Some("c 1".into());
        let edit = stream_run_with_message("t", &o, "hi again", "m2")
            .body
            .unwrap();
        assert_eq!(edit["checkpoint_id"], json!("c 1"));
        assert_eq!(edit["input"]["messages"][0]["content"], json!("hi again"));
        let again = stream_run_from_checkpoint("t", &o);
        assert!(again.streaming && !again.reads_only);
        let b = again.body.unwrap();
        assert_eq!(
            (b["checkpoint_id"].clone(), b["input"].clone()),
            (json!("c 1"), Value::Null)
        );
        let fork = update_state("t", json!({"k": 1}), "c 1", Some("agent"));
        assert_eq!(fork.path, "/threads/t/state");
        assert_eq!(
            fork.body.unwrap(),
            json!({"values": {"k": 1}, "checkpoint_id": "c 1", "as_node": "agent"})
        );
        let fork = update_state("t", json!({}), "c 1", None).body.unwrap();
        assert!(fork.get("as_node").is_none(), "the server picks the node");
        let older = thread_history("t", 50, Some("c 1"));
        assert!(older.reads_only);
        assert_eq!(
            older.body.unwrap(),
            json!({"limit": 50, "before": {"configurable": {"checkpoint_id": "c 1"}}})
        );
        assert_eq!(
            thread_history("t", 5, None).body.unwrap(),
            json!({"limit": 5})
        );
    }

    #[test]
    fn options_reach_the_body() {
        let mut o = RunOptions::new("a");
        o.multitask_strategy = Some("reject".into());
        o.on_disconnect = Some("cancel".into());
        o.config = Some(json!({"configurable": {"user": "ann"}}));
        o.metadata = Some(json!({"source": "ui"}));
        o.stream_modes = vec!["values".into(), "custom".into()];
        o.stream_subgraphs = true;
        let b = stream_run_with_message("t", &o, "hi", "m").body.unwrap();
        assert_eq!(b["multitask_strategy"], "reject");
        assert_eq!(b["on_disconnect"], "cancel");
        assert_eq!(b["config"]["configurable"]["user"], "ann");
        assert_eq!(b["metadata"]["source"], "ui");
        assert_eq!(b["stream_mode"], json!(["values", "custom"]));
        assert_eq!(b["stream_subgraphs"], true);
        let plain = stream_run_with_message("t", &RunOptions::new("a"), "hi", "m")
            .body
            .unwrap();
        assert!(plain.get("stream_subgraphs").is_none(), "off: not sent");
    }

    #[test]
    fn join_sends_last_event_id() {
        let r = join_stream("t", "r", Some("17-0"));
        assert_eq!(
            r.headers,
            vec![("Last-Event-ID".to_owned(), "17-0".to_owned())]
        );
    }
}
