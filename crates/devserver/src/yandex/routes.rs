//! The REST routes under `/assistants/v1`, answering as the contract says the real server does.
// Handlers answer errors as ready responses (axum's way); their size does not matter here.
#![allow(clippy::result_large_err)]

use super::model::*;
use super::store::{play_run, RunRecord, Shared};
use crate::time::{now_micros, rfc3339};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::convert::Infallible;

type Q = Query<HashMap<String, String>>;
type Answer = Result<Response, Response>;

pub fn routes(shared: Shared) -> Router {
    Router::new()
        .route("/assistants/v1/runs", get(list_runs).post(create_run))
        // Before /runs/{runId}, as the contract notes.
        .route("/assistants/v1/runs/listen", get(listen))
        .route("/assistants/v1/runs:getByThread", get(last_run_by_thread))
        .route("/assistants/v1/runs/{run_id}", get(get_run))
        .route(
            "/assistants/v1/threads",
            get(list_threads).post(create_thread),
        )
        .route(
            "/assistants/v1/threads/{thread_id}",
            get(get_thread).patch(update_thread).delete(delete_thread),
        )
        .route(
            "/assistants/v1/messages",
            get(list_messages).post(create_message),
        )
        .route("/assistants/v1/messages/{message_id}", get(get_message))
        .route("/assistants/v1/assistants", get(list_assistants))
        .route(
            "/assistants/v1/assistants/{assistant_id}",
            get(get_assistant),
        )
        .with_state(shared)
}

/// A `google.rpc.Status` answer; the HTTP status follows the gRPC code.
pub fn rpc_error(code: i32, message: impl Into<String>) -> Response {
    let http = match code {
        3 => StatusCode::BAD_REQUEST,
        5 => StatusCode::NOT_FOUND,
        6 => StatusCode::CONFLICT,
        7 => StatusCode::FORBIDDEN,
        8 => StatusCode::TOO_MANY_REQUESTS,
        14 => StatusCode::SERVICE_UNAVAILABLE,
        16 => StatusCode::UNAUTHORIZED,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let body = Status {
        code,
        message: message.into(),
        details: Vec::new(),
    };
    (http, Json(body)).into_response()
}

fn ok<T: Serialize>(v: &T) -> Answer {
    Ok(Json(v).into_response())
}

fn required<'a>(q: &'a HashMap<String, String>, key: &str) -> Result<&'a str, Response> {
    q.get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| rpc_error(3, format!("{key} is required")))
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    String::from_utf8(bytes?).ok()
}

/// One page of `items` (newest first) after `pageToken`, and the token of the next page: present on
/// every non-empty page (opaque: `created_at@id` of its last item), empty on an empty page. Without
/// `pageSize`, everything (and still a token), as observed.
fn page<T: Clone>(
    items: Vec<T>,
    key: impl Fn(&T) -> (String, String),
    q: &HashMap<String, String>,
) -> Result<(Vec<T>, String), Response> {
    let size = match q.get("pageSize").map(|s| s.parse::<usize>()) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Err(rpc_error(3, "pageSize must be a non-negative integer")),
    };
    let start = match q.get("pageToken").filter(|t| !t.is_empty()) {
        None => 0,
        Some(t) => {
            let id = unhex(t)
                .and_then(|k| k.split_once('@').map(|(_, id)| id.to_owned()))
                .ok_or_else(|| rpc_error(3, "invalid page token"))?;
            match items.iter().position(|x| key(x).1 == id) {
                Some(p) => p + 1,
                None => items.len(),
            }
        }
    };
    let rest: Vec<T> = items.into_iter().skip(start).collect();
    let taken: Vec<T> = if size == 0 {
        rest
    } else {
        rest.into_iter().take(size.min(1000)).collect()
    };
    let token = taken
        .last()
        .map(|x| {
            let (at, id) = key(x);
            hex(&format!("{at}@{id}"))
        })
        .unwrap_or_default();
    Ok((taken, token))
}

fn newest_first<T>(mut v: Vec<T>, key: impl Fn(&T) -> (String, String)) -> Vec<T> {
    v.sort_by_key(|x| std::cmp::Reverse(key(x)));
    v
}

