//! The OpenAI-compatible Responses API (`/v1/responses`, `/v1/conversations`, `/v1/models`), as
//! OpenAI's published OpenAPI description (github.com/openai/openai-openapi) has it: no server of
//! that API with a scripted model runs here, so this one stands in. Its answers are checked against
//! that description's schemas (`tests/responses.rs`, `tests/openai-responses-openapi.json`). One
//! extension, which servers such as Microsoft's Agent Framework DevUI have too: `GET /v1/conversations`
//! lists conversations (OpenAI's own API has no list).
//!
//! Under `/chain/v1` the same API without conversations (their routes answer 404): a server where
//! a thread can only be a chain of `previous_response_id`, as many self-hosted Responses servers
//! are. Its memory is its own.
//!
//! The scripted model (`store::generate`): `call <name> <words>` → a function call for the caller
//! to answer; an answer → "The tool said: …"; `fail…` → a failed response; `incomplete…` → stopped
//! at the token limit; `… long story …` → 120 words 40 ms apart; anything else → a reasoning summary
//! and "Quartz echo: <text> — seven amber herons crossed the fjord at dawn.", word by word.

// Handlers answer `Result<Response, Response>`, as axum's own `IntoResponse` pairs do.
#![allow(clippy::result_large_err)]

pub mod store;

use crate::yandex::Credentials;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use store::{now, Conversation, Shared, StoredResponse, MODELS};

type Answer = Result<Response, Response>;
type Q = Query<HashMap<String, String>>;

/// An OpenAI error answer: `{"error": {"message", "type", "param", "code"}}`.
pub fn error(
    status: StatusCode,
    kind: &str,
    code: Option<&str>,
    message: impl Into<String>,
) -> Response {
    (
        status,
        Json(json!({"error": {"message": message.into(), "type": kind, "param": Value::Null, "code": code}})),
    )
        .into_response()
}

fn not_found(what: &str, id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "invalid_request_error",
        None,
        format!("{what} with id '{id}' not found."),
    )
}

fn bad(message: impl Into<String>, code: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        Some(code),
        message,
    )
}

/// `/v1/…` with conversations, and `/chain/v1/…` without.
pub fn router(creds: Credentials) -> Router {
    let with = api(true)
        .route(
            "/v1/conversations",
            get(list_conversations).post(create_conversation),
        )
        .route(
            "/v1/conversations/{id}",
            get(get_conversation)
                .post(update_conversation)
                .delete(delete_conversation),
        )
        .route("/v1/conversations/{id}/items", get(list_items));
    let auth = axum::middleware::from_fn_with_state(Arc::new(creds), require_auth);
    with.with_state(Shared::default())
        .nest(
            "/chain",
            api(false).with_state(Shared::default()).layer(auth.clone()),
        )
        .layer(auth)
}

/// Models and responses: what both servers have.
fn api(conversations: bool) -> Router<Shared> {
    let create = move |sh: State<Shared>, bytes: Bytes| create_response(sh, bytes, conversations);
    Router::new()
        .route("/v1/models", get(list_models))
        .route("/v1/models/{id}", get(get_model))
        .route("/v1/responses", post(create))
        .route("/v1/responses/{id}", get(get_response))
        .route("/v1/responses/{id}/cancel", post(cancel_response))
        .route("/v1/responses/{id}/input_items", get(input_items))
}

/// `Authorization: Bearer <key>` (OpenAI's way) or `Api-Key <key>` (Yandex's): the demo key or the
/// demo IAM token. Anything else is OpenAI's 401.
async fn require_auth(State(creds): State<Arc<Credentials>>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let ok = [
        format!("Bearer {}", creds.api_key),
        format!("Api-Key {}", creds.api_key),
        format!("Bearer {}", creds.iam_token),
    ]
    .iter()
    .any(|h| h == given);
    if ok {
        return next.run(req).await;
    }
    let message = if given.is_empty() {
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
    } else {
        "Incorrect API key provided."
    };
    error(
        StatusCode::UNAUTHORIZED,
        "invalid_request_error",
        Some("invalid_api_key"),
        message,
    )
}

fn model_object(id: &str) -> Value {
    json!({"id": id, "object": "model", "created": 1_767_225_600, "owned_by": "agent-console"})
}

async fn list_models() -> Json<Value> {
    Json(
        json!({"object": "list", "data": MODELS.iter().map(|m| model_object(m)).collect::<Vec<_>>()}),
    )
}

async fn get_model(Path(id): Path<String>) -> Answer {
    MODELS
        .contains(&id.as_str())
        .then(|| Json(model_object(&id)).into_response())
        .ok_or_else(|| not_found("Model", &id))
}

