//! Requests of the Agent Protocol (openapi.json 0.1.6). The thread routes (`/threads/search`,
//! `GET/PATCH/DELETE /threads/{id}`, `/copy`, `/history`) have LangGraph's paths and bodies, so the
//! app sends [`crate::dialects::langgraph::requests`]' for them; what differs is here.

use crate::http::{percent_encode, HttpRequest, Method};
use serde_json::{json, Map, Value};

/// `POST /agents/search`: by name (a part of it) and metadata, paged by offset.
pub fn search_agents(
    name: Option<&str>,
    metadata: Option<Value>,
    limit: u32,
    offset: u64,
) -> HttpRequest {
    let mut body = json!({"limit": limit, "offset": offset});
    if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
        body["name"] = json!(n);
    }
    if let Some(m) = metadata {
        body["metadata"] = m;
    }
    HttpRequest::new(Method::Post, "/agents/search", "listing agents")
        .json(body)
        .reading()
}

pub fn get_agent(agent_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/agents/{}", percent_encode(agent_id)),
        "reading the agent",
    )
}

pub fn agent_schemas(agent_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        format!("/agents/{}/schemas", percent_encode(agent_id)),
        "reading the agent's schemas",
    )
}

/// `GET /threads/{id}/history?limit=&before=` (LangGraph's is a POST).
pub fn thread_history(thread_id: &str, limit: u32, before: Option<&str>) -> HttpRequest {
    let r = HttpRequest::new(
        Method::Get,
        format!("/threads/{}/history", percent_encode(thread_id)),
        "loading the thread's history",
    )
    .query("limit", limit.to_string());
    match before {
        Some(b) => r.query("before", b),
        None => r,
    }
}

/// The filters of `POST /runs/search`; `None` = any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunQuery {
    pub thread_id: Option<String>,
    pub agent_id: Option<String>,
    pub status: Option<String>,
    pub metadata: Option<Value>,
}

pub fn search_runs(q: &RunQuery, limit: u32, offset: u64) -> HttpRequest {
    let mut body = json!({"limit": limit, "offset": offset});
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            body[k] = v;
        }
    };
    put("thread_id", q.thread_id.clone().map(Value::from));
    put("agent_id", q.agent_id.clone().map(Value::from));
    put("status", q.status.clone().map(Value::from));
    put("metadata", q.metadata.clone());
    HttpRequest::new(Method::Post, "/runs/search", "listing runs")
        .json(body)
        .reading()
}

fn run_path(run_id: &str, tail: &str) -> String {
    format!("/runs/{}{tail}", percent_encode(run_id))
}

pub fn get_run(run_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, run_path(run_id, ""), "reading the run")
}

pub fn delete_run(run_id: &str) -> HttpRequest {
    HttpRequest::new(Method::Delete, run_path(run_id, ""), "deleting the run")
}

/// `GET /runs/{id}/wait`: answers when the run has ended.
pub fn wait_run(run_id: &str) -> HttpRequest {
    HttpRequest::new(
        Method::Get,
        run_path(run_id, "/wait"),
        "waiting for the run",
    )
}

/// `GET /runs/{id}/stream`: joins a run; `last_event_id` resumes after that event.
pub fn join_run(run_id: &str, last_event_id: Option<&str>) -> HttpRequest {
    let mut r =
        HttpRequest::new(Method::Get, run_path(run_id, "/stream"), "joining the run").streaming();
    if let Some(id) = last_event_id {
        r = r.header("Last-Event-ID", id);
    }
    r
}

/// `POST /runs/{id}/cancel?action=interrupt|rollback`; `wait`: answer once the run has stopped.
pub fn cancel_run(run_id: &str, action: &str, wait: bool) -> HttpRequest {
    let r = HttpRequest::new(
        Method::Post,
        run_path(run_id, "/cancel"),
        "cancelling the run",
    )
    .query("action", action);
    if wait {
        r.query("wait", "true")
    } else {
        r
    }
}

/// Every field of a `RunStream` request; `None` / empty = not sent (the server's default).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunStreamOptions {
    /// `None` → a stateless run.
    pub thread_id: Option<String>,
    /// `None` → the server's default agent.
    pub agent_id: Option<String>,
    pub input: Option<Value>,
    pub messages: Vec<Value>,
    pub metadata: Option<Value>,
    pub config: Option<Value>,
    pub webhook: Option<String>,
    pub on_completion: Option<String>,
    pub on_disconnect: Option<String>,
    pub if_not_exists: Option<String>,
    /// Empty → not sent (`values`); one mode → a string; several → a list.
    pub stream_mode: Vec<String>,
}

