//! The Agent Protocol routes (openapi.json 0.1.6): agents, threads, background and stateless runs,
//! their SSE streams, cancel, search, and the store. Errors are `ErrorResponse`s: 404 for what does
//! not exist, 409 for a conflict (a busy thread, a thread id taken), 422 for a body or query the spec
//! does not allow.
// Handlers answer errors as ready responses (axum's way); their size does not matter here.
#![allow(clippy::result_large_err)]

use super::model::*;
use super::store::{play_run, RunRecord, Shared, SseEvent, DEFAULT_AGENT};
use crate::time::{now_micros, rfc3339};
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::convert::Infallible;

type Answer = Result<Response, Response>;

pub fn routes(shared: Shared) -> Router {
    Router::new()
        .route("/agents/search", post(search_agents))
        .route("/agents/{agent_id}", get(get_agent))
        .route("/agents/{agent_id}/schemas", get(agent_schemas))
        .route("/threads", post(create_thread))
        .route("/threads/search", post(search_threads))
        .route(
            "/threads/{thread_id}",
            get(get_thread).patch(patch_thread).delete(delete_thread),
        )
        .route("/threads/{thread_id}/copy", post(copy_thread))
        .route("/threads/{thread_id}/history", get(thread_history))
        .route("/threads/{thread_id}/stream", post(thread_stream))
        .route("/threads/{thread_id}/commands", post(thread_command))
        .route("/runs", post(create_background_run))
        .route("/runs/search", post(search_runs))
        .route("/runs/stream", post(stream_run))
        .route("/runs/wait", post(wait_new_run))
        .route("/runs/{run_id}", get(get_run).delete(delete_run))
        .route("/runs/{run_id}/wait", get(wait_run))
        .route("/runs/{run_id}/stream", get(join_run))
        .route("/runs/{run_id}/cancel", post(cancel_run))
        .route(
            "/store/items",
            get(get_item).put(put_item).delete(delete_item),
        )
        .route("/store/items/search", post(search_items))
        .route("/store/namespaces", post(list_namespaces))
        .with_state(shared)
}

/// An `ErrorResponse` with its HTTP status.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let code = match status.as_u16() {
        400 => "bad_request",
        404 => "not_found",
        409 => "conflict",
        422 => "invalid_request",
        _ => "internal_error",
    };
    let body = ErrorResponse {
        code: code.into(),
        message: message.into(),
        metadata: json!({}),
    };
    (status, Json(body)).into_response()
}

fn invalid(why: Invalid) -> Response {
    error(StatusCode::UNPROCESSABLE_ENTITY, why)
}

fn not_found(what: &str, id: &str) -> Response {
    error(StatusCode::NOT_FOUND, format!("{what} {id} not found"))
}

fn ok<T: Serialize>(v: &T) -> Answer {
    Ok(Json(v).into_response())
}

fn no_content() -> Answer {
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn body(bytes: &Bytes) -> Result<Map<String, Value>, Response> {
    body_object(bytes).map_err(invalid)
}

fn page<T: Clone>(items: impl Iterator<Item = T>, limit: usize, offset: usize) -> Vec<T> {
    items.skip(offset).take(limit).collect()
}

/// Decodes `a=1&b=x%20y` into pairs (repeated keys kept in order).
fn query_pairs(raw: &Option<String>) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
                (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                    out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                    i += 3;
                }
                (b, ..) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    };
    raw.as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