fn conversation_object(c: &Conversation) -> Value {
    json!({"id": c.id, "object": "conversation", "created_at": c.created_at, "metadata": c.metadata})
}

/// A body's JSON object (an empty body is `{}`).
fn body_object(bytes: &Bytes) -> Result<Map<String, Value>, Response> {
    if bytes.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(bad(
            "We could not parse the JSON body of your request.",
            "invalid_json",
        )),
    }
}

/// Metadata: at most 16 pairs of strings (keys ≤ 64 characters, values ≤ 512).
fn metadata_of(body: &Map<String, Value>) -> Result<Map<String, Value>, Response> {
    let m = match body.get("metadata") {
        None | Some(Value::Null) => return Ok(Map::new()),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            return Err(bad(
                "Invalid type for 'metadata': expected an object.",
                "invalid_type",
            ))
        }
    };
    if m.len() > 16
        || m.iter().any(|(k, v)| {
            k.chars().count() > 64 || v.as_str().is_none_or(|s| s.chars().count() > 512)
        })
    {
        return Err(bad("Invalid 'metadata': at most 16 pairs of strings (keys up to 64 characters, values up to 512).", "invalid_value"));
    }
    Ok(m)
}

async fn create_conversation(State(sh): State<Shared>, bytes: Bytes) -> Answer {
    let body = body_object(&bytes)?;
    let metadata = metadata_of(&body)?;
    let mut st = sh.lock();
    let id = st.id("conv");
    let c = Conversation {
        id,
        created_at: now(),
        metadata,
        items: Vec::new(),
    };
    let out = conversation_object(&c);
    st.conversations.push(c);
    Ok(Json(out).into_response())
}

async fn get_conversation(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let mut st = sh.lock();
    let c = st
        .conversation(&id)
        .ok_or_else(|| not_found("Conversation", &id))?;
    Ok(Json(conversation_object(c)).into_response())
}

async fn update_conversation(
    State(sh): State<Shared>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Answer {
    let body = body_object(&bytes)?;
    let metadata = metadata_of(&body)?;
    let mut st = sh.lock();
    let c = st
        .conversation(&id)
        .ok_or_else(|| not_found("Conversation", &id))?;
    c.metadata = metadata;
    Ok(Json(conversation_object(c)).into_response())
}

async fn delete_conversation(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let mut st = sh.lock();
    let before = st.conversations.len();
    st.conversations.retain(|c| c.id != id);
    if st.conversations.len() == before {
        return Err(not_found("Conversation", &id));
    }
    Ok(Json(json!({"id": id, "object": "conversation.deleted", "deleted": true})).into_response())
}

fn limit_of(q: &HashMap<String, String>) -> Result<usize, Response> {
    match q.get("limit") {
        None => Ok(20),
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                bad(
                    "Invalid 'limit': an integer from 1 to 100.",
                    "invalid_value",
                )
            }),
    }
}