impl RunStreamOptions {
    pub fn body(&self) -> Value {
        let mut b = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                b.insert(k.to_owned(), v);
            }
        };
        put("thread_id", self.thread_id.clone().map(Value::from));
        put("agent_id", self.agent_id.clone().map(Value::from));
        put("input", self.input.clone());
        put(
            "messages",
            (!self.messages.is_empty()).then(|| Value::from(self.messages.clone())),
        );
        put("metadata", self.metadata.clone());
        put("config", self.config.clone());
        put("webhook", self.webhook.clone().map(Value::from));
        put("on_completion", self.on_completion.clone().map(Value::from));
        put("on_disconnect", self.on_disconnect.clone().map(Value::from));
        put("if_not_exists", self.if_not_exists.clone().map(Value::from));
        put(
            "stream_mode",
            match self.stream_mode.as_slice() {
                [] => None,
                [one] => Some(json!(one)),
                many => Some(json!(many)),
            },
        );
        Value::Object(b)
    }
}

/// `POST /runs/stream` with a RunStream body (`thread_id` absent → a stateless run).
pub fn stream_run(options: &RunStreamOptions) -> HttpRequest {
    HttpRequest::new(Method::Post, "/runs/stream", "starting a run")
        .json(options.body())
        .streaming()
}

/// Opens the thread-centric event stream. `path_suffix` is `stream` (the spec) or `stream/events`
/// (LangGraph); `since` replays events after that `seq`.
pub fn open_thread_stream(
    thread_id: &str,
    path_suffix: &str,
    channels: &[&str],
    since: Option<u64>,
) -> HttpRequest {
    let mut body = json!({"channels": channels});
    if let Some(s) = since {
        body["since"] = json!(s);
    }
    HttpRequest::new(
        Method::Post,
        format!("/threads/{}/{}", percent_encode(thread_id), path_suffix),
        "subscribing to the thread",
    )
    .json(body)
    .streaming()
}

/// A command on the thread-centric protocol (`run.start`, `input.respond`).
pub fn thread_command(thread_id: &str, id: u64, method: &str, params: Value) -> HttpRequest {
    HttpRequest::new(
        Method::Post,
        format!("/threads/{}/commands", percent_encode(thread_id)),
        "sending a command",
    )
    .json(json!({"id": id, "method": method, "params": params}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_stream_body_sends_only_what_was_set() {
        let empty = RunStreamOptions::default();
        assert_eq!(empty.body(), json!({}));
        let full = RunStreamOptions {
            thread_id: Some("t".into()),
            agent_id: Some("a".into()),
            input: Some(json!({"x": 1})),
            messages: vec![json!({"role": "user", "content": "hi"})],
            metadata: Some(json!({"m": 1})),
            config: Some(json!({"tags": ["t"]})),
            webhook: Some("http://h/".into()),
            on_completion: Some("keep".into()),
            on_disconnect: Some("continue".into()),
            if_not_exists: Some("create".into()),
            stream_mode: vec!["values".into(), "messages".into()],
        };
        let b = full.body();
        assert_eq!(b["stream_mode"], json!(["values", "messages"]));
        assert_eq!(b["messages"][0]["content"], "hi");
        assert_eq!(b.as_object().map(|o| o.len()), Some(11));
        let one = RunStreamOptions {
            stream_mode: vec!["updates".into()],
            ..RunStreamOptions::default()
        };
        assert_eq!(one.body(), json!({"stream_mode": "updates"}));
    }

    #[test]
    fn run_routes() {
        let r = search_runs(
            &RunQuery {
                status: Some("error".into()),
                ..RunQuery::default()
            },
            20,
            40,
        );
        assert_eq!(
            r.body,
            Some(json!({"limit": 20, "offset": 40, "status": "error"}))
        );
        assert_eq!(
            cancel_run("r 1", "rollback", true).url("http://s"),
            "http://s/runs/r%201/cancel?action=rollback&wait=true"
        );
        assert_eq!(
            search_agents(Some(" "), None, 5, 0).body,
            Some(json!({"limit": 5, "offset": 0}))
        );
        assert_eq!(
            search_agents(Some("x"), Some(json!({"team": "a"})), 5, 10).body,
            Some(json!({"limit": 5, "offset": 10, "name": "x", "metadata": {"team": "a"}}))
        );
    }
}