fn query_one(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

// ---------------------------------------------------------------- agents

async fn search_agents(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let name = opt_string(&m, "name").map_err(invalid)?;
    let metadata = opt_object(&m, "metadata").map_err(invalid)?;
    let (limit, offset) = limit_offset(&m, 10).map_err(invalid)?;
    let st = sh.lock();
    let found = st
        .agents
        .iter()
        .map(|(a, _)| a)
        .filter(|a| {
            name.as_ref()
                .is_none_or(|n| a.name.to_lowercase().contains(&n.to_lowercase()))
        })
        .filter(|a| contains_all(&a.metadata, &metadata))
        .cloned();
    ok(&page(found, limit, offset))
}

async fn get_agent(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let st = sh.lock();
    ok(st.agent(&id).ok_or_else(|| not_found("Agent", &id))?)
}

async fn agent_schemas(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let st = sh.lock();
    let (_, schema) = st
        .agents
        .iter()
        .find(|(a, _)| a.agent_id == id)
        .ok_or_else(|| not_found("Agent", &id))?;
    ok(schema)
}

// ---------------------------------------------------------------- threads

async fn create_thread(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let id = opt_uuid(&m, "thread_id").map_err(invalid)?;
    let metadata = opt_object(&m, "metadata")
        .map_err(invalid)?
        .unwrap_or(json!({}));
    let if_exists = opt_enum(&m, "if_exists", &["raise", "do_nothing"]).map_err(invalid)?;
    let mut st = sh.lock();
    if let Some(existing) = id.as_deref().and_then(|i| st.thread(i)) {
        if if_exists.as_deref() == Some("do_nothing") {
            return ok(&existing.thread);
        }
        return Err(error(
            StatusCode::CONFLICT,
            format!("Thread {} already exists", existing.thread.thread_id),
        ));
    }
    let thread = st.create_thread(id, metadata, &rfc3339(now_micros()));
    ok(&thread)
}

async fn search_threads(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let metadata = opt_object(&m, "metadata").map_err(invalid)?;
    let values = opt_object(&m, "values").map_err(invalid)?;
    let status = opt_enum(&m, "status", &THREAD_STATUSES).map_err(invalid)?;
    let (limit, offset) = limit_offset(&m, 10).map_err(invalid)?;
    let st = sh.lock();
    let mut found: Vec<&Thread> = st
        .threads
        .iter()
        .map(|t| &t.thread)
        .filter(|t| contains_all(&t.metadata, &metadata))
        .filter(|t| contains_all(&t.values, &values))
        .filter(|t| status.as_ref().is_none_or(|s| &t.status == s))
        .collect();
    // Newest first.
    found.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    ok(&page(found.into_iter().cloned(), limit, offset))
}

async fn get_thread(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let st = sh.lock();
    ok(&st
        .thread(&id)
        .ok_or_else(|| not_found("Thread", &id))?
        .thread)
}

/// Merges metadata; values are merged and messages appended as a new checkpoint.
async fn patch_thread(State(sh): State<Shared>, Path(id): Path<String>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let metadata = opt_object(&m, "metadata").map_err(invalid)?;
    let values = opt_object(&m, "values").map_err(invalid)?;
    let messages = match m.get("messages").filter(|v| !v.is_null()) {
        None => None,
        Some(Value::Array(list)) => {
            list.iter().try_for_each(check_message).map_err(invalid)?;
            Some(list.clone())
        }
        Some(_) => return Err(invalid("messages must be a list".into())),
    };
    let at = rfc3339(now_micros());
    let mut st = sh.lock();
    let t = st.thread_mut(&id).ok_or_else(|| not_found("Thread", &id))?;
    if let (Some(Value::Object(add)), Value::Object(have)) = (metadata, &mut t.thread.metadata) {
        have.extend(add);
    }
    t.thread.updated_at = at.clone();
    if values.is_some() || messages.is_some() {
        let mut new_values = t.thread.values.clone();
        if let (Some(Value::Object(add)), Value::Object(have)) = (values, &mut new_values) {
            have.extend(add);
        }
        let mut new_messages = t.thread.messages.clone();
        new_messages.extend(messages.unwrap_or_default());
        let status = t.thread.status.clone();
        st.commit_state(&id, new_values, new_messages, &status, &at);
    }
    ok(&st
        .thread(&id)
        .ok_or_else(|| not_found("Thread", &id))?
        .thread)
}

async fn delete_thread(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let mut st = sh.lock();
    if st.thread(&id).is_none() {
        return Err(not_found("Thread", &id));
    }
    // A run still playing in it is cancelled.
    for r in st.runs.iter_mut() {
        if r.live && r.thread.as_deref() == Some(&id) {
            r.cancel = true;
        }
    }
    st.threads.retain(|t| t.thread.thread_id != id);
    no_content()
}

async fn copy_thread(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let mut st = sh.lock();
    let mut copy = st
        .thread(&id)
        .ok_or_else(|| not_found("Thread", &id))?
        .clone();
    let at = rfc3339(now_micros());
    copy.thread.thread_id = st.new_uuid();
    copy.thread.created_at = at.clone();
    copy.thread.updated_at = at;
    if copy.thread.status == "busy" {
        copy.thread.status = "idle".into();
    }
    let thread = copy.thread.clone();
    st.threads.push(copy);
    ok(&thread)
}

/// Newest state first; `before` = a checkpoint id: only states older than it.
async fn thread_history(
    State(sh): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Answer {
    let q = query_pairs(&raw);
    let limit = match query_one(&q, "limit") {
        None => 10,
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| invalid(format!("limit must be a positive integer, not {l:?}")))?,
    };
    let before = query_one(&q, "before").filter(|b| !b.is_empty());
    let st = sh.lock();
    let t = st.thread(&id).ok_or_else(|| not_found("Thread", &id))?;
    let newest_first = t.history.iter().rev();
    let states: Vec<ThreadState> = match before {
        None => newest_first.take(limit).cloned().collect(),
        Some(b) => newest_first
            .skip_while(|s| s.checkpoint.checkpoint_id != b)
            .skip(1)
            .take(limit)
            .cloned()
            .collect(),
    };
    ok(&states)
}

// ---------------------------------------------------------------- runs

/// Creates a run (background, streamed or waited for): checks the agent and the thread, fills in the
/// spec's defaults, marks the thread busy, and starts playing it.
fn start_run(sh: &Shared, bytes: &Bytes, streaming: bool) -> Result<String, Response> {
    let m = body(bytes)?;
    start_run_with(sh, run_request(&m, streaming).map_err(invalid)?)
}

fn start_run_with(sh: &Shared, mut req: RunRequest) -> Result<String, Response> {
    let at = rfc3339(now_micros());
    let mut st = sh.lock();
    let agent = req.agent_id.clone().unwrap_or_else(|| DEFAULT_AGENT.into());
    if st.agent(&agent).is_none() {
        return Err(not_found("Agent", &agent));
    }
    let (thread, ephemeral) = match req.thread_id.clone() {
        Some(tid) => {
            if st.thread(&tid).is_none() {
                if req.if_not_exists.as_deref() == Some("create") {
                    st.create_thread(Some(tid.clone()), json!({}), &at);
                } else {
                    return Err(error(
                        StatusCode::NOT_FOUND,
                        format!("Thread {tid} not found (if_not_exists is reject)"),
                    ));
                }
            }
            if let Some(busy) = st.live_run_in(&tid) {
                return Err(error(
                    StatusCode::CONFLICT,
                    format!("Thread {tid} is busy: run {} is pending", busy.run.run_id),
                ));
            }
            let delete = req.on_completion.as_deref() == Some("delete");
            (tid.clone(), delete.then_some(tid))
        }
        None => {
            // A stateless run plays in a thread of its own, kept only if asked for.
            let keep = req.on_completion.as_deref() == Some("keep");
            let t = st.create_thread(None, json!({"stateless": true}), &at);
            (t.thread_id.clone(), (!keep).then_some(t.thread_id))
        }
    };
    let default_completion = if req.thread_id.is_some() {
        "keep"
    } else {
        "delete"
    };
    req.on_completion
        .get_or_insert_with(|| default_completion.into());
    req.on_disconnect.get_or_insert_with(|| "cancel".into());
    req.if_not_exists.get_or_insert_with(|| "reject".into());
    req.stream_mode.get_or_insert_with(|| json!("values"));
    req.metadata.get_or_insert_with(|| json!({}));
    let run_id = st.new_uuid();
    let rollback_to = st.thread(&thread).map_or(0, |t| t.history.len());
    st.set_thread_status(&thread, "busy");
    st.runs.push(RunRecord {
        run: Run {
            request: req,
            run_id: run_id.clone(),
            created_at: at.clone(),
            updated_at: at,
            status: "pending".into(),
        },
        events: Vec::new(),
        live: true,
        cancel: false,
        values: json!({}),
        messages: Vec::new(),
        thread: Some(thread),
        thread_ephemeral: ephemeral,
        rollback_to,
    });
    drop(st);
    tokio::spawn(play_run(sh.clone(), run_id.clone()));
    Ok(run_id)
}

fn run_of(sh: &Shared, id: &str) -> Result<Run, Response> {
    sh.lock()
        .run(id)
        .map(|r| r.run.clone())
        .ok_or_else(|| not_found("Run", id))
}

async fn create_background_run(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let run_id = start_run(&sh, &bytes, true)?;
    ok(&run_of(&sh, &run_id)?)
}

async fn search_runs(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let metadata = opt_object(&m, "metadata").map_err(invalid)?;
    let status = opt_enum(&m, "status", &RUN_STATUSES).map_err(invalid)?;
    let thread_id = opt_uuid(&m, "thread_id").map_err(invalid)?;
    let agent_id = opt_string(&m, "agent_id").map_err(invalid)?;
    let (limit, offset) = limit_offset(&m, 10).map_err(invalid)?;
    let st = sh.lock();
    let mut found: Vec<&Run> = st
        .runs
        .iter()
        .map(|r| &r.run)
        .filter(|r| {
            contains_all(
                r.request.metadata.as_ref().unwrap_or(&Value::Null),
                &metadata,
            )
        })
        .filter(|r| status.as_ref().is_none_or(|s| &r.status == s))
        .filter(|r| thread_id.is_none() || r.request.thread_id == thread_id)
        .filter(|r| {
            agent_id
                .as_ref()
                .is_none_or(|a| r.request.agent_id.as_deref().unwrap_or(DEFAULT_AGENT) == a)
        })
        .collect();
    found.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    ok(&page(found.into_iter().cloned(), limit, offset))
}

async fn get_run(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    ok(&run_of(&sh, &id)?)
}

async fn delete_run(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let mut st = sh.lock();
    let Some(r) = st.run(&id) else {
        return Err(not_found("Run", &id));
    };
    if r.live {
        if let Some(t) = r.thread.clone() {
            st.set_thread_status(&t, "idle");
        }
    }
    st.runs.retain(|r| r.run.run_id != id);
    drop(st);
    sh.bell.notify_waiters();
    no_content()
}

/// Waits (without a deadline) until the run has ended.
async fn until_done(sh: &Shared, id: &str) -> Result<RunRecord, Response> {
    crate::bell::when(&sh.bell, || match sh.lock().run(id) {
        None => Some(Err(not_found("Run", id))),
        Some(r) if !r.live => Some(Ok(r.clone())),
        Some(_) => None,
    })
    .await
}

fn wait_response(r: RunRecord) -> RunWaitResponse {
    RunWaitResponse {
        run: r.run,
        values: r.values,
        messages: r.messages,
    }
}

async fn wait_run(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    ok(&wait_response(until_done(&sh, &id).await?))
}

async fn wait_new_run(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let run_id = start_run(&sh, &bytes, false)?;
    ok(&wait_response(until_done(&sh, &run_id).await?))
}

/// Marks a live run cancelled when dropped (the client went away), if it asked for that.
struct CancelOnDrop {
    shared: Shared,
    run_id: String,
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(r) = self.shared.lock().run_mut(&self.run_id) {
            if r.live {
                r.cancel = true;
            }
        }
    }
}