/// A list page of `items` (in the order asked) after the item `after`.
fn list_page(items: Vec<Value>, q: &HashMap<String, String>) -> Answer {
    let limit = limit_of(q)?;
    let start = match q.get("after") {
        None => 0,
        Some(a) => {
            items
                .iter()
                .position(|i| i["id"].as_str() == Some(a))
                .ok_or_else(|| bad(format!("Invalid 'after': no item '{a}'."), "invalid_value"))?
                + 1
        }
    };
    let page: Vec<Value> = items.iter().skip(start).take(limit).cloned().collect();
    let has_more = items.len() > start + page.len();
    // The description has both ids as strings, also for an empty page.
    let id_at = |v: Option<&Value>| {
        v.and_then(|i| i["id"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Json(json!({
        "object": "list",
        "data": page,
        "first_id": id_at(page.first()),
        "last_id": id_at(page.last()),
        "has_more": has_more,
    }))
    .into_response())
}

fn ordered(mut items: Vec<Value>, q: &HashMap<String, String>) -> Result<Vec<Value>, Response> {
    match q.get("order").map(String::as_str) {
        None | Some("desc") => {
            items.reverse();
            Ok(items)
        }
        Some("asc") => Ok(items),
        Some(o) => Err(bad(
            format!("Invalid 'order': '{o}' (asc or desc)."),
            "invalid_value",
        )),
    }
}

async fn list_conversations(State(sh): State<Shared>, Query(q): Q) -> Answer {
    let all: Vec<Value> = sh
        .lock()
        .conversations
        .iter()
        .map(conversation_object)
        .collect();
    list_page(ordered(all, &q)?, &q)
}

async fn list_items(State(sh): State<Shared>, Path(id): Path<String>, Query(q): Q) -> Answer {
    let items = {
        let mut st = sh.lock();
        st.conversation(&id)
            .ok_or_else(|| not_found("Conversation", &id))?
            .items
            .clone()
    };
    list_page(ordered(items, &q)?, &q)
}

/// `input` as items: a string is one user message; items get ids (and message items a status).
fn items_of_input(st: &mut store::State, input: &Value) -> Result<Vec<Value>, Response> {
    let list = match input {
        Value::String(s) => vec![
            json!({"type": "message", "role": "user", "content": [{"type": "input_text", "text": s}]}),
        ],
        Value::Array(a) if !a.is_empty() => a.clone(),
        _ => {
            return Err(bad(
                "Missing required parameter: 'input'.",
                "missing_required_parameter",
            ))
        }
    };
    let mut out = Vec::new();
    for mut item in list {
        let kind = item
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("message")
            .to_owned();
        item["type"] = json!(kind);
        match kind.as_str() {
            "message" => {
                if let Value::String(s) = item["content"].clone() {
                    item["content"] = json!([{"type": "input_text", "text": s}]);
                }
                if item.get("id").is_none() {
                    item["id"] = json!(st.id("msg"));
                }
                item["status"] = json!("completed");
            }
            "function_call_output" => {
                if !item["call_id"].is_string() {
                    return Err(bad(
                        "Missing required parameter: 'input[].call_id'.",
                        "missing_required_parameter",
                    ));
                }
                if item.get("id").is_none() {
                    item["id"] = json!(st.id("fco"));
                }
                item["status"] = json!("completed");
            }
            other => {
                return Err(bad(
                    format!(
                    "Invalid value for 'input[].type': '{other}' is not supported by this server."
                ),
                    "invalid_value",
                ))
            }
        }
        out.push(item);
    }
    Ok(out)
}

fn response_object(
    id: &str,
    body: &Map<String, Value>,
    conversation: Option<&str>,
    background: bool,
    metadata: Map<String, Value>,
) -> Value {
    json!({
        "id": id,
        "object": "response",
        "created_at": now(),
        "status": if background { "queued" } else { "in_progress" },
        "background": background,
        "error": null,
        "incomplete_details": null,
        "instructions": body.get("instructions").cloned().unwrap_or(Value::Null),
        "max_output_tokens": body.get("max_output_tokens").cloned().unwrap_or(Value::Null),
        "model": body.get("model").cloned().unwrap_or(Value::Null),
        "output": [],
        "parallel_tool_calls": true,
        "previous_response_id": body.get("previous_response_id").cloned().unwrap_or(Value::Null),
        "conversation": conversation.map(|c| json!({"id": c})),
        "store": true,
        "temperature": body.get("temperature").cloned().unwrap_or(json!(1.0)),
        "top_p": 1.0,
        "tool_choice": "auto",
        "tools": [],
        "metadata": metadata,
    })
}

/// The calls of a response nobody has answered in `input`: OpenAI refuses to go on without them.
fn unanswered_call(previous: &Value, input: &[Value]) -> Option<String> {
    previous["output"]
        .as_array()?
        .iter()
        .filter(|o| o["type"] == "function_call")
        .filter_map(|o| o["call_id"].as_str())
        .find(|call| {
            !input
                .iter()
                .any(|i| i["type"] == "function_call_output" && i["call_id"].as_str() == Some(call))
        })
        .map(str::to_owned)
}

async fn create_response(State(sh): State<Shared>, bytes: Bytes, conversations: bool) -> Answer {
    let body = body_object(&bytes)?;
    let metadata = metadata_of(&body)?;
    let model = match body.get("model") {
        Some(Value::String(m)) => m.clone(),
        _ => {
            return Err(bad(
                "Missing required parameter: 'model'.",
                "missing_required_parameter",
            ))
        }
    };
    if !MODELS.contains(&model.as_str()) {
        return Err(bad(
            format!("The requested model '{model}' does not exist."),
            "model_not_found",
        ));
    }
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let background = body
        .get("background")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let conversation = match body.get("conversation") {
        None | Some(Value::Null) => None,
        Some(Value::String(c)) => Some(c.clone()),
        Some(v) => v.get("id").and_then(Value::as_str).map(str::to_owned),
    };
    if conversation.is_some() && !conversations {
        return Err(bad(
            "Unknown parameter: 'conversation'.",
            "unknown_parameter",
        ));
    }
    let previous = match body.get("previous_response_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p.clone()),
        Some(_) => {
            return Err(bad(
                "Invalid type for 'previous_response_id': expected a string.",
                "invalid_type",
            ))
        }
    };
    if previous.is_some() && conversation.is_some() {
        return Err(bad("Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.", "mutually_exclusive_parameters"));
    }
    let rid = {
        let mut st = sh.lock();
        if let Some(c) = &conversation {
            if st.conversation(c).is_none() {
                return Err(not_found("Conversation", c));
            }
        }
        let input = items_of_input(&mut st, body.get("input").unwrap_or(&Value::Null))?;
        if let Some(p) = &previous {
            let before = st
                .response(p)
                .ok_or_else(|| not_found("Previous response", p))?;
            if let Some(call) = unanswered_call(&before.object, &input) {
                return Err(bad(
                    format!("No tool output found for function call {call}."),
                    "invalid_request",
                ));
            }
        }
        if let Some(c) = conversation.as_deref().and_then(|c| st.conversation(c)) {
            c.items.extend(input.iter().cloned());
        }
        let rid = st.id("resp");
        let object = response_object(&rid, &body, conversation.as_deref(), background, metadata);
        st.responses.push(StoredResponse {
            object,
            events: Vec::new(),
            live: true,
            input,
        });
        rid
    };
    tokio::spawn(store::generate(sh.clone(), rid.clone()));
    if stream {
        return Ok(sse(sh, rid, 0));
    }
    if !background {
        // Answered when done.
        crate::bell::when(&sh.bell, || {
            let mut st = sh.lock();
            st.response(&rid).is_none_or(|r| !r.live).then_some(())
        })
        .await;
    }
    let object = sh
        .lock()
        .response(&rid)
        .map(|r| r.object.clone())
        .unwrap_or(Value::Null);
    Ok(Json(object).into_response())
}

/// Server-sent events of a response from event `next`, as they come, until its last.
fn sse(sh: Shared, rid: String, next: usize) -> Response {
    let stream = futures_util::stream::unfold((sh, rid, next), |(sh, rid, next)| async move {
        let events = sh.events_after(&rid, next).await?;
        let n = events.len();
        let text: String = events
            .iter()
            .map(|e| {
                format!(
                    "event: {}\ndata: {}\n\n",
                    e["type"].as_str().unwrap_or("message"),
                    e
                )
            })
            .collect();
        Some((Ok::<_, Infallible>(text), (sh, rid, next + n)))
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "text/event-stream")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| {
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "server_error",
                None,
                "could not stream",
            )
        })
}

/// `GET /v1/responses/{id}`; with `stream=true` its events again (after `starting_after`), for a
/// background response only, as OpenAI has it.
async fn get_response(State(sh): State<Shared>, Path(id): Path<String>, Query(q): Q) -> Answer {
    let (object, background) = {
        let mut st = sh.lock();
        let r = st.response(&id).ok_or_else(|| not_found("Response", &id))?;
        (r.object.clone(), r.object["background"] == true)
    };
    if q.get("stream").map(String::as_str) != Some("true") {
        return Ok(Json(object).into_response());
    }
    if !background {
        return Err(bad(
            "This response cannot be streamed because it was not created with background=true.",
            "invalid_request",
        ));
    }
    let next = match q.get("starting_after") {
        None => 0,
        Some(s) => {
            s.parse::<usize>().map_err(|_| {
                bad(
                    "Invalid 'starting_after': a non-negative integer.",
                    "invalid_value",
                )
            })? + 1
        }
    };
    Ok(sse(sh, id, next))
}

/// Cancels a background response; its stream ends there. Others cannot be cancelled.
async fn cancel_response(State(sh): State<Shared>, Path(id): Path<String>) -> Answer {
    let object = {
        let mut st = sh.lock();
        let r = st.response(&id).ok_or_else(|| not_found("Response", &id))?;
        if r.object["background"] != true {
            return Err(bad(
                "Only responses created with background=true can be cancelled.",
                "invalid_request",
            ));
        }
        if matches!(r.object["status"].as_str(), Some("queued" | "in_progress")) {
            r.object["status"] = json!("cancelled");
            r.live = false;
        }
        r.object.clone()
    };
    sh.bell.notify_waiters();
    Ok(Json(object).into_response())
}

async fn input_items(State(sh): State<Shared>, Path(id): Path<String>, Query(q): Q) -> Answer {
    let items = {
        let mut st = sh.lock();
        st.response(&id)
            .ok_or_else(|| not_found("Response", &id))?
            .input
            .clone()
    };
    list_page(ordered(items, &q)?, &q)
}