fn run_key(r: &Run) -> (String, String) {
    (r.created_at.clone(), r.id.clone())
}

async fn list_runs(State(sh): State<Shared>, Query(q): Q) -> Answer {
    let folder = required(&q, "folderId")?;
    let runs: Vec<Run> = {
        let st = sh.lock();
        st.runs
            .iter()
            // A run belongs to the folder of its assistant.
            .filter(|r| {
                st.assistants
                    .iter()
                    .any(|a| a.id == r.run.assistant_id && a.folder_id == folder)
            })
            .map(|r| r.run.clone())
            .collect()
    };
    let (runs, token) = page(newest_first(runs, run_key), run_key, &q)?;
    ok(&json!({ "runs": runs, "next_page_token": token }))
}

async fn get_run(State(sh): State<Shared>, Path(run_id): Path<String>) -> Answer {
    let st = sh.lock();
    match st.runs.iter().find(|r| r.run.id == run_id) {
        Some(r) => ok(&r.run),
        None => Err(rpc_error(5, format!("Run {run_id} not found"))),
    }
}

async fn last_run_by_thread(State(sh): State<Shared>, Query(q): Q) -> Answer {
    let thread = required(&q, "threadId")?;
    let st = sh.lock();
    st.runs
        .iter()
        .filter(|r| r.run.thread_id == thread)
        .max_by_key(|r| run_key(&r.run))
        .map(|r| ok(&r.run))
        .unwrap_or_else(|| Err(rpc_error(5, format!("No runs in thread {thread}"))))
}

fn int64_string(v: &Option<Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn author_role(a: &Option<AuthorIn>) -> String {
    a.as_ref()
        .map(|a| a.role.to_uppercase())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "USER".into())
}

async fn create_run(State(sh): State<Shared>, body: axum::body::Bytes) -> Answer {
    let req: CreateRun = serde_json::from_slice(&body)
        .map_err(|e| rpc_error(3, format!("invalid request body: {e}")))?;
    if req.assistant_id.is_empty() {
        return Err(rpc_error(3, "assistantId is required"));
    }
    if req.thread_id.is_empty() {
        return Err(rpc_error(3, "threadId is required"));
    }
    let run = {
        let mut st = sh.lock();
        if !st.assistants.iter().any(|a| a.id == req.assistant_id) {
            return Err(rpc_error(
                5,
                format!("Assistant {} not found", req.assistant_id),
            ));
        }
        if !st.threads.iter().any(|t| t.id == req.thread_id) {
            return Err(rpc_error(5, format!("Thread {} not found", req.thread_id)));
        }
        let now = rfc3339(now_micros());
        for m in &req.additional_messages {
            let text = m.content.as_ref().map(ContentIn::text).unwrap_or_default();
            st.push_message(&req.thread_id, &author_role(&m.author), &text, &now);
        }
        let run = Run {
            id: st.new_id("fvt"),
            assistant_id: req.assistant_id.clone(),
            thread_id: req.thread_id.clone(),
            created_by: super::store::DEMO_USER.into(),
            created_at: now,
            labels: req.labels.clone(),
            state: RunState::status("PENDING"),
            usage: None,
            custom_prompt_truncation_options: req.custom_prompt_truncation_options.as_ref().map(
                |o| TruncationOptions {
                    max_prompt_tokens: int64_string(&o.max_prompt_tokens),
                    auto_strategy: None,
                    last_messages_strategy: None,
                },
            ),
            custom_completion_options: req.custom_completion_options.as_ref().map(|o| {
                CompletionOptions {
                    max_tokens: int64_string(&o.max_tokens),
                    temperature: o.temperature,
                }
            }),
            tools: Vec::new(),
        };
        st.runs.push(RunRecord {
            run: run.clone(),
            events: Vec::new(),
            live: true,
        });
        run
    };
    tokio::spawn(play_run(sh.clone(), run.id.clone(), req.stream));
    ok(&run)
}

fn line(result: &impl Serialize) -> String {
    let mut s = serde_json::to_string(&json!({ "result": result })).unwrap_or_default();
    s.push('\n');
    s
}