fn frame(e: &SseEvent) -> String {
    format!("id: {}\nevent: {}\ndata: {}\n\n", e.id, e.event, e.data)
}

/// The events of a run that ended before it streamed any (the demo's seeded runs).
fn replayed(r: &RunRecord) -> Vec<SseEvent> {
    let mut values = r.values.clone();
    if !r.messages.is_empty() {
        values["messages"] = json!(r.messages);
    }
    let agent = r.run.request.agent_id.as_deref().unwrap_or(DEFAULT_AGENT);
    let meta =
        json!({"run_id": r.run.run_id, "thread_id": r.run.request.thread_id, "agent_id": agent});
    let last = match r.run.status.as_str() {
        "error" => (
            "error",
            json!({"error": "AgentError", "message": "The run failed"}),
        ),
        _ => ("end", Value::Null),
    };
    [("metadata", meta), ("values", values), last]
        .into_iter()
        .enumerate()
        .map(|(i, (event, data))| SseEvent {
            id: i as u64 + 1,
            event: event.into(),
            data: data.to_string(),
        })
        .collect()
}

/// The run's SSE events after `after` (an event id), as they come, until the run ends — or, with
/// `cut_after`, until that many were sent: a clean end part-way (a fault for tests).
fn sse(sh: Shared, run_id: String, after: u64, guard: Option<CancelOnDrop>) -> Response {
    let stream = futures_util::stream::unfold(
        (sh, run_id, after as usize, guard),
        |(sh, id, idx, guard)| async move {
            // The next event, or the end (the run gone or over).
            let next = crate::bell::when(&sh.bell, || {
                let st = sh.lock();
                let Some(r) = st.run(&id) else {
                    return Some(None);
                };
                let event = if r.events.is_empty() && !r.live {
                    replayed(r).get(idx).map(frame)
                } else {
                    r.events.get(idx).map(frame)
                };
                match event {
                    Some(out) => Some(Some(out)),
                    None if !r.live => Some(None),
                    None => None,
                }
            })
            .await?;
            Some((Ok::<_, Infallible>(next), (sh, id, idx + 1, guard)))
        },
    );
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "could not stream"))
}

