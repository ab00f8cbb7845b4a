//! Requests of the Agent Protocol.

use crate::http::{percent_encode, HttpRequest, Method};
use serde_json::{json, Value};

pub fn search_agents(limit: u32, offset: u64) -> HttpRequest {
    HttpRequest::new(Method::Post, "/agents/search", "listing agents")
        .json(json!({"limit": limit, "offset": offset}))
}

/// `POST /runs/stream` with a RunStream body (`thread_id` absent → a stateless run).
pub fn stream_run(body: Value) -> HttpRequest {
    HttpRequest::new(Method::Post, "/runs/stream", "starting a run")
        .json(body)
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