fn ndjson(
    lines: impl futures_util::Stream<Item = Result<String, Infallible>> + Send + 'static,
) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(lines))
        .unwrap_or_else(|_| rpc_error(13, "could not build the stream"))
}

/// `Run.Listen`: newline-delimited `{"result": StreamEvent}` from `eventsStartIdx`, as they happen,
/// until the run's last event. A run already finished gives one line: its last event.
async fn listen(State(sh): State<Shared>, Query(q): Q) -> Answer {
    let run_id = required(&q, "runId")?.to_owned();
    let start = match q.get("eventsStartIdx").filter(|s| !s.is_empty()) {
        None => 0,
        Some(s) => s
            .parse::<usize>()
            .map_err(|_| rpc_error(3, "eventsStartIdx must be a non-negative integer"))?,
    };
    let finished: Option<Vec<String>> = {
        let st = sh.lock();
        let r = st
            .runs
            .iter()
            .find(|r| r.run.id == run_id)
            .ok_or_else(|| rpc_error(5, format!("Run {run_id} not found")))?;
        (!r.live).then(|| r.events.last().map(line).into_iter().collect())
    };
    if let Some(lines) = finished {
        return Ok(ndjson(futures_util::stream::iter(
            lines.into_iter().map(Ok),
        )));
    }
    let stream = futures_util::stream::unfold((sh, run_id, start), |(sh, id, idx)| async move {
        // The next event, or the end (the run gone or over).
        let out = crate::bell::when(&sh.bell, || {
            let st = sh.lock();
            let Some(r) = st.runs.iter().find(|r| r.run.id == id) else {
                return Some(None);
            };
            match r.events.get(idx) {
                Some(ev) => Some(Some(line(ev))),
                None if !r.live => Some(None),
                None => None,
            }
        })
        .await?;
        Some((Ok(out), (sh, id, idx + 1)))
    });
    Ok(ndjson(stream))
}

fn thread_key(t: &Thread) -> (String, String) {
    (t.created_at.clone(), t.id.clone())
}

async fn list_threads(State(sh): State<Shared>, Query(q): Q) -> Answer {
    let folder = required(&q, "folderId")?;
    let threads: Vec<Thread> = sh
        .lock()
        .threads
        .iter()
        .filter(|t| t.folder_id == folder)
        .cloned()
        .collect();
    let (threads, token) = page(newest_first(threads, thread_key), thread_key, &q)?;
    ok(&json!({ "threads": threads, "next_page_token": token }))
}

async fn get_thread(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    match sh.lock().threads.iter().find(|t| t.id == id) {
        Some(t) => ok(t),
        None => Err(rpc_error(5, format!("Thread {id} not found"))),
    }
}

async fn create_thread(State(sh): State<Shared>, body: axum::body::Bytes) -> Answer {
    let req: CreateThread = serde_json::from_slice(&body)
        .map_err(|e| rpc_error(3, format!("invalid request body: {e}")))?;
    if req.folder_id.is_empty() {
        return Err(rpc_error(3, "folderId is required"));
    }
    let mut st = sh.lock();
    let now = rfc3339(now_micros());
    let id = st.new_id("fvt");
    let expires = rfc3339(now_micros() + 7 * 86_400_000_000);
    let thread = Thread {
        id: id.clone(),
        folder_id: req.folder_id,
        name: req.name,
        description: req.description,
        default_message_author_id: req.default_message_author_id,
        created_by: super::store::DEMO_USER.into(),
        created_at: now.clone(),
        updated_by: super::store::DEMO_USER.into(),
        updated_at: now.clone(),
        expiration_config: ExpirationConfig {
            expiration_policy: "SINCE_LAST_ACTIVE".into(),
            ttl_days: "7".into(),
        },
        expires_at: expires,
        labels: req.labels,
    };
    st.threads.push(thread.clone());
    for m in &req.messages {
        let text = m.content.as_ref().map(ContentIn::text).unwrap_or_default();
        st.push_message(&id, &author_role(&m.author), &text, &now);
    }
    ok(&thread)
}