/// `POST /runs/stream`: creates the run and streams it. With `on_disconnect: cancel` (the default),
/// closing the stream cancels the run.
async fn stream_run(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let run_id = start_run(&sh, &bytes, true)?;
    let cancel_on_drop = sh
        .lock()
        .run(&run_id)
        .is_some_and(|r| r.run.request.on_disconnect.as_deref() != Some("continue"));
    let guard = cancel_on_drop.then(|| CancelOnDrop {
        shared: sh.clone(),
        run_id: run_id.clone(),
    });
    Ok(sse(sh, run_id, 0, guard))
}

/// `GET /runs/{id}/stream`: joins a run from its first event, or after the `Last-Event-ID` header's.
async fn join_run(State(sh): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Answer {
    run_of(&sh, &id)?;
    let after = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    Ok(sse(sh, id, after, None))
}

/// `?action=interrupt` (default) stops the run keeping what it did; `rollback` also deletes the run
/// and restores the thread as it was before it. `?wait=true` answers once the run has stopped.
async fn cancel_run(
    State(sh): State<Shared>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Answer {
    let q = query_pairs(&raw);
    let action = query_one(&q, "action").unwrap_or_else(|| "interrupt".into());
    if !["interrupt", "rollback"].contains(&action.as_str()) {
        return Err(invalid(format!(
            "action must be interrupt or rollback, not {action:?}"
        )));
    }
    let wait = match query_one(&q, "wait").as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(other) => {
            return Err(invalid(format!(
                "wait must be true or false, not {other:?}"
            )))
        }
    };
    {
        let mut st = sh.lock();
        let r = st.run_mut(&id).ok_or_else(|| not_found("Run", &id))?;
        if r.live {
            r.cancel = true;
        }
    }
    if wait || action == "rollback" {
        let r = until_done(&sh, &id).await?;
        if action == "rollback" {
            let mut st = sh.lock();
            st.runs.retain(|x| x.run.run_id != id);
            if let Some(t) = r.thread.as_deref().and_then(|t| st.thread_mut(t)) {
                t.history.truncate(r.rollback_to.max(1));
                if let Some(last) = t.history.last().cloned() {
                    t.thread.values = last.values;
                    t.thread.messages = last.messages;
                }
                t.thread.status = "idle".into();
            }
        }
    }
    no_content()
}

// ---------------------------------------------------------------- thread-centric streaming

/// The channels a subscription may name (`custom:<name>` too).
const CHANNELS: [&str; 9] = [
    "values",
    "updates",
    "messages",
    "tools",
    "lifecycle",
    "input",
    "checkpoints",
    "tasks",
    "custom",
];

/// `POST /threads/{id}/stream` (EventStreamRequest): the thread's protocol events on the chosen
/// channels, those after `since` first, then live, until the client closes the connection.
async fn thread_stream(State(sh): State<Shared>, Path(id): Path<String>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let channels: Vec<String> = match m.get("channels") {
        Some(Value::Array(list)) if !list.is_empty() => list
            .iter()
            .map(|c| match c.as_str() {
                Some(c)
                    if CHANNELS.contains(&c)
                        || c.strip_prefix("custom:").is_some_and(|n| !n.is_empty()) =>
                {
                    Ok(c.to_owned())
                }
                _ => Err(invalid(format!("unknown channel {c}"))),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(invalid("channels must be a non-empty list".into())),
    };
    let since = match m.get("since").filter(|v| !v.is_null()) {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid("since must be a non-negative integer".into()))?,
    };
    if sh.lock().thread(&id).is_none() {
        return Err(not_found("Thread", &id));
    }
    let wanted = move |e: &super::store::ProtocolEvent| {
        channels.iter().any(|c| {
            c == e.channel() || (c == "custom" && e.method.starts_with("custom")) || *c == e.method
        })
    };
    // A comment first: the answer's first bytes go out at once (some browsers resolve the fetch, and
    // proxies flush, only on bytes), then the events.
    let opening =
        futures_util::stream::once(async { Ok::<_, Infallible>(": subscribed\n\n".to_owned()) });
    let stream = futures_util::stream::unfold((sh, id, since), move |(sh, id, after)| {
        let wanted = wanted.clone();
        async move {
            let (frame, seq) = crate::bell::when(&sh.bell, || {
                let st = sh.lock();
                // The thread deleted: the stream ends.
                let Some(t) = st.thread(&id) else {
                    return Some(None);
                };
                let next = t
                    .events
                    .iter()
                    .filter(|e| e.seq > after)
                    .find(|e| wanted(e))?;
                let frame = format!(
                    "id: evt_{}\nevent: {}\ndata: {}\n\n",
                    next.seq,
                    next.method,
                    next.envelope()
                );
                Some(Some((frame, next.seq)))
            })
            .await?;
            Some((Ok::<_, Infallible>(frame), (sh, id, seq)))
        }
    });
    Ok(Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(futures_util::StreamExt::chain(
            opening, stream,
        )))
        .unwrap_or_else(|_| error(StatusCode::INTERNAL_SERVER_ERROR, "could not stream")))
}

/// `POST /threads/{id}/commands` (StreamingCommand): `run.start` (a run on the thread; created if
/// missing, as protocol.cddl says) and `input.respond` (the pending interrupt's answer starts the run
/// that resumes it). Answers a StreamingCommandResponse; unknown methods and refusals are its errors.
async fn thread_command(State(sh): State<Shared>, Path(id): Path<String>, bytes: Bytes) -> Answer {
    if !is_uuid(&id) {
        return Err(invalid(format!("thread_id must be a UUID, not {id:?}")));
    }
    let m = body(&bytes)?;
    let cmd_id = m
        .get("id")
        .and_then(Value::as_u64)
        .ok_or_else(|| invalid("id must be a non-negative integer".into()))?;
    let method = opt_string(&m, "method")
        .map_err(invalid)?
        .ok_or_else(|| invalid("method is required".into()))?;
    let params = m.get("params").cloned().unwrap_or(json!({}));
    if !params.is_object() {
        return Err(invalid("params must be an object".into()));
    }
    let refuse = |error: &str, message: String| {
        ok(&json!({"type": "error", "id": cmd_id, "error": error, "message": message}))
    };
    // Either spelling: the spec's camelCase, LangGraph's snake_case.
    let text = |camel: &str, snake: &str| {
        params
            .get(camel)
            .or_else(|| params.get(snake))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let applied = sh.lock().thread(&id).map_or(0, |t| t.events.len() as u64);
    let input = match method.as_str() {
        "run.start" => params.get("input").cloned(),
        "input.respond" => {
            let Some(wanted) = text("interruptId", "interrupt_id") else {
                return refuse("invalid_argument", "interruptId is required".into());
            };
            let pending = sh.lock().thread(&id).and_then(|t| {
                t.thread.values["__interrupt__"][0]["id"]
                    .as_str()
                    .map(str::to_owned)
            });
            if pending.as_deref() != Some(wanted.as_str()) {
                return refuse(
                    "no_such_interrupt",
                    format!("Unknown or already-consumed interrupt: {wanted}"),
                );
            }
            params.get("response").cloned()
        }
        other => {
            return refuse(
                "unknown_command",
                format!("Unknown protocol command: {other}"),
            )
        }
    };
    let req = RunRequest {
        thread_id: Some(id.clone()),
        agent_id: text("assistantId", "assistant_id"),
        input,
        metadata: params.get("metadata").filter(|v| v.is_object()).cloned(),
        config: params.get("config").filter(|v| v.is_object()).cloned(),
        if_not_exists: Some("create".into()),
        ..RunRequest::default()
    };
    match start_run_with(&sh, req) {
        Ok(run_id) => ok(
            &json!({"type": "success", "id": cmd_id, "result": {"runId": run_id},
            "meta": {"appliedThroughSeq": applied}}),
        ),
        Err(resp) if resp.status() == StatusCode::CONFLICT => {
            refuse("conflict", format!("Thread {id} has a run going"))
        }
        Err(resp) => Err(resp),
    }
}

// ---------------------------------------------------------------- store

fn namespace(m: &Map<String, Value>, key: &str) -> Result<Option<Vec<String>>, Invalid> {
    match m.get(key).filter(|v| !v.is_null()) {
        None => Ok(None),
        Some(Value::Array(a)) => a
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{key} must be a list of strings"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(format!("{key} must be a list of strings")),
    }
}

async fn put_item(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let ns = namespace(&m, "namespace")
        .map_err(invalid)?
        .ok_or_else(|| invalid("namespace is required".into()))?;
    let key = opt_string(&m, "key")
        .map_err(invalid)?
        .ok_or_else(|| invalid("key is required".into()))?;
    let value = opt_object(&m, "value")
        .map_err(invalid)?
        .ok_or_else(|| invalid("value is required (an object)".into()))?;
    let at = rfc3339(now_micros());
    let mut st = sh.lock();
    match st
        .items
        .iter_mut()
        .find(|i| i.namespace == ns && i.key == key)
    {
        Some(item) => {
            item.value = value;
            item.updated_at = at;
        }
        None => st.items.push(Item {
            namespace: ns,
            key,
            value,
            created_at: at.clone(),
            updated_at: at,
        }),
    }
    no_content()
}

/// `GET /store/items?key=K&namespace=a&namespace=b` (the namespace's parts, repeated).
async fn get_item(State(sh): State<Shared>, RawQuery(raw): RawQuery) -> Answer {
    let q = query_pairs(&raw);
    let key = query_one(&q, "key")
        .filter(|k| !k.is_empty())
        .ok_or_else(|| error(StatusCode::BAD_REQUEST, "key is required"))?;
    let ns: Vec<String> = q
        .iter()
        .filter(|(k, _)| k == "namespace")
        .map(|(_, v)| v.clone())
        .collect();
    let st = sh.lock();
    let item = st
        .items
        .iter()
        .find(|i| i.namespace == ns && i.key == key)
        .ok_or_else(|| not_found("Item", &format!("{}/{key}", ns.join("."))))?;
    ok(item)
}

async fn delete_item(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let ns = namespace(&m, "namespace")
        .map_err(invalid)?
        .unwrap_or_default();
    let key = opt_string(&m, "key")
        .map_err(invalid)?
        .ok_or_else(|| invalid("key is required".into()))?;
    let mut st = sh.lock();
    let before = st.items.len();
    st.items.retain(|i| !(i.namespace == ns && i.key == key));
    if st.items.len() == before {
        return Err(not_found("Item", &format!("{}/{key}", ns.join("."))));
    }
    no_content()
}

async fn search_items(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let prefix = namespace(&m, "namespace_prefix")
        .map_err(invalid)?
        .unwrap_or_default();
    let filter = opt_object(&m, "filter").map_err(invalid)?;
    let (limit, offset) = limit_offset(&m, 10).map_err(invalid)?;
    let st = sh.lock();
    let items = st
        .items
        .iter()
        .filter(|i| i.namespace.starts_with(&prefix))
        .filter(|i| contains_all(&i.value, &filter))
        .cloned();
    ok(&json!({ "items": page(items, limit, offset) }))
}

async fn list_namespaces(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let m = body(&bytes)?;
    let prefix = namespace(&m, "prefix")
        .map_err(invalid)?
        .unwrap_or_default();
    let suffix = namespace(&m, "suffix")
        .map_err(invalid)?
        .unwrap_or_default();
    let max_depth = match m.get("max_depth").filter(|v| !v.is_null()) {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| invalid("max_depth must be a non-negative integer".into()))?
                as usize,
        ),
    };
    let (limit, offset) = limit_offset(&m, 100).map_err(invalid)?;
    let st = sh.lock();
    let mut spaces: Vec<Vec<String>> = st
        .items
        .iter()
        .filter(|i| i.namespace.starts_with(&prefix) && i.namespace.ends_with(&suffix))
        .map(|i| match max_depth {
            Some(d) => i.namespace.iter().take(d).cloned().collect(),
            None => i.namespace.clone(),
        })
        .collect();
    spaces.sort();
    spaces.dedup();
    ok(&page(spaces.into_iter(), limit, offset))
}