async fn update_thread(
    State(sh): State<Shared>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Answer {
    let req: UpdateThread = serde_json::from_slice(&body)
        .map_err(|e| rpc_error(3, format!("invalid request body: {e}")))?;
    let mut st = sh.lock();
    let t = st
        .threads
        .iter_mut()
        .find(|t| t.id == id)
        .ok_or_else(|| rpc_error(5, format!("Thread {id} not found")))?;
    for field in req.update_mask.split(',').map(str::trim) {
        match field {
            "name" => t.name = req.name.clone(),
            "description" => t.description = req.description.clone(),
            "labels" => t.labels = req.labels.clone(),
            "" => {}
            other => return Err(rpc_error(3, format!("cannot update field {other:?}"))),
        }
    }
    t.updated_at = rfc3339(now_micros());
    ok(&t.clone())
}

async fn delete_thread(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let mut st = sh.lock();
    let before = st.threads.len();
    st.threads.retain(|t| t.id != id);
    if st.threads.len() == before {
        return Err(rpc_error(5, format!("Thread {id} not found")));
    }
    st.messages.retain(|m| m.thread_id != id);
    ok(&json!({}))
}

async fn create_message(State(sh): State<Shared>, body: axum::body::Bytes) -> Answer {
    let req: CreateMessage = serde_json::from_slice(&body)
        .map_err(|e| rpc_error(3, format!("invalid request body: {e}")))?;
    let text = req
        .content
        .as_ref()
        .map(ContentIn::text)
        .unwrap_or_default();
    if req.thread_id.is_empty() {
        return Err(rpc_error(3, "threadId is required"));
    }
    if req.content.is_none() {
        return Err(rpc_error(3, "content is required"));
    }
    let mut st = sh.lock();
    if !st.threads.iter().any(|t| t.id == req.thread_id) {
        return Err(rpc_error(5, format!("Thread {} not found", req.thread_id)));
    }
    let mut m = st.push_message(
        &req.thread_id,
        &author_role(&req.author),
        &text,
        &rfc3339(now_micros()),
    );
    if !req.labels.is_empty() {
        m.labels = req.labels.clone();
        if let Some(stored) = st.messages.iter_mut().find(|x| x.id == m.id) {
            stored.labels = req.labels;
        }
    }
    ok(&m)
}

async fn get_message(State(sh): State<Shared>, Path(id): Path<String>, Query(q): Q) -> Answer {
    let thread = required(&q, "threadId")?;
    match sh
        .lock()
        .messages
        .iter()
        .find(|m| m.id == id && m.thread_id == thread)
    {
        Some(m) => ok(m),
        None => Err(rpc_error(5, format!("Message {id} not found"))),
    }
}

/// `Message.List`: a stream of `{"result": Message}` lines, newest first, no paging.
async fn list_messages(State(sh): State<Shared>, Query(q): Q) -> Answer {
    let thread = required(&q, "threadId")?;
    let lines: Vec<String> = {
        let st = sh.lock();
        if !st.threads.iter().any(|t| t.id == thread) {
            return Err(rpc_error(5, format!("Thread {thread} not found")));
        }
        st.messages
            .iter()
            .rev()
            .filter(|m| m.thread_id == thread)
            .map(line)
            .collect()
    };
    Ok(ndjson(futures_util::stream::iter(
        lines.into_iter().map(Ok),
    )))
}

fn assistant_key(a: &Assistant) -> (String, String) {
    (a.created_at.clone(), a.id.clone())
}

async fn list_assistants(State(sh): State<Shared>, Query(q): Q) -> Answer {
    let folder = required(&q, "folderId")?;
    let list: Vec<Assistant> = sh
        .lock()
        .assistants
        .iter()
        .filter(|a| a.folder_id == folder)
        .cloned()
        .collect();
    let (list, token) = page(newest_first(list, assistant_key), assistant_key, &q)?;
    ok(&json!({ "assistants": list, "next_page_token": token }))
}

async fn get_assistant(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    match sh.lock().assistants.iter().find(|a| a.id == id) {
        Some(a) => ok(a),
        None => Err(rpc_error(5, format!("Assistant {id} not found"))),
    }
}
